import { Rows } from "./rows.js";
import { EntryList, codeOf, compactEntries, entryCount, packEntry } from "./sketch.js";

/** The statistics a rollup bucket keeps for one field (its sketch aside). */
export interface BucketStats {
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
}

/** Numbers per field in a rollup row: min, max, sum, count, last, and where its sketch is. */
export const perField = 7;
export const MIN = 0;
export const MAX = 1;
export const SUM = 2;
export const COUNT = 3;
export const LAST = 4;
const SKETCH_AT = 5;
const SKETCH_LEN = 6;

/**
 * The downsampled buckets of every field of one series at one resolution (minute or hour): one
 * row per bucket (start, then 7 numbers per field) in one block, ascending by start, and the
 * buckets' quantile sketches (sketch.ts) packed one after another in one Int32Array. A field
 * without data in a bucket has count NaN or 0.
 */
export class Rollups {
  readonly rows: Rows;
  /** Sketch entries; a bucket's sketch is `heap[at - heapBase, at - heapBase + len)`. */
  heap = new Int32Array(0);
  heapBase = 0;
  heapEnd = 0;
  #garbage = 0;

  constructor(fields: number, rows?: Rows) {
    this.rows = rows ?? new Rows(1 + fields * perField);
  }

  get length(): number {
    return this.rows.length;
  }

  start(row: number): number {
    return this.rows.get(row, 0);
  }

  get(row: number, field: number, part: number): number {
    return this.rows.get(row, 1 + field * perField + part);
  }

  /** The sketch of a field in a bucket (a view, valid until the next change). */
  sketch(row: number, field: number): Int32Array {
    const at = this.get(row, field, SKETCH_AT);
    const len = this.get(row, field, SKETCH_LEN);
    if (!(len > 0)) return new Int32Array(0);
    return this.heap.subarray(at - this.heapBase, at - this.heapBase + len);
  }

  /** Makes room for a field added to the series. */
  addField(): void {
    this.rows.widen(perField);
  }

  /** The row of the bucket starting at `start`, made (empty) when missing. */
  row(start: number): number {
    const n = this.rows.length;
    if (n === 0 || this.rows.get(n - 1, 0) < start) {
      const r = this.rows.pushRow();
      this.rows.set(r, 0, start);
      return r;
    }
    const i = this.rows.lowerBound(start);
    if (i < n && this.rows.get(i, 0) === start) return i;
    this.rows.insertRow(i);
    this.rows.set(i, 0, start);
    return i;
  }

  /** Sets one field of a bucket. */
  put(row: number, field: number, stats: BucketStats, sketch: Int32Array): void {
    const base = 1 + field * perField;
    const { rows } = this;
    const oldLen = rows.get(row, base + SKETCH_LEN);
    if (oldLen > 0) this.#garbage += oldLen;
    rows.set(row, base + SKETCH_LEN, 0); // not live while the heap may be compacted below
    rows.set(row, base + MIN, stats.min);
    rows.set(row, base + MAX, stats.max);
    rows.set(row, base + SUM, stats.sum);
    rows.set(row, base + COUNT, stats.count);
    rows.set(row, base + LAST, stats.last);
    rows.set(row, base + SKETCH_AT, this.#append(sketch));
    rows.set(row, base + SKETCH_LEN, sketch.length);
  }

  /** Folds one late value into its bucket (a write older than what was already rolled up). */
  merge(start: number, field: number, value: number, isLatest: boolean): void {
    const row = this.row(start);
    const count = this.get(row, field, COUNT);
    if (!(count > 0)) {
      this.put(row, field, { min: value, max: value, sum: value, count: 1, last: value }, sketchOfOne(value));
      return;
    }
    const old = this.sketch(row, field);
    const entries = new Int32Array(old.length + 1);
    entries.set(old);
    entries[old.length] = packEntry(codeOf(value), 1);
    this.put(
      row,
      field,
      {
        min: Math.min(this.get(row, field, MIN), value),
        max: Math.max(this.get(row, field, MAX), value),
        sum: this.get(row, field, SUM) + value,
        count: count + 1,
        last: isLatest ? value : this.get(row, field, LAST),
      },
      compactEntries(entries),
    );
  }

  /** Drops the buckets before `t`. */
  dropBefore(t: number): void {
    const n = this.rows.lowerBound(t);
    if (n === 0) return;
    const fields = (this.rows.width - 1) / perField;
    for (let r = 0; r < n; r++)
      for (let f = 0; f < fields; f++) {
        const len = this.get(r, f, SKETCH_LEN);
        if (len > 0) this.#garbage += len;
      }
    this.rows.dropFirst(n);
    if (this.rows.length === 0) {
      this.heap = new Int32Array(0);
      this.heapBase = this.heapEnd;
      this.#garbage = 0;
    }
  }

  #append(sketch: Int32Array): number {
    const live = this.heapEnd - this.heapBase;
    if (this.#garbage > 1024 && this.#garbage * 2 > live) this.#compact();
    const used = this.heapEnd - this.heapBase;
    if (used + sketch.length > this.heap.length) {
      const next = new Int32Array(Math.max(64, used + sketch.length, used + (used >> 1)));
      next.set(this.heap.subarray(0, used));
      this.heap = next;
    }
    this.heap.set(sketch, used);
    const at = this.heapEnd;
    this.heapEnd += sketch.length;
    return at;
  }

  /** Rewrites the heap with only the live rows' sketches (offsets keep growing: heapBase moves). */
  #compact(): void {
    const fields = (this.rows.width - 1) / perField;
    const out = new EntryList();
    const base = this.heapEnd;
    for (let r = 0; r < this.rows.length; r++)
      for (let f = 0; f < fields; f++) {
        const len = this.get(r, f, SKETCH_LEN);
        if (!(len > 0)) continue;
        const at = this.get(r, f, SKETCH_AT) - this.heapBase;
        this.rows.set(r, 1 + f * perField + SKETCH_AT, base + out.length);
        out.pushAll(this.heap, at, at + len);
      }
    this.heap = out.data.slice(0, Math.max(out.length + (out.length >> 1), 64));
    this.heapBase = base;
    this.heapEnd = base + out.length;
    this.#garbage = 0;
  }

