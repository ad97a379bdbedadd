import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import type { Store, StoreOperation } from "../store/store.js";
import { VirtualClock } from "../util/clock.js";
import { CallHistory } from "./call-history.js";
import type { CallHistoryOptions } from "./call-history.js";
import type { ErrorCode } from "../errors.js";
import type { CallRecord } from "./call-record.js";

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function call(overrides: Partial<CallRecord> & { at?: number } = {}): CallRecord {
  const { at = 0, ...rest } = overrides;
  return {
    time: new Date(t0 + at),
    provider: "AWS",
    connection: "aws-seoul",
    region: "ap-northeast-2",
    resourceType: "vm",
    api: "RunInstances",
    elapsedMs: 100,
    attempt: 1,
    ...rest,
  };
}

/** A store that counts commits and can be told to fail them. */
class CountingStore extends MemoryStore {
  commits = 0;
  failing = false;
  override commit(operations: StoreOperation[], options?: Parameters<Store["commit"]>[1]): Promise<boolean> {
    this.commits++;
    if (this.failing) return Promise.reject(new Error("disk on fire"));
    return super.commit(operations, options);
  }
}

const open: CallHistory[] = [];
function history(options: Partial<CallHistoryOptions> & { store: Store }): CallHistory {
  const h = new CallHistory({ flushIntervalMs: 3_600_000, ...options });
  open.push(h);
  return h;
}
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((h) => h.close()));
  vi.restoreAllMocks();
});

const apis = (records: CallRecord[]): string[] => records.map((r) => r.api);
const failed = (code: ErrorCode): Pick<CallRecord, "error"> => ({ error: { code, message: `${code} happened` } });
const failedIf = (condition: boolean, code: ErrorCode = "Timeout"): Partial<CallRecord> =>
  condition ? failed(code) : {};

