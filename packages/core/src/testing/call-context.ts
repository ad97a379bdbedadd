import type { ApiTable } from "../driver/api-table.js";
import type { CallContext } from "../driver/call-context.js";
import type { CallRecord } from "../history/call-record.js";
import { defaultOperationTimeouts } from "../runtime/timeouts.js";
import type { OperationTimeouts } from "../runtime/timeouts.js";
import { createCallContext } from "../runtime/calls/native-calls.js";
import { RecentCreates } from "../runtime/calls/recent-creates.js";
import type { Clock } from "../util/clock.js";
import { noopLogger } from "../util/logger.js";

/** A `CallContext` for driver unit tests, with the native calls it recorded. */
export interface TestCallContext {
  ctx: CallContext;
  /** Every native call made through `ctx`, oldest first (one record per attempt). */
  calls: CallRecord[];
  /** The API names called since the last `take()`. */
  take: () => string[];
}

/**
 * The runtime's own CallContext for tests that call a driver's handlers directly: each native call
 * runs once (no retries unless `maxAttempts` says so) and is recorded in `calls`; waiting, read
 * after create and compensation behave as in the runtime, on `clock`.
 */
export function testCallContext(options: {
  clock: Clock;
  apis: ApiTable;
  provider?: string;
  maxAttempts?: number;
  timeouts?: Partial<OperationTimeouts>;
  abortSignal?: AbortSignal;
}): TestCallContext {
  const calls: CallRecord[] = [];
  const timeouts = { ...defaultOperationTimeouts, ...options.timeouts };
  const ctx = createCallContext(
    { provider: options.provider ?? "TEST", connection: "test", region: "test", resourceType: "test" },
    options.abortSignal ?? new AbortController().signal,
    {
      clock: options.clock,
      logger: noopLogger,
      retryPolicy: { maxAttempts: options.maxAttempts ?? 1, baseDelayMs: 100, maxDelayMs: 1_000 },
      redact: (text) => text,
      record: (record) => calls.push(record),
      apis: options.apis,
      recent: new RecentCreates(timeouts.readAfterCreateMs),
      timeouts,
    },
  );
  let seen = 0;
  return {
    ctx,
    calls,
    take() {
      const apis = calls.slice(seen).map((c) => c.api);
      seen = calls.length;
      return apis;
    },
  };
}
