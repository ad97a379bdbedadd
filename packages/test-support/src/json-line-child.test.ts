import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startJsonLineChild } from "./json-line-child.js";

const dir = mkdtempSync(join(tmpdir(), "cb-json-line-child-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child that echoes its arguments, then one event per stdin line until "stop". */
const echo = join(dir, "echo.mjs");
writeFileSync(
  echo,
  `import { createInterface } from "node:readline";
const args = JSON.parse(process.argv[2]);
console.log(JSON.stringify({ event: "started", args }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "stop") break;
  process.stdout.write(JSON.stringify({ event: "got", line }) + "\\n\\n");
}
console.error("bye");
process.exit(3);
`,
);

type Event = { event: "started"; args: unknown } | { event: "got"; line: string };

describe("startJsonLineChild", () => {
  it("parses each printed line as an event and finds events printed before or after asking", async () => {
    const child = startJsonLineChild<Event>(echo, { n: 1 }, { stdin: true });
    expect(await child.next((e) => e.event === "started")).toEqual({ event: "started", args: { n: 1 } });
    const later = child.next((e) => e.event === "got" && e.line === "b");
    child.send("a");
    child.send("b");
    expect(await later).toEqual({ event: "got", line: "b" });
    expect(await child.next((e) => e.event === "got")).toEqual({ event: "got", line: "a" });
    child.send("stop");
    expect(await child.exited).toEqual({ code: 3, signal: null });
    expect(child.events).toHaveLength(3);
    expect(child.stderr()).toBe("bye\n");
  });

  it("rejects a wait the child can no longer satisfy, naming its exit and stderr", async () => {
    const child = startJsonLineChild<Event>(echo, {}, { stdin: true });
    const never = child.next((e) => e.event === "got" && e.line === "never");
    child.send("stop");
    await expect(never).rejects.toThrow(/child exited \(3\) before the event:\nbye/);
  });

  it("kills with SIGKILL and refuses to write to a child started without stdin", async () => {
    const child = startJsonLineChild<Event>(echo, {});
    await child.next((e) => e.event === "started");
    expect(() => child.send("a")).toThrow(/without stdin/);
    await child.kill();
    expect(await child.exited).toEqual({ code: null, signal: "SIGKILL" });
  });

  it("runs a TypeScript child from the workspace's sources", async () => {
    const typed = join(dir, "typed.ts");
    writeFileSync(typed, `const answer: number = 42;\nconsole.log(JSON.stringify({ answer }));\n`);
    const child = startJsonLineChild<{ answer: number }>(typed, {});
    expect(await child.next(() => true)).toEqual({ answer: 42 });
    expect((await child.exited).code).toBe(0);
  });
});
