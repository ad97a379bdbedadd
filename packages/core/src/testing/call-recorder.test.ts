import { afterEach, describe, expect, it } from "vitest";
import { CallHistory } from "../history/call-history.js";
import type { CallRecord } from "../history/call-record.js";
import { MemoryStore } from "../store/memory-store.js";
import { callRecorder } from "./call-recorder.js";

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const call = (api: string, at: number): CallRecord => ({
  time: new Date(t0 + at),
  provider: "AWS",
  connection: "aws-seoul",
  region: "ap-northeast-2",
  resourceType: "vm",
  api,
  elapsedMs: 1,
  attempt: 1,
});

let history: CallHistory | undefined;
afterEach(async () => {
  await history?.close();
  history = undefined;
});

describe("callRecorder", () => {
  it("returns each take only the calls recorded since the last one, oldest first", async () => {
    const h = (history = new CallHistory({ store: new MemoryStore(), flushIntervalMs: 3_600_000 }));
    const take = callRecorder(h);
    h.record(call("DescribeInstances", 2));
    h.record(call("RunInstances", 1));
    expect(await take()).toEqual(["RunInstances", "DescribeInstances"]);
    expect(await take()).toEqual([]);
    h.record(call("TerminateInstances", 3));
    expect(await take()).toEqual(["TerminateInstances"]);
  });
});
