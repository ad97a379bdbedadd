import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock, isBaristaError } from "@cloud-barista/core";
import { afterEach, describe, expect, it } from "vitest";
import type { MetricPoint } from "../model/point.js";
import { parseLineProtocol } from "../line-protocol/parse.js";
import { openEmbeddedStore } from "./embedded-store.js";
import type { EmbeddedStore } from "./embedded-store.js";

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const dirs: string[] = [];
const stores: EmbeddedStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const t0 = Date.UTC(2026, 0, 1);
const identity = { ns: "ns1", mcis: "web", subgroup: "g1" };
const target = { namespace: "ns1", name: "web" };

function cpu(vm: string, timeMs: number, user: number): MetricPoint {
  return {
    measurement: "cpu",
    tags: { ...identity, vm, cpu: "cpu-total" },
    fields: { usage_user: user, usage_idle: 100 - user },
    timeNs: BigInt(timeMs) * 1_000_000n,
  };
}

async function open(clock: VirtualClock, dir?: string, retention?: { rawMs?: number }) {
  const path = dir ?? mkdtempSync(join(tmpdir(), "cb-monitor-store-"));
  if (!dir) dirs.push(path);
  const store = await openEmbeddedStore({ dir: path, clock, maintenanceIntervalMs: 0, retention });
  stores.push(store);
  return { store, dir: path };
}

