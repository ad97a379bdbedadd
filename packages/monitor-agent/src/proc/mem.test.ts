import { describe, expect, it } from "vitest";
import { memPoint, parseMeminfo } from "./mem.js";

const kib = (n: number): bigint => BigInt(n) * 1024n;

describe("mem", () => {
  it("reads kB as KiB and values without a unit as they are", () => {
    const m = parseMeminfo("MemTotal:  8 kB\nHugePages_Total:  3\nbad line\n");
    expect(m.get("MemTotal")).toBe(8192n);
    expect(m.get("HugePages_Total")).toBe(3n);
    expect(m.size).toBe(2);
  });

  it("computes Telegraf's fields: cached with reclaimable slab, used = total - free - buffers - cached", () => {
    const m = parseMeminfo(
      "MemTotal: 8000000 kB\nMemFree: 2000000 kB\nMemAvailable: 5000000 kB\nBuffers: 100000 kB\nCached: 2500000 kB\nShmem: 50000 kB\nSReclaimable: 200000 kB\n",
    );
    expect(memPoint(m, 3)).toEqual({
      measurement: "mem",
      tags: {},
      fields: {
        total: kib(8000000),
        available: kib(5000000),
        used: kib(3200000),
        free: kib(2000000),
        buffers: kib(100000),
        cached: kib(2700000),
        shared: kib(50000),
        used_percent: 40,
        available_percent: 62.5,
      },
      time: 3,
    });
  });

  it("estimates available on kernels without MemAvailable", () => {
    const m = parseMeminfo("MemTotal: 1000 kB\nMemFree: 500 kB\nBuffers: 10 kB\nCached: 40 kB\n");
    expect(memPoint(m, 0)?.fields.available).toBe(kib(550));
  });

  it("never reports negative used memory (containers where cache exceeds total - free)", () => {
    const m = parseMeminfo("MemTotal: 1000 kB\nMemFree: 500 kB\nBuffers: 100 kB\nCached: 600 kB\n");
    expect(memPoint(m, 0)?.fields).toMatchObject({ used: 0n, used_percent: 0 });
  });

  it("is undefined without MemTotal or MemFree", () => {
    expect(memPoint(parseMeminfo("MemFree: 5 kB\n"), 0)).toBeUndefined();
    expect(memPoint(parseMeminfo(""), 0)).toBeUndefined();
  });
});
