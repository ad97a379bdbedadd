/**
 * Rows of `width` numbers in one Float64Array, column by column: column c of row r is at
 * `c * capacity + r`, so a query reads a field's values contiguously, while a series costs one
 * typed array instead of one per column (a typed array and its buffer cost a few hundred bytes of
 * bookkeeping each, which dominated a series that holds few rows: docs/monitor.md). The start
 * moves forward as retention drops the oldest rows (compacted once half of the room is dead).
 */
export class Rows {
  buf: Float64Array;
  width: number;
  /** Rows of room per column. */
  capacity: number;
  /** First live row, from the start of each column. */
  start = 0;
  /** One past the last live row. */
  end = 0;

  constructor(width: number, capacity = 0) {
    this.width = width;
    this.capacity = capacity;
    this.buf = new Float64Array(width * capacity);
  }

  get length(): number {
    return this.end - this.start;
  }

  get(row: number, col: number): number {
    return this.buf[col * this.capacity + this.start + row] as number;
  }

  set(row: number, col: number, value: number): void {
    this.buf[col * this.capacity + this.start + row] = value;
  }

  /** Appends a row of NaNs; returns its index. */
  pushRow(): number {
    if (this.end === this.capacity) this.#resize(Math.max(4, this.length + (this.length >> 1)), this.width);
    for (let c = 0; c < this.width; c++) this.buf[c * this.capacity + this.end] = NaN;
    this.end++;
    return this.end - 1 - this.start;
  }

  /** Inserts a row of NaNs before row i (out-of-order writes; rare). */
  insertRow(i: number): void {
    if (this.end === this.capacity) this.#resize(Math.max(4, this.length + (this.length >> 1)), this.width);
    for (let c = 0; c < this.width; c++) {
      const base = c * this.capacity;
      this.buf.copyWithin(base + this.start + i + 1, base + this.start + i, base + this.end);
      this.buf[base + this.start + i] = NaN;
    }
    this.end++;
  }

  dropFirst(n: number): void {
    this.start += Math.min(n, this.length);
    if (this.start === this.end) {
      this.start = this.end = 0;
      if (this.capacity > 64) this.#resize(0, this.width);
    } else if (this.start * 2 > this.capacity) {
      for (let c = 0; c < this.width; c++) {
        const base = c * this.capacity;
        this.buf.copyWithin(base, base + this.start, base + this.end);
      }
      this.end -= this.start;
      this.start = 0;
    }
  }

  /** Appends `extra` columns (NaN). */
  widen(extra: number): void {
    this.#resize(Math.max(this.capacity, 4), this.width + extra);
  }

  /** First row whose column `col` is >= t (the column ascends). */
  lowerBound(t: number, col = 0): number {
    let lo = 0;
    let hi = this.length;
    const { buf } = this;
    const base = col * this.capacity + this.start;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((buf[base + mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where column `col`'s live rows begin in `buf`. */
  offset(col: number): number {
    return col * this.capacity + this.start;
  }

  /** A copy of one column of the live rows. */
  column(col: number): Float64Array {
    return this.buf.slice(this.offset(col), this.offset(col) + this.length);
  }

  /**
   * Copies of every column of the live rows, as views of one new buffer: a snapshot of many short
   * series then allocates one buffer per series, not one per column (which weighed on checkpoints).
   */
  columns(): Float64Array[] {
    const n = this.length;
    const copy = new Float64Array(n * this.width);
    const out: Float64Array[] = [];
    for (let c = 0; c < this.width; c++) {
      const from = this.offset(c);
      if (n <= 64) for (let r = 0; r < n; r++) copy[c * n + r] = this.buf[from + r] as number;
      else copy.set(this.buf.subarray(from, from + n), c * n);
      out.push(copy.subarray(c * n, c * n + n));
    }
    return out;
  }

  /** Rows made from columns of equal length (a snapshot's). */
  static fromColumns(columns: readonly Float64Array[]): Rows {
    const n = columns[0]?.length ?? 0;
    const rows = new Rows(columns.length, n);
    columns.forEach((column, c) => rows.buf.set(column, c * n));
    rows.end = n;
    return rows;
  }

  /** Moves the live rows into a new buffer of `capacity` rows and `width` columns (new ones NaN). */
  #resize(capacity: number, width: number): void {
    const live = this.length;
    const next = new Float64Array(width * capacity);
    for (let c = 0; c < width; c++) {
      if (c < this.width && live > 0) next.set(this.buf.subarray(this.offset(c), this.offset(c) + live), c * capacity);
      else next.fill(NaN, c * capacity, c * capacity + live);
    }
    this.buf = next;
    this.capacity = capacity;
    this.width = width;
    this.start = 0;
    this.end = live;
  }
}