describe("EmbeddedStore", () => {
  it("answers min, max, avg, last and p95 per VM and per MCIS over steps", async () => {
    const clock = new VirtualClock(t0 + 120_000);
    const { store } = await open(clock);
    const points: MetricPoint[] = [];
    for (let i = 0; i < 20; i++) points.push(cpu("g1-1", t0 + i * 1000, i), cpu("g1-2", t0 + i * 1000, 50));
    await store.write(points);
    const base = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 20_000, stepMs: 10_000 };
    const perVm = store.query({ ...base, statistic: "max", groupBy: "vm" });
    expect(perVm.series).toEqual([
      {
        tags: { ...identity, vm: "g1-1" },
        points: [
          [t0, 9],
          [t0 + 10_000, 19],
        ],
      },
      {
        tags: { ...identity, vm: "g1-2" },
        points: [
          [t0, 50],
          [t0 + 10_000, 50],
        ],
      },
    ]);
    const one = (statistic: "min" | "max" | "avg" | "last" | "p95") =>
      store.query({ ...base, statistic, target: { ...target, vm: "g1-1" } }).series[0]?.points;
    expect(one("min")).toEqual([
      [t0, 0],
      [t0 + 10_000, 10],
    ]);
    expect(one("avg")).toEqual([
      [t0, 4.5],
      [t0 + 10_000, 14.5],
    ]);
    expect(one("last")).toEqual([
      [t0, 9],
      [t0 + 10_000, 19],
    ]);
    expect(one("p95")).toEqual([
      [t0, 9],
      [t0 + 10_000, 19],
    ]);
    const mcis = store.query({ ...base, statistic: "avg" });
    expect(mcis.series).toEqual([
      {
        tags: { ns: "ns1", mcis: "web" },
        points: [
          [t0, 27.25],
          [t0 + 10_000, 32.25],
        ],
      },
    ]);
    expect(store.query({ ...base, statistic: "last" }).series[0]?.points[0]).toEqual([t0, (9 + 50) / 2]);
  });

  it("answers counters as per-second rates", async () => {
    const clock = new VirtualClock(t0 + 60_000);
    const { store } = await open(clock);
    await store.write(
      [0, 2000, 4000, 6000].map((dt, i) => ({
        measurement: "net",
        tags: { ...identity, vm: "g1-1", interface: "eth0" },
        fields: { bytes_recv: BigInt(i * 2000) },
        timeNs: BigInt(t0 + dt) * 1_000_000n,
      })),
    );
    const q = { target, measurement: "net", field: "bytes_recv", from: t0, to: t0 + 8000, stepMs: 8000 } as const;
    expect(store.query({ ...q, statistic: "avg" }).series[0]?.points).toEqual([[t0, 1000]]);
    expect(store.query({ ...q, statistic: "max", rate: false }).series[0]?.points).toEqual([[t0, 6000]]);
  });

  it("rejects bad queries with InvalidArgument naming the field", async () => {
    const { store } = await open(new VirtualClock(t0));
    const base = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 1000, stepMs: 1000 } as const;
    const fieldOf = (q: unknown) => {
      try {
        store.query(q as never);
      } catch (error) {
        return isBaristaError(error, "InvalidArgument") ? error.field : "other";
      }
      return "none";
    };
    expect(fieldOf({ ...base, statistic: "median" })).toBe("statistic");
    expect(fieldOf({ ...base, statistic: "avg", to: t0 })).toBe("to");
    expect(fieldOf({ ...base, statistic: "avg", stepMs: 0 })).toBe("stepMs");
    expect(fieldOf({ ...base, statistic: "avg", target: { namespace: "NS", name: "web" } })).toBe("target.namespace");
    expect(fieldOf({ ...base, statistic: "avg", groupBy: "zone" })).toBe("groupBy");
    expect(fieldOf({ ...base, statistic: "avg" })).toBe("none");
  });

  it("checks points written by a library caller", async () => {
    const { store } = await open(new VirtualClock(t0));
    const bad = { measurement: "cpu", tags: {}, fields: { v: Number.NaN }, timeNs: 1n };
    await expect(store.write([bad])).rejects.toMatchObject({ code: "InvalidArgument", field: "points[0].fields.v" });
    await expect(store.write([{ ...bad, fields: { v: 1 }, timeNs: 1 as unknown as bigint }])).rejects.toMatchObject({
      field: "points[0].timeNs",
    });
    expect(store.stats().series).toBe(0);
  });

  it("keeps acknowledged samples across a reopen, from the log and from a snapshot", async () => {
    const clock = new VirtualClock(t0 + 60_000);
    const first = await open(clock);
    await first.store.write([cpu("g1-1", t0, 10), cpu("g1-1", t0 + 1000, 20)]);
    // One store per directory.
    await expect(openEmbeddedStore({ dir: first.dir })).rejects.toMatchObject({ code: "Conflict", rule: "locked" });
    // Closed without a snapshot: the reopen below sees only the log (as after kill -9).
    await first.store.close({ snapshot: false });
    const second = await open(clock, first.dir);
    const q = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 2000, stepMs: 1000 } as const;
    expect(second.store.query({ ...q, statistic: "last" }).series[0]?.points).toEqual([
      [t0, 10],
      [t0 + 1000, 20],
    ]);
    await second.store.write([cpu("g1-1", t0 + 1000, 25)]);
    await second.store.close();
    const third = await open(clock, first.dir);
    expect(third.store.query({ ...q, statistic: "last" }).series[0]?.points).toEqual([
      [t0, 10],
      [t0 + 1000, 25],
    ]);
    expect(readdirSync(first.dir).filter((n) => n.startsWith("snapshot-"))).toHaveLength(1);
  });

  it("replays a logged /write body with its precision and default time", async () => {
    const clock = new VirtualClock(t0 + 60_000);
    const first = await open(clock);
    const text =
      "cpu,ns=ns1,mcis=web,vm=g1-1 usage_user=7\nbroken line\ncpu,ns=ns1,mcis=web,vm=g1-1 usage_user=8 1767225601";
    const source = { text, nanosPerUnit: 1_000_000_000n, defaultTimeNs: BigInt(t0) * 1_000_000n };
    const { points } = parseLineProtocol(text, source);
    expect(await first.store.write(points, source)).toEqual({ samples: 2, skippedFields: 0 });
    await first.store.close({ snapshot: false });
    const second = await open(clock, first.dir);
    const q = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 2000, stepMs: 1000 } as const;
    expect(second.store.query({ ...q, statistic: "last" }).series[0]?.points).toEqual([
      [t0, 7],
      [t0 + 1000, 8],
    ]);
  });

  it("snapshots on its own once the log passes checkpointBytes, and restarts the log", async () => {
    const clock = new VirtualClock(t0 + 60_000);
    const dir = mkdtempSync(join(tmpdir(), "cb-monitor-store-"));
    dirs.push(dir);
    const store = await openEmbeddedStore({ dir, clock, maintenanceIntervalMs: 0, checkpointBytes: 100 });
    stores.push(store);
    for (let i = 0; i <= 5; i++) await store.write([cpu("g1-1", t0 + i * 1000, i)]);
    // Idle once one snapshot and one log are left (a second store on the same directory while
    // the first still writes snapshots would race it: one process per directory).
    const settled = () => {
      const names = readdirSync(dir);
      return (
        names.filter((n) => n.startsWith("snapshot-") && n.endsWith(".bin")).length === 1 &&
        names.filter((n) => n.startsWith("wal-")).length === 1 &&
        !names.some((n) => n.endsWith(".tmp"))
      );
    };
    await until(settled);
    await store.close({ snapshot: false });
    const reopened = await open(clock, dir);
    const q = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 6000, stepMs: 6000 } as const;
    expect(reopened.store.query({ ...q, statistic: "max" }).series[0]?.points).toEqual([[t0, 5]]);
    expect(reopened.store.stats().rawSamples).toBe(12);
  });

  it("keeps writes made while a checkpoint copies its series in slices, across a restart", async () => {
    const clock = new VirtualClock(t0 + 60_000);
    const { store, dir } = await open(clock);
    // More series than one slice (2,000), so the copy yields to the writes below.
    const vms = Array.from({ length: 4_500 }, (_, i) => `g1-${i}`);
    await store.write(vms.map((vm) => cpu(vm, t0, 1)));
    const checkpoint = store.checkpoint();
    const during = [
      store.write([cpu("g1-4499", t0 + 1000, 2), cpu("g1-new", t0 + 1000, 3)]),
      store.write([cpu("g1-0", t0 + 2000, 4)]),
    ];
    await Promise.all([checkpoint, ...during]);
    await store.close({ snapshot: false });
    const reopened = await open(clock, dir);
    const q = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 3000, stepMs: 1000 } as const;
    const points = (vm: string) =>
      reopened.store.query({ ...q, statistic: "last", groupBy: "vm" }).series.find((s) => s.tags["vm"] === vm)?.points;
    expect(points("g1-4499")).toEqual([
      [t0, 1],
      [t0 + 1000, 2],
    ]);
    expect(points("g1-new")).toEqual([[t0 + 1000, 3]]);
    expect(points("g1-0")).toEqual([
      [t0, 1],
      [t0 + 2000, 4],
    ]);
    expect(reopened.store.stats().series).toBe(4_501);
  });

  it("rolls up per minute and hour and answers from rollups once raw samples are gone", async () => {
    const clock = new VirtualClock(t0);
    const { store, dir } = await open(clock, undefined, { rawMs: 10 * 60_000 });
    const points: MetricPoint[] = [];
    for (let s = 0; s < 3 * 3600; s += 10) points.push(cpu("g1-1", t0 + s * 1000, (s / 10) % 100));
    await store.write(points);
    clock.advance(3 * 3600_000 + 60_000);
    store.maintain();
    const q = { target: { ...target, vm: "g1-1" }, measurement: "cpu", field: "usage_user", stepMs: 3600_000 } as const;
    const hourly = store.query({ ...q, statistic: "max", from: t0, to: t0 + 3 * 3600_000 }).series[0]?.points;
    expect(hourly).toEqual([
      [t0, 99],
      [t0 + 3600_000, 99],
      [t0 + 7200_000, 99],
    ]);
    const avg = store.query({ ...q, statistic: "avg", from: t0, to: t0 + 3600_000 }).series[0]?.points;
    expect(avg).toEqual([[t0, points.slice(0, 360).reduce((a, p) => a + Number(p.fields.usage_user), 0) / 360]]);
    // Raw rows are kept for the last 10 minutes only (54 rows of 2 fields).
    expect(store.stats().rawSamples).toBe(108);
    await store.close();
    const reopened = await open(clock, dir, { rawMs: 10 * 60_000 });
    expect(reopened.store.query({ ...q, statistic: "max", from: t0, to: t0 + 3600_000 }).series[0]?.points).toEqual([
      [t0, 99],
    ]);
  });

  it("answers p95 from merged sketches within 1 % once rolled up, and exactly from raw rows", async () => {
    const clock = new VirtualClock(t0);
    const { store, dir } = await open(clock, undefined, { rawMs: 10 * 60_000 });
    let seed = 3;
    const next = () => ((seed = (seed * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32) * 100;
    const points: MetricPoint[] = [];
    for (let s = 0; s < 3 * 3600; s += 10)
      for (const vm of ["g1-1", "g1-2", "g1-3"]) points.push(cpu(vm, t0 + s * 1000, next()));
    await store.write(points);
    const nearestRank = (from: number, to: number) => {
      const values = points
        .filter((p) => Number(p.timeNs / 1_000_000n) >= from && Number(p.timeNs / 1_000_000n) < to)
        .map((p) => Number(p.fields.usage_user))
        .sort((a, b) => a - b);
      return values[Math.ceil(values.length * 0.95) - 1] as number;
    };
    const q = { target, measurement: "cpu", field: "usage_user", statistic: "p95" } as const;
    const last10 = { ...q, from: t0 + 3 * 3600_000 - 600_000, to: t0 + 3 * 3600_000, stepMs: 600_000 };
    // Raw rows, few samples: exact by default; a sketch when asked.
    expect(store.query(last10).series[0]?.points).toEqual([[last10.from, nearestRank(last10.from, last10.to)]]);
    const sketched = store.query({ ...last10, quantile: "sketch" }).series[0]?.points[0]?.[1] as number;
    expect(Math.abs(sketched / nearestRank(last10.from, last10.to) - 1)).toBeLessThanOrEqual(0.01);
    clock.advance(3 * 3600_000 + 60_000);
    store.maintain();
    const byMinute = store.query({ ...q, from: t0 + 3600_000, to: t0 + 7200_000, stepMs: 60_000 }).series[0]?.points;
    expect(byMinute).toHaveLength(60);
    for (const [t, v] of byMinute ?? []) expect(Math.abs(v / nearestRank(t, t + 60_000) - 1)).toBeLessThanOrEqual(0.01);
    const hourly = (s: EmbeddedStore) =>
      s.query({ ...q, from: t0, to: t0 + 3 * 3600_000, stepMs: 3600_000 }).series[0]?.points;
    const before = hourly(store);
    expect(before).toHaveLength(3);
    for (const [t, v] of before ?? []) expect(Math.abs(v / nearestRank(t, t + 3600_000) - 1)).toBeLessThanOrEqual(0.01);
    // An exact p95 needs raw rows: refused over rolled-up data, naming the field.
    expect(() => store.query({ ...q, from: t0, to: t0 + 3600_000, stepMs: 3600_000, quantile: "exact" })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "quantile" }),
    );
    // Sketches survive a snapshot.
    await store.close();
    const reopened = await open(clock, dir, { rawMs: 10 * 60_000 });
    expect(hourly(reopened.store)).toEqual(before);
  });

  it("reads a layout-1 snapshot (one column per field and part, a p95 per bucket)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-monitor-store-"));
    dirs.push(dir);
    const header = {
      measurement: "cpu",
      tags: { ...identity, vm: "g1-1", cpu: "cpu-total" },
      fields: ["usage_user"],
      rawFrom: t0 + 60_000,
      minuteFrom: 0,
      rolledMinuteUntil: t0 + 60_000,
      rolledHourUntil: 0,
      lastReceivedMs: t0 + 61_000,
      intervalMs: 1000,
    };
    const f = (...v: number[]) => Float64Array.from(v);
    // times, values, minute rollup (starts, min, max, sum, count, last, p95), hour rollup (empty).
    const columns = [f(t0 + 60_000, t0 + 61_000), f(5, 6), f(t0), f(1), f(9), f(20), f(4), f(3), f(8)];
    columns.push(...Array.from({ length: 7 }, () => f()));
    const manifest = Buffer.from(JSON.stringify([{ header, lengths: columns.map((c) => c.length) }]));
    const head = Buffer.alloc(15);
    head.write("CBMONSNAP1\n", 0, "latin1");
    head.writeUInt32LE(manifest.length, 11);
    const body = Buffer.concat(columns.map((c) => Buffer.from(c.buffer)));
    writeFileSync(join(dir, "snapshot-00000001.bin"), Buffer.concat([head, manifest, body]));
    const { store } = await open(new VirtualClock(t0 + 62_000), dir);
    const q = { target, measurement: "cpu", field: "usage_user", from: t0, to: t0 + 120_000, stepMs: 60_000 } as const;
    expect(store.query({ ...q, statistic: "max" }).series[0]?.points).toEqual([
      [t0, 9],
      [t0 + 60_000, 6],
    ]);
    expect(store.query({ ...q, statistic: "avg" }).series[0]?.points[0]).toEqual([t0, 5]);
    expect(store.query({ ...q, statistic: "p95" }).series[0]?.points[0]?.[1]).toBeCloseTo(8, 0);
  });

  it("marks a series stale after 3 missed intervals", async () => {
    const clock = new VirtualClock(t0);
    const { store } = await open(clock);
    await store.write([cpu("g1-1", t0, 1)]);
    clock.advance(2000);
    await store.write([cpu("g1-1", t0 + 2000, 2)]);
    clock.advance(5000);
    expect(store.latest("cpu")[0]).toMatchObject({ stale: false, fields: { usage_user: 2 } });
    clock.advance(1001);
    expect(store.latest("cpu")[0]).toMatchObject({ stale: true, fields: { usage_user: 2 } });
  });
});