  /** For a snapshot: the rows' columns, then the live heap (offsets rebased to 0). */
  columns(): Float64Array[] {
    this.#compact();
    const shift = this.heapBase;
    const fields = (this.rows.width - 1) / perField;
    const out = this.rows.columns();
    for (let f = 0; f < fields; f++) {
      const at = out[1 + f * perField + SKETCH_AT] as Float64Array;
      for (let r = 0; r < at.length; r++) at[r] = (at[r] as number) - shift;
    }
    out.push(Float64Array.from(this.heap.subarray(0, this.heapEnd - this.heapBase)));
    return out;
  }

  static restore(fields: number, columns: readonly Float64Array[]): Rollups {
    const stride = 1 + fields * perField;
    const rollups = new Rollups(fields, Rows.fromColumns(columns.slice(0, stride)));
    const heap = columns[stride] ?? new Float64Array(0);
    rollups.heap = Int32Array.from(heap);
    rollups.heapBase = 0;
    rollups.heapEnd = heap.length;
    return rollups;
  }
}

function sketchOfOne(value: number): Int32Array {
  return Int32Array.of(packEntry(codeOf(value), 1));
}

/** Statistics and sketch of the non-NaN values of column `col` in rows [from, to). */
export function statsOf(
  rows: Rows,
  col: number,
  from: number,
  to: number,
  scratch: EntryList,
): { stats: BucketStats; sketch: Int32Array } | undefined {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  let last = NaN;
  scratch.clear();
  for (let i = from; i < to; i++) {
    const v = rows.get(i, col);
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
    last = v;
    scratch.push(packEntry(codeOf(v), 1));
  }
  if (count === 0) return undefined;
  return { stats: { min, max, sum, count, last }, sketch: compactEntries(scratch.data.subarray(0, scratch.length)) };
}

/** Folds the buckets [from, to) of one field into one, merging their sketches. */
export function foldBuckets(
  rollups: Rollups,
  field: number,
  from: number,
  to: number,
  scratch: EntryList,
): { stats: BucketStats; sketch: Int32Array } | undefined {
  const out: BucketStats = { min: Infinity, max: -Infinity, sum: 0, count: 0, last: NaN };
  scratch.clear();
  for (let i = from; i < to; i++) {
    const count = rollups.get(i, field, COUNT);
    if (!(count > 0)) continue;
    out.min = Math.min(out.min, rollups.get(i, field, MIN));
    out.max = Math.max(out.max, rollups.get(i, field, MAX));
    out.sum += rollups.get(i, field, SUM);
    out.count += count;
    out.last = rollups.get(i, field, LAST);
    const s = rollups.sketch(i, field);
    scratch.pushAll(s, 0, s.length);
  }
  if (out.count === 0) return undefined;
  return { stats: out, sketch: compactEntries(scratch.data.subarray(0, scratch.length)) };
}

/** Samples a sketch counts. */
export function sketchCount(sketch: Int32Array): number {
  let n = 0;
  for (let i = 0; i < sketch.length; i++) n += entryCount(sketch[i] as number);
  return n;
}
