import { describe, expect, it } from "vitest";
import type { CallRecord } from "./call-record.js";
import { nearestRank, summarizeCalls } from "./call-summary.js";

const call = (elapsedMs: number, failed = false): CallRecord => ({
  time: new Date(0),
  provider: "AWS",
  connection: "aws-1",
  region: "r",
  resourceType: "vm",
  api: "RunInstances",
  elapsedMs,
  attempt: 1,
  ...(failed ? { error: { code: "Throttled" as const, message: "slow down" } } : {}),
});

describe("nearestRank", () => {
  it("picks the value at rank ceil(p * n / 100)", () => {
    const values = [10, 20, 30, 40, 50];
    expect(nearestRank(values, 50)).toBe(30); // rank ceil(2.5) = 3
    expect(nearestRank(values, 95)).toBe(50); // rank ceil(4.75) = 5
    expect(nearestRank(values, 20)).toBe(10); // rank exactly 1
    expect(nearestRank(values, 21)).toBe(20);
    expect(nearestRank(values, 0)).toBe(10);
    expect(nearestRank(values, 100)).toBe(50);
    expect(nearestRank([], 50)).toBe(0);
  });

  it("is exact where floating point would round (95% of 100 is rank 95)", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(values, 95)).toBe(95);
    expect(nearestRank(values, 99)).toBe(99);
  });
});

describe("summarizeCalls", () => {
  it("summarizes 1..100 ms with 4 errors", () => {
    const records = Array.from({ length: 100 }, (_, i) => call(100 - i, i % 25 === 0));
    expect(summarizeCalls(records)).toEqual({
      count: 100,
      errorCount: 4,
      errorRate: 0.04,
      elapsedMs: { mean: 50.5, p50: 50, p95: 95, p99: 99, max: 100 },
    });
  });

  it("sorts before ranking", () => {
    expect(summarizeCalls([call(5), call(1), call(3)]).elapsedMs).toEqual({ mean: 3, p50: 3, p95: 5, p99: 5, max: 5 });
  });

  it("gives zeros for no calls", () => {
    expect(summarizeCalls([])).toEqual({
      count: 0,
      errorCount: 0,
      errorRate: 0,
      elapsedMs: { mean: 0, p50: 0, p95: 0, p99: 0, max: 0 },
    });
  });
});
