import { describe, expect, it } from "vitest";
import {
  EntryList,
  codeOf,
  compactEntries,
  exactQuantile,
  quantileOfEntries,
  sketchOf,
  sketchRelativeError,
  valueOfCode,
} from "./sketch.js";

/** Deterministic pseudo-random numbers in [0, 1) (a test needs the same data every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const nearestRank = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)] as number;
};

const within = (estimate: number, exact: number) =>
  expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(sketchRelativeError * Math.abs(exact) * (1 + 1e-9));

describe("quantile sketch", () => {
  it("represents every value within 1 % and keeps the order of values", () => {
    const next = random(1);
    let previous = -Infinity;
    const values = [0, 5e-324, 1e-300, 1e300, Number.MAX_VALUE, -1, -1e-9, 1, 100, 99.99];
    for (let i = 0; i < 2000; i++) values.push((next() - 0.5) * 10 ** Math.floor(next() * 20 - 10));
    for (const v of values) within(valueOfCode(codeOf(v)), v);
    for (const v of [...values].sort((a, b) => a - b)) {
      expect(codeOf(v)).toBeGreaterThanOrEqual(codeOf(previous === -Infinity ? v : previous));
      previous = v;
    }
  });

  it("answers p50, p95 and p99 within 1 % of the exact nearest-rank value, merged or not", () => {
    const next = random(7);
    // Shapes a fleet produces: cpu percentages, byte counts spanning decades, values with negatives.
    const shapes: [string, () => number][] = [
      ["cpu %", () => Math.min(100, Math.max(0, 30 + 25 * Math.sin(next() * 6) + next() * 10))],
      ["bytes", () => Math.floor(10 ** (3 + next() * 7))],
      ["signed", () => (next() - 0.3) * 1000],
    ];
    for (const [, draw] of shapes) {
      const parts = Array.from({ length: 40 }, () => Array.from({ length: 1 + Math.floor(next() * 60) }, draw));
      const all = parts.flat();
      // Merging per-part sketches (as the rollups and queries do) equals sketching everything.
      const merged = new EntryList();
      for (const part of parts) {
        const s = sketchOf(part);
        merged.pushAll(s, 0, s.length);
      }
      expect([...compactEntries(merged.data.slice(0, merged.length))]).toEqual([...sketchOf(all)]);
      for (const q of [0.5, 0.95, 0.99]) {
        within(quantileOfEntries(merged.data, q, merged.length), nearestRank(all, q));
        expect(exactQuantile(Float64Array.from(all), q)).toBe(nearestRank(all, q));
      }
    }
  });

  it("keeps counts above one entry's span", () => {
    const values = new Float64Array(20_000).fill(42);
    values[0] = 1;
    const sketch = sketchOf(values);
    expect(sketch.length).toBe(4); // 1 once, 42 in entries of at most 8192
    within(quantileOfEntries(sketch.slice(), 0.95), 42);
    expect(quantileOfEntries(sketch.slice(), 0.00001)).toBeCloseTo(valueOfCode(codeOf(1)));
    expect(quantileOfEntries(new Int32Array(0), 0.95)).toBeNaN();
  });

  it("computes exact quantiles with ties and tiny inputs", () => {
    expect(exactQuantile(Float64Array.of(3), 0.95)).toBe(3);
    expect(exactQuantile(Float64Array.of(2, 2, 2, 1, 2), 0.95)).toBe(2);
    expect(exactQuantile(Float64Array.of(5, 4, 3, 2, 1), 0.5)).toBe(3);
    expect(exactQuantile(new Float64Array(0), 0.95)).toBeNaN();
  });
});
