/**
 * Rows of numbers in one row-major Float64Array: `stride` numbers per row, with a movable start so
 * retention drops the oldest rows without copying each time (compacted once half is dead). One
 * typed array per block instead of one per column: a typed array and its buffer cost a few hundred
 * bytes of bookkeeping each, which dominated a series that holds few rows (docs/monitor.md).
 */
export class Rows {
  buf: Float64Array;
  stride: number;
  /** First live row, in rows from the buffer's start. */
  start = 0;
  /** One past the last live row. */
  end = 0;

  constructor(stride: number, capacityRows = 0) {
    this.stride = stride;
    this.buf = new Float64Array(capacityRows * stride);
  }

  get length(): number {
    return this.end - this.start;
  }

  get(row: number, col: number): number {
    return this.buf[(this.start + row) * this.stride + col] as number;
  }

  set(row: number, col: number, value: number): void {
    this.buf[(this.start + row) * this.stride + col] = value;
  }

  /** Appends a row of NaNs; returns its index. */
  pushRow(): number {
    if (this.end * this.stride >= this.buf.length) this.#grow();
    const at = this.end * this.stride;
    this.buf.fill(NaN, at, at + this.stride);
    this.end++;
    return this.end - 1 - this.start;
  }

  /** Inserts a row of NaNs before row i (out-of-order writes; rare). */
  insertRow(i: number): void {
    if (this.end * this.stride >= this.buf.length) this.#grow();
    const at = (this.start + i) * this.stride;
    this.buf.copyWithin(at + this.stride, at, this.end * this.stride);
    this.buf.fill(NaN, at, at + this.stride);
    this.end++;
  }

  dropFirst(n: number): void {
    this.start += Math.min(n, this.length);
    if (this.start === this.end) {
      this.start = this.end = 0;
      if (this.buf.length > 64 * this.stride) this.buf = new Float64Array(0);
    } else if (this.start * 2 > this.buf.length / this.stride) {
      this.buf.copyWithin(0, this.start * this.stride, this.end * this.stride);
      this.end -= this.start;
      this.start = 0;
    }
  }

  /** Appends `extra` columns (NaN) to every row. */
  widen(extra: number): void {
    const stride = this.stride + extra;
    const rows = this.length;
    const next = new Float64Array(Math.max(rows, 4) * stride).fill(NaN);
    for (let r = 0; r < rows; r++) {
      const from = (this.start + r) * this.stride;
      next.set(this.buf.subarray(from, from + this.stride), r * stride);
    }
    this.buf = next;
    this.stride = stride;
    this.start = 0;
    this.end = rows;
  }

  /** First row whose column `col` is >= t (the column ascends). */
  lowerBound(t: number, col = 0): number {
    let lo = 0;
    let hi = this.length;
    const { buf, stride } = this;
    const base = this.start * stride + col;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((buf[base + mid * stride] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A copy of one column of the live rows. */
  column(col: number): Float64Array {
    const out = new Float64Array(this.length);
    for (let r = 0; r < out.length; r++) out[r] = this.get(r, col);
    return out;
  }

  /** Rows made from columns of equal length (a snapshot's). */
  static fromColumns(columns: readonly Float64Array[]): Rows {
    const stride = columns.length;
    const n = columns[0]?.length ?? 0;
    const rows = new Rows(stride, n);
    for (let c = 0; c < stride; c++) {
      const column = columns[c] as Float64Array;
      for (let r = 0; r < n; r++) rows.buf[r * stride + c] = column[r] as number;
    }
    rows.end = n;
    return rows;
  }

  #grow(): void {
    const live = this.length;
    // x1.5 (at least 4 rows): a doubling buffer wastes a quarter of the memory on average.
    const capacity = Math.max(4, live + (live >> 1));
    const next = new Float64Array(capacity * this.stride);
    next.set(this.buf.subarray(this.start * this.stride, this.end * this.stride));
    this.buf = next;
    this.start = 0;
    this.end = live;
  }
}