describe("CallHistory record and query", () => {
  it("returns what was recorded, with Dates and optional fields intact", async () => {
    const h = history({ store: new MemoryStore() });
    const full = call({
      zone: "ap-northeast-2a",
      resourceName: "vm-01",
      requestId: "req-1",
      attempt: 2,
      elapsedMs: 12.5,
      error: { code: "Throttled", message: "Rate exceeded" },
    });
    const bare = call({ at: 1, api: "DescribeInstances" });
    h.record(full);
    h.record(bare);
    const got = await h.query();
    expect(got).toEqual([full, bare]);
    expect(got[0]?.time).toBeInstanceOf(Date);
    expect(got[1]).not.toHaveProperty("zone");
    expect(got[1]).not.toHaveProperty("error");
  });

  it("stores only the record's own fields", async () => {
    const store = new MemoryStore();
    const h = history({ store });
    h.record({ ...call(), password: "hunter2", body: "<xml/>" } as CallRecord);
    await h.flush();
    const [entry] = await store.list("hiscall/");
    expect(entry?.value).not.toMatch(/hunter2|xml/);
  });

  it("filters by provider, connection, API, resource type and errors", async () => {
    const h = history({ store: new MemoryStore() });
    h.record(call({ at: 1, api: "RunInstances" }));
    h.record(call({ at: 2, api: "DescribeInstances", ...failed("Timeout") }));
    h.record(call({ at: 3, provider: "GCP", connection: "gcp-tokyo", api: "instances.insert" }));
    h.record(call({ at: 4, api: "CreateVpc", resourceType: "vpc", connection: "aws-virginia" }));
    h.record(call({ at: 5, provider: "GCP", connection: "gcp-tokyo", api: "networks.get", ...failed("NotFound") }));

    expect(apis(await h.query({ provider: "AWS" }))).toEqual(["RunInstances", "DescribeInstances", "CreateVpc"]);
    expect(apis(await h.query({ connection: "gcp-tokyo" }))).toEqual(["instances.insert", "networks.get"]);
    expect(apis(await h.query({ api: "CreateVpc" }))).toEqual(["CreateVpc"]);
    expect(apis(await h.query({ resourceType: "vpc" }))).toEqual(["CreateVpc"]);
    expect(apis(await h.query({ errorsOnly: true }))).toEqual(["DescribeInstances", "networks.get"]);
    expect(apis(await h.query({ provider: "GCP", errorsOnly: true }))).toEqual(["networks.get"]);
    expect(await h.query({ provider: "Azure" })).toEqual([]);
  });

  it("takes from as inclusive and to as exclusive, to the millisecond", async () => {
    const h = history({ store: new MemoryStore() });
    for (const at of [999, 1000, 1000, 1500, 1999, 2000]) h.record(call({ at, api: `at-${at}` }));
    const range = { from: new Date(t0 + 1000), to: new Date(t0 + 2000) };
    expect(apis(await h.query(range))).toEqual(["at-1000", "at-1000", "at-1500", "at-1999"]);
    expect(apis(await h.query({ from: new Date(t0 + 2000) }))).toEqual(["at-2000"]);
    expect(apis(await h.query({ to: new Date(t0 + 1000) }))).toEqual(["at-999"]);
    expect(await h.query({ from: new Date(t0 + 1500), to: new Date(t0 + 1500) })).toEqual([]);
  });

  it("orders by time, and by recording order within one millisecond", async () => {
    const h = history({ store: new MemoryStore() });
    h.record(call({ at: 5, api: "late" }));
    for (let i = 0; i < 40; i++) h.record(call({ at: 1, api: `same-ms-${i}` }));
    h.record(call({ at: 0, api: "early" }));
    const got = apis(await h.query());
    expect(got[0]).toBe("early");
    expect(got.slice(1, 41)).toEqual(Array.from({ length: 40 }, (_, i) => `same-ms-${i}`));
    expect(got[41]).toBe("late");
  });

  it("limit gives the newest matching records, newest first, across pages", async () => {
    const h = history({ store: new MemoryStore() });
    // 1200 records (more than one page), every 100th an error.
    for (let i = 0; i < 1200; i++) {
      h.record(call({ at: i, api: `call-${i}`, ...failedIf(i % 100 === 0) }));
    }
    expect(apis(await h.query({ limit: 3 }))).toEqual(["call-1199", "call-1198", "call-1197"]);
    const errors = await h.query({ errorsOnly: true, limit: 4 });
    expect(apis(errors)).toEqual(["call-1100", "call-1000", "call-900", "call-800"]);
    const earlyErrors = await h.query({ errorsOnly: true, limit: 4, to: new Date(t0 + 300) });
    expect(apis(earlyErrors)).toEqual(["call-200", "call-100", "call-0"]);
    expect(await h.query({ limit: 0 })).toEqual([]);
    expect(await h.query()).toHaveLength(1200);
    expect(apis(await h.query({ errorsOnly: true }))).toHaveLength(12);
  });

  it("rejects bad queries", async () => {
    const h = history({ store: new MemoryStore() });
    await expect(h.query({ limit: -1 })).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(h.query({ from: new Date(Number.NaN) })).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(h.query({ abortSignal: AbortSignal.abort() })).rejects.toMatchObject({ code: "Aborted" });
  });

  it("keeps records of two writers in the same millisecond apart", async () => {
    const store = new MemoryStore();
    const a = history({ store });
    const b = history({ store });
    for (let i = 0; i < 5; i++) {
      a.record(call({ api: `a-${i}` }));
      b.record(call({ api: `b-${i}` }));
    }
    await a.flush();
    await b.flush();
    expect(await a.query()).toHaveLength(10);
  });
});

