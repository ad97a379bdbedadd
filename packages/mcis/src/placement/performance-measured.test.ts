import { MemoryStore } from "@cloud-barista/core";
import type { VmSpecInfo } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { offersFromListing } from "./offer-builder.js";
import { performanceTable } from "./performance.js";
import { estimatedPerformance, measuredPerformance, measuredRtt } from "./performance-measured.js";
import { performanceRecordKey, putPerformanceRecords, readPerformanceRecords } from "./performance-records.js";
import type { PerformanceRecord } from "./performance-records.js";
import { estimateScore, scoreFigures } from "./performance-score.js";
import { rankOffers } from "./rank.js";

const day = new Date("2026-12-06T10:00:00Z");

function figure(specName: string, metric: PerformanceRecord["metric"], value: number, method: string, unit: string) {
  return {
    spec: { provider: "MOCK", region: "r1", specName },
    metric,
    value,
    unit,
    method,
    measuredAt: day,
    samples: 1,
  } satisfies PerformanceRecord;
}

function spec(name: string, vcpus: number): VmSpecInfo {
  return {
    name,
    region: "r1",
    vcpu: { count: vcpus },
    memorySizeMiB: vcpus * 2048,
    gpus: [],
    architecture: "x86_64",
  } as unknown as VmSpecInfo;
}

const listing = (specs: VmSpecInfo[]) => ({
  name: "c1",
  provider: "MOCK" as const,
  region: "r1",
  zone: undefined,
  regionZones: undefined,
  specs,
  prices: undefined,
  images: undefined,
});

describe("performance scores", () => {
  it("scores the reference figures 100 and scales with each ratio by its weight", () => {
    const reference = [
      { metric: "cpu", method: "cpu-loop", value: 100_000 },
      { metric: "memory", method: "dd-zero", value: 10_000 },
      { metric: "db", method: "sqlite3-tx", value: 100 },
    ] as const;
    expect(scoreFigures(reference)).toBeCloseTo(100, 9);
    // cpu weighs 0.5 of 0.8 here: 4x the cpu figure gives 4^(0.625).
    const faster = reference.map((f) => (f.metric === "cpu" ? { ...f, value: 400_000 } : f));
    expect(scoreFigures(faster)).toBeCloseTo(100 * Math.pow(4, 0.5 / 0.8), 9);
    expect(scoreFigures([{ metric: "cpu", method: "sysbench-cpu", value: 2_000 }])).toBeCloseTo(200, 9);
  });

  it("scores an unknown method as nothing and a zero figure as 0, never NaN", () => {
    expect(scoreFigures([{ metric: "cpu", method: "quantum", value: 5 }])).toBeUndefined();
    expect(scoreFigures([{ metric: "cpu", method: "cpu-loop", value: 0 }])).toBe(0);
    expect(scoreFigures([{ metric: "cpu", method: "cpu-loop", value: Number.NaN }])).toBeUndefined();
  });

  it("estimates a spec from its vCPUs on the same scale", () => {
    expect(estimateScore(1)).toBeCloseTo(100, 9);
    expect(estimateScore(4)).toBeCloseTo(200, 9);
    expect(estimateScore(undefined)).toBeUndefined();
    expect(estimateScore(0)).toBeUndefined();
  });
});

