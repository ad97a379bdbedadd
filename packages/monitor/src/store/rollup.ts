import { Column, lowerBound } from "./column.js";

/** The statistics a rollup bucket keeps for one field. */
export interface BucketStats {
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  p95: number;
}

export const rollupParts = ["min", "max", "sum", "count", "last", "p95"] as const;

/**
 * Downsampled buckets of one field of one series (per minute or per hour): columnar, ascending
 * by bucket start.
 */
export class Rollup {
  readonly starts: Column;
  readonly parts: Record<(typeof rollupParts)[number], Column>;

  constructor(columns?: Float64Array[]) {
    this.starts = columns?.[0] ? Column.from(columns[0]) : new Column();
    const part = (i: number) => (columns?.[i + 1] ? Column.from(columns[i + 1] as Float64Array) : new Column());
    this.parts = { min: part(0), max: part(1), sum: part(2), count: part(3), last: part(4), p95: part(5) };
  }

  get length(): number {
    return this.starts.length;
  }

  /** Sets the bucket starting at `start` (appending in the usual case). */
  put(start: number, stats: BucketStats): void {
    const n = this.starts.length;
    if (n === 0 || this.starts.at(n - 1) < start) {
      this.starts.push(start);
      for (const p of rollupParts) this.parts[p].push(stats[p]);
      return;
    }
    const i = lowerBound(this.starts, start);
    if (i < n && this.starts.at(i) === start) {
      for (const p of rollupParts) this.parts[p].set(i, stats[p]);
      return;
    }
    this.starts.insert(i, start);
    for (const p of rollupParts) this.parts[p].insert(i, stats[p]);
  }

  /** Folds one late value into its bucket (a write older than what was already rolled up). */
  merge(start: number, value: number, isLatest: boolean): void {
    const i = lowerBound(this.starts, start);
    if (i < this.starts.length && this.starts.at(i) === start) {
      const { min, max, sum, count, last, p95 } = this.parts;
      min.set(i, Math.min(min.at(i), value));
      max.set(i, Math.max(max.at(i), value));
      sum.set(i, sum.at(i) + value);
      count.set(i, count.at(i) + 1);
      if (isLatest) last.set(i, value);
      p95.set(i, Math.max(p95.at(i), Math.min(value, max.at(i))));
      return;
    }
    this.put(start, { min: value, max: value, sum: value, count: 1, last: value, p95: value });
  }

  dropBefore(t: number): void {
    const n = lowerBound(this.starts, t);
    if (n === 0) return;
    this.starts.dropFirst(n);
    for (const p of rollupParts) this.parts[p].dropFirst(n);
  }

  columns(): Float64Array[] {
    return [this.starts.view(), ...rollupParts.map((p) => this.parts[p].view())];
  }
}

/** Nearest-rank p95 of values (sorted in place). */
export function p95Of(values: Float64Array | number[]): number {
  if (values.length === 0) return NaN;
  values.sort((a, b) => a - b);
  return values[Math.max(0, Math.ceil(values.length * 0.95) - 1)] as number;
}

/** Statistics of the non-NaN values in rows [from, to) of a column. */
export function statsOf(values: Column, from: number, to: number): BucketStats | undefined {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  let last = NaN;
  const kept: number[] = [];
  for (let i = from; i < to; i++) {
    const v = values.at(i);
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
    last = v;
    kept.push(v);
  }
  if (count === 0) return undefined;
  return { min, max, sum, count, last, p95: p95Of(kept) };
}

/** Folds rollup buckets [from, to) into one (p95: nearest-rank p95 of the buckets' p95s). */
export function foldBuckets(rollup: Rollup, from: number, to: number): BucketStats | undefined {
  if (to <= from) return undefined;
  const { min, max, sum, count, last, p95 } = rollup.parts;
  const out: BucketStats = { min: Infinity, max: -Infinity, sum: 0, count: 0, last: NaN, p95: NaN };
  const p95s: number[] = [];
  for (let i = from; i < to; i++) {
    out.min = Math.min(out.min, min.at(i));
    out.max = Math.max(out.max, max.at(i));
    out.sum += sum.at(i);
    out.count += count.at(i);
    out.last = last.at(i);
    p95s.push(p95.at(i));
  }
  out.p95 = p95Of(p95s);
  return out;
}