describe("CallHistory summarize", () => {
  async function loaded(): Promise<CallHistory> {
    const h = history({ store: new MemoryStore() });
    // RunInstances: 1..100 ms, 4 errors. DescribeVpcs on GCP: 10, 20, 30, 40, 50 ms, 1 error.
    for (let i = 1; i <= 100; i++) {
      h.record(call({ at: i, elapsedMs: i, ...failedIf(i % 25 === 0, "Throttled") }));
    }
    for (const [i, ms] of [10, 20, 30, 40, 50].entries()) {
      const vpcCall = { provider: "GCP", api: "DescribeVpcs", resourceType: "vpc", elapsedMs: ms };
      h.record(call({ at: 200 + i, ...vpcCall, ...failedIf(ms === 50) }));
    }
    return h;
  }

  it("computes count, error rate and nearest-rank percentiles", async () => {
    const h = await loaded();
    expect(await h.summarize({ api: "RunInstances" })).toEqual({
      count: 100,
      errorCount: 4,
      errorRate: 0.04,
      elapsedMs: { mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 },
    });
    const all = await h.summarize();
    expect(all.count).toBe(105);
    expect(all.errorCount).toBe(5);
    expect(all.elapsedMs.mean).toBeCloseTo((5050 + 150) / 105, 10);
    // Rank ceil(50 * 105 / 100) = 53; 1..48 plus 10, 20, 30, 40 are 52 values, so the 53rd is 49.
    expect(all.elapsedMs.p50).toBe(49);
    expect(all.elapsedMs.p99).toBe(99); // rank ceil(103.95) = 104: 100 is the 105th
    expect(all.elapsedMs.max).toBe(100);
    expect(await h.summarize({ provider: "Azure" })).toMatchObject({ count: 0, errorRate: 0 });
  });

  it("groups by API, provider or resource type", async () => {
    const h = await loaded();
    const byApi = await h.summarize({ groupBy: "api" });
    expect(Object.keys(byApi)).toEqual(["DescribeVpcs", "RunInstances"]);
    expect(byApi.DescribeVpcs).toEqual({
      count: 5,
      errorCount: 1,
      errorRate: 0.2,
      elapsedMs: { mean: 30, p50: 30, p95: 50, p99: 50, max: 50 },
    });
    expect(byApi.RunInstances?.elapsedMs.p95).toBe(95);
    const byProvider = await h.summarize({ groupBy: "provider", errorsOnly: true });
    expect(Object.fromEntries(Object.entries(byProvider).map(([k, v]) => [k, v.count]))).toEqual({ AWS: 4, GCP: 1 });
    const byType = await h.summarize({ groupBy: "resourceType", from: new Date(t0 + 201) });
    expect(Object.keys(byType)).toEqual(["vpc"]);
    expect(byType.vpc?.count).toBe(4);
  });
});

describe("CallHistory retention", () => {
  it("deletes records older than maxAgeMs on flush", async () => {
    const clock = new VirtualClock(t0);
    const store = new MemoryStore();
    const h = history({ store, clock, retention: { maxAgeMs: 3_600_000 } });
    h.record(call({ at: -2 * 3_600_000, api: "two-hours-ago" }));
    h.record(call({ at: -3_600_000, api: "one-hour-ago" }));
    h.record(call({ at: -1_800_000, api: "half-hour-ago" }));
    h.record(call({ at: 0, api: "now" }));
    await h.flush();
    expect(apis(await h.query())).toEqual(["one-hour-ago", "half-hour-ago", "now"]);
    clock.advance(1_800_000);
    await h.flush(); // nothing buffered, still prunes
    expect(apis(await h.query())).toEqual(["half-hour-ago", "now"]);
    expect(await store.list("hiscall/")).toHaveLength(2);
  });

  it("keeps the newest maxRecords", async () => {
    const store = new MemoryStore();
    const h = history({ store, retention: { maxRecords: 10 } });
    for (let i = 0; i < 25; i++) h.record(call({ at: i, api: `c${i}` }));
    await h.flush();
    expect(apis(await h.query())).toEqual(Array.from({ length: 10 }, (_, i) => `c${i + 15}`));
    for (let i = 25; i < 28; i++) h.record(call({ at: i, api: `c${i}` }));
    await h.flush();
    expect(apis(await h.query())).toEqual(Array.from({ length: 10 }, (_, i) => `c${i + 18}`));
  });

  it("prunes more than one batch at a time", async () => {
    const store = new MemoryStore();
    const writer = history({ store, batchSize: 7 });
    for (let i = 0; i < 50; i++) writer.record(call({ at: i }));
    await writer.flush();
    const pruner = history({ store, batchSize: 7, retention: { maxRecords: 3 } });
    await pruner.flush();
    expect(await store.list("hiscall/")).toHaveLength(3);
  });
});