describe("performance records", () => {
  it("stores one record per spec, region and metric, replacing older ones", async () => {
    const store = new MemoryStore();
    await putPerformanceRecords(store, { figures: [figure("s1", "cpu", 1, "cpu-loop", "ops/s")] });
    await putPerformanceRecords(store, { figures: [figure("s1", "cpu", 2, "cpu-loop", "ops/s")] });
    const read = await readPerformanceRecords(store);
    expect(read.figures).toEqual([figure("s1", "cpu", 2, "cpu-loop", "ops/s")]);
    expect(read.invalid).toEqual([]);
  });

  it("rejects invalid records before storing, naming the field", async () => {
    const store = new MemoryStore();
    await expect(
      putPerformanceRecords(store, { figures: [figure("s1", "cpu", Number.NaN, "cpu-loop", "ops/s")] }),
    ).rejects.toMatchObject({ code: "InvalidArgument", field: "figures[0].value" });
    await expect(
      putPerformanceRecords(store, {
        figures: [{ ...figure("s1", "cpu", 1, "cpu-loop", "ops/s"), metric: "gpu" as "cpu" }],
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument", field: "figures[0].metric" });
    expect((await readPerformanceRecords(store)).figures).toEqual([]);
  });

  it("names damaged entries instead of using them", async () => {
    const store = new MemoryStore();
    const key = performanceRecordKey({ provider: "MOCK", region: "r1", specName: "s1" }, "cpu");
    await store.put(key, "{not json");
    const other = performanceRecordKey({ provider: "MOCK", region: "r1", specName: "s2" }, "cpu");
    await store.put(other, JSON.stringify({ ...figure("s2", "cpu", 1, "cpu-loop", "ops/s"), measuredAt: "yesterday" }));
    const read = await readPerformanceRecords(store);
    expect(read.figures).toEqual([]);
    expect(read.invalid).toEqual([key, other]);
  });
});

describe("measuredPerformance", () => {
  it("lets measured figures take precedence over the spec estimate, and says which is which", async () => {
    const store = new MemoryStore();
    // The 8-vCPU spec measures like half a reference vCPU: the 2-vCPU one beats it.
    await putPerformanceRecords(store, {
      figures: [figure("big", "cpu", 50_000, "cpu-loop", "ops/s"), figure("big", "memory", 10_000, "dd-zero", "MB/s")],
    });
    const offersBefore = offersFromListing(listing([spec("big", 8), spec("small", 2)]), estimatedPerformance()).offers;
    const before = rankOffers(offersBefore, { priorities: [{ metric: "performance" }] });
    expect(before.results.map((r) => r.offer.specName)).toEqual(["big", "small"]);
    expect(before.results[0]?.explanation).toBe("performance 282.8 (best; estimated from spec)");

    const source = await measuredPerformance(store);
    const offers = offersFromListing(listing([spec("big", 8), spec("small", 2)]), source).offers;
    const ranking = rankOffers(offers, { priorities: [{ metric: "performance" }] });
    expect(ranking.results.map((r) => r.offer.specName)).toEqual(["small", "big"]);
    expect(ranking.results.map((r) => r.explanation)).toEqual([
      "performance 141.4 (best; estimated from spec)",
      // Half the reference cpu figure, weighted 0.5 of 0.65: 100 × 0.5^(0.5 / 0.65).
      "performance 58.7 (2nd best; measured 2026-12-06 by cpu-loop, dd-zero)",
    ]);
  });

  it("keeps measurements to their region, drops stale ones and unknown methods", async () => {
    const store = new MemoryStore();
    await putPerformanceRecords(store, {
      figures: [
        figure("s1", "cpu", 300_000, "cpu-loop", "ops/s"),
        { ...figure("s2", "cpu", 300_000, "cpu-loop", "ops/s"), measuredAt: new Date("2026-01-01T00:00:00Z") },
        figure("s3", "cpu", 300_000, "abacus", "ops/s"),
      ],
    });
    const source = await measuredPerformance(store, { maxAgeMs: 30 * 86_400_000, now: day, fallback: null });
    expect(source({ provider: "MOCK", region: "r1", specName: "s1" })).toBeCloseTo(300, 9);
    expect(source.provenance?.({ provider: "MOCK", region: "r1", specName: "s1" })).toBe(
      "measured 2026-12-06 by cpu-loop",
    );
    expect(source({ provider: "MOCK", region: "r2", specName: "s1" })).toBeUndefined();
    expect(source({ provider: "MOCK", region: "r1", specName: "s2", vcpus: 2 })).toBeUndefined();
    expect(source({ provider: "MOCK", region: "r1", specName: "s3" })).toBeUndefined();
    expect(source.figures).toHaveLength(1);
  });

  it("falls back to any source, such as a performance table, and shows a span of days", async () => {
    const store = new MemoryStore();
    await putPerformanceRecords(store, {
      figures: [
        figure("s1", "cpu", 100_000, "cpu-loop", "ops/s"),
        { ...figure("s1", "db", 100, "sqlite3-tx", "tx/s"), measuredAt: new Date("2026-12-01T00:00:00Z") },
      ],
    });
    const table = performanceTable([{ provider: "MOCK", specName: "s9", score: 42 }]);
    const source = await measuredPerformance(store, { fallback: table });
    expect(source({ provider: "MOCK", region: "r1", specName: "s9" })).toBe(42);
    expect(source.provenance?.({ provider: "MOCK", region: "r1", specName: "s9" })).toBeUndefined();
    expect(source.provenance?.({ provider: "MOCK", region: "r1", specName: "s1" })).toBe(
      "measured 2026-12-01 to 2026-12-06 by cpu-loop, sqlite3-tx",
    );
  });

  it("rejects bad weights and unknown options", async () => {
    const store = new MemoryStore();
    await expect(measuredPerformance(store, { weights: { cpu: -1 } })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "weights.cpu",
    });
    await expect(
      measuredPerformance(store, { weights: { cpu: 0, memory: 0, "fileio-write": 0, "fileio-read": 0, db: 0 } }),
    ).rejects.toMatchObject({ field: "weights" });
    await expect(measuredPerformance(store, { colour: "red" } as never)).rejects.toMatchObject({
      field: "options.colour",
    });
  });

  it("turns stored RTTs into the latency priority's table, dropping stale ones", async () => {
    const store = new MemoryStore();
    const rtt = (to: string, ms: number, measuredAt = day) => ({
      from: { provider: "MOCK" as const, region: "r1" },
      to: { provider: "MOCK" as const, region: to },
      ms,
      method: "ping",
      measuredAt,
      samples: 2,
    });
    await putPerformanceRecords(store, { rtts: [rtt("r2", 31.5), rtt("r3", 180, new Date("2026-01-01T00:00:00Z"))] });
    expect(await measuredRtt(store, { maxAgeMs: 86_400_000, now: day })).toEqual([
      { from: "r1", provider: "MOCK", region: "r2", ms: 31.5 },
    ]);
    expect(await measuredRtt(store)).toHaveLength(2);
  });
});
