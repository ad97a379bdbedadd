/**
 * A growable Float64Array with a movable start, so retention can drop the oldest rows without
 * copying on every trim (the buffer is compacted once half of it is dead).
 */
export class Column {
  #buf: Float64Array;
  #start = 0;
  #end = 0;

  // Empty columns allocate nothing: a series has 15 columns per field, most of them rollups.
  constructor(capacity = 0) {
    this.#buf = new Float64Array(capacity);
  }

  static from(values: Float64Array): Column {
    const column = new Column(Math.max(16, values.length));
    column.#buf.set(values);
    column.#end = values.length;
    return column;
  }

  get length(): number {
    return this.#end - this.#start;
  }

  at(i: number): number {
    return this.#buf[this.#start + i] as number;
  }

  set(i: number, value: number): void {
    this.#buf[this.#start + i] = value;
  }

  push(value: number): void {
    if (this.#end === this.#buf.length) this.#grow(1);
    this.#buf[this.#end++] = value;
  }

  /** Inserts at row i, shifting later rows (out-of-order writes; rare). */
  insert(i: number, value: number): void {
    if (this.#end === this.#buf.length) this.#grow(1);
    const at = this.#start + i;
    this.#buf.copyWithin(at + 1, at, this.#end);
    this.#buf[at] = value;
    this.#end++;
  }

  /** Drops the first n rows. */
  dropFirst(n: number): void {
    this.#start += Math.min(n, this.length);
    if (this.#start > this.#buf.length / 2) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
  }

  /** A view of the live rows (valid until the next write). */
  view(): Float64Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  #grow(extra: number): void {
    const live = this.length;
    const next = new Float64Array(Math.max(8, (live + extra) * 2));
    next.set(this.#buf.subarray(this.#start, this.#end));
    this.#buf = next;
    this.#start = 0;
    this.#end = live;
  }
}

/** First row whose value is >= t in an ascending column (binary search). */
export function lowerBound(column: Column, t: number): number {
  let lo = 0;
  let hi = column.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (column.at(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
