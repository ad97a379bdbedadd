import { afterEach } from "vitest";

/**
 * `open` for one test file (call it at the file's top level): whatever a test opens with it is
 * closed after that test, in the order opened, so a test needs no variable or hook of its own.
 */
export function closedAfterEach<
  A extends unknown[],
  F extends {
    /** Called once after the test that opened it. */
    close(): Promise<void>;
  },
>(open: (...args: A) => Promise<F>): (...args: A) => Promise<F> {
  const opened: F[] = [];
  afterEach(async () => {
    for (const f of opened.splice(0)) await f.close();
  });
  return async (...args) => {
    const f = await open(...args);
    opened.push(f);
    return f;
  };
}