describe("CallHistory batching and failures", () => {
  it("writes many records in few commits", async () => {
    const store = new CountingStore();
    const h = history({ store });
    for (let i = 0; i < 1000; i++) h.record(call({ at: i }));
    await h.flush();
    expect(store.commits).toBe(Math.ceil(1000 / 128));
    expect(await store.list("hiscall/")).toHaveLength(1000);
  });

  it("flushes a full buffer without being asked", async () => {
    const store = new CountingStore();
    const h = history({ store, batchSize: 10 });
    for (let i = 0; i < 9; i++) h.record(call({ at: i }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.commits).toBe(0);
    h.record(call({ at: 9 }));
    await vi.waitFor(() => expect(store.commits).toBe(1));
    expect(await store.list("hiscall/")).toHaveLength(10);
  });

  it("flushes on its timer, which does not hold the process open", async () => {
    const store = new CountingStore();
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const h = history({ store, flushIntervalMs: 20 });
    h.record(call());
    h.record(call());
    const timer = setTimeoutSpy.mock.results.at(-1)?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await vi.waitFor(() => expect(store.commits).toBe(1));
    expect(await store.list("hiscall/")).toHaveLength(2);
  });

  it("reports a failed background flush and keeps the records for the next one", async () => {
    const store = new CountingStore();
    store.failing = true;
    const onError = vi.fn();
    const h = history({ store, batchSize: 5, onError });
    for (let i = 0; i < 5; i++) h.record(call({ at: i }));
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ message: "disk on fire" });
    await expect(h.flush()).rejects.toThrow("disk on fire");
    store.failing = false;
    await h.flush();
    expect(await store.list("hiscall/")).toHaveLength(5);
  });

  it("drops the oldest records when the store stays down, and says so", async () => {
    const store = new CountingStore();
    store.failing = true;
    const onError = vi.fn();
    const h = history({ store, maxBufferedRecords: 5, onError });
    for (let i = 0; i < 8; i++) h.record(call({ at: i, api: `c${i}` }));
    store.failing = false;
    await h.flush();
    expect(apis(await h.query())).toEqual(["c3", "c4", "c5", "c6", "c7"]);
    const messages = onError.mock.calls.map(([error]) => (error as Error).message);
    expect(messages).toContain("dropped 3 unwritten call records: buffer full");
  });

  it("never throws from record, even for a bad record or a throwing handler", async () => {
    const store = new CountingStore();
    const onError = vi.fn(() => {
      throw new Error("handler broke");
    });
    const h = history({ store, onError });
    expect(() => h.record(call({ time: new Date(Number.NaN) }))).not.toThrow();
    expect(onError).toHaveBeenCalledTimes(1);
    h.record(call({ api: "good" }));
    expect(apis(await h.query())).toEqual(["good"]);
  });

  it("flushes on close and refuses records afterwards", async () => {
    const store = new CountingStore();
    const onError = vi.fn();
    const h = history({ store, onError });
    h.record(call());
    await h.close();
    expect(await store.list("hiscall/")).toHaveLength(1);
    h.record(call());
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: "CallHistory is closed" }));
    await h.flush();
    expect(await store.list("hiscall/")).toHaveLength(1);
  });

  it("rejects bad options", () => {
    const store = new MemoryStore();
    expect(() => new CallHistory({ store, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new CallHistory({ store, retention: { maxAgeMs: -1 } })).toThrow(/maxAgeMs/);
    expect(() => new CallHistory({ store, retention: { maxRecords: 1.5 } })).toThrow(/maxRecords/);
  });
});

describe("CallHistory on a SQLite file", () => {
  const dir = mkdtempSync(join(tmpdir(), "cb-call-history-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("survives closing and reopening the database", async () => {
    const path = join(dir, "history.db");
    const store1 = await openSqliteStore({ path });
    const h1 = new CallHistory({ store: store1 });
    const first = call({ at: 0, api: "RunInstances", error: { code: "QuotaExceeded", message: "VcpuLimitExceeded" } });
    h1.record(first);
    h1.record(call({ at: 1, api: "DescribeInstances" }));
    await h1.close();
    await store1.close();

    const store2 = await openSqliteStore({ path });
    const h2 = new CallHistory({ store: store2 });
    const got = await h2.query();
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual(first);
    expect(got[0]?.time).toBeInstanceOf(Date);
    // A restarted writer in the same millisecond must not overwrite the old records.
    h2.record(call({ at: 0, api: "AfterRestart" }));
    const after = apis(await h2.query());
    expect([...after].sort()).toEqual(["AfterRestart", "DescribeInstances", "RunInstances"]);
    expect(after.at(-1)).toBe("DescribeInstances"); // same-millisecond writers sort by key, then time order
    expect((await h2.summarize({ groupBy: "api" })).RunInstances?.errorCount).toBe(1);
    await h2.close();
    await store2.close();
  });
});
