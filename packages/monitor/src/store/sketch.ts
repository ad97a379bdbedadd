/**
 * A mergeable quantile sketch in the manner of DDSketch: values fall into logarithmic buckets
 * (γ = (1 + α) / (1 − α), α = 1 %), a bucket is represented by a value within α of everything in
 * it, and merging two sketches adds their counts. A quantile read from a sketch is therefore within
 * 1 % (relative) of the exact nearest-rank quantile of the samples it was built from.
 *
 * A sketch is a run of packed Int32 entries, ascending: `code * 8192 + (count − 1)`. The code of a
 * value orders like the value (0 for 0, K + key for positives, −(K + key) for negatives), so sorting
 * entries sorts values; a count above 8192 takes several entries of the same code.
 */
export const sketchRelativeError = 0.01;

const gamma = (1 + sketchRelativeError) / (1 - sketchRelativeError);
const invLnGamma = 1 / Math.log(gamma);
const lnGamma = Math.log(gamma);
const lnScale = Math.log(2 / (gamma + 1));
/** Keys of finite doubles lie within ±37,300; K keeps codes of positives positive. */
const K = 65_536;
const countSpan = 8192;

/** The bucket code of a finite value. */
export function codeOf(value: number): number {
  if (value === 0) return 0;
  if (value > 0) return K + Math.ceil(Math.log(value) * invLnGamma);
  return -(K + Math.ceil(Math.log(-value) * invLnGamma));
}

/** The value a code stands for (within α of every value with that code). */
export function valueOfCode(code: number): number {
  if (code === 0) return 0;
  const key = Math.abs(code) - K;
  // 2γ^key / (γ + 1), computed in logs so the top bucket does not overflow (then the largest double).
  const value = Math.min(Math.exp(key * lnGamma + lnScale), Number.MAX_VALUE);
  return code > 0 ? value : -value;
}

export function packEntry(code: number, count: number): number {
  return code * countSpan + (count - 1);
}

export function entryCode(entry: number): number {
  return Math.floor(entry / countSpan);
}

export function entryCount(entry: number): number {
  return entry - Math.floor(entry / countSpan) * countSpan + 1;
}

/** A growable list of Int32 entries (sketch entries, or codes of single samples). */
export class EntryList {
  data = new Int32Array(16);
  length = 0;

  push(entry: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = entry;
  }

  pushAll(from: Int32Array, start: number, end: number): void {
    const need = this.length + (end - start);
    if (need > this.data.length) {
      const next = new Int32Array(Math.max(need, this.data.length * 2));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(from.subarray(start, end), this.length);
    this.length = need;
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * Sorts entries in place and merges those of equal code: the compact sketch of them all, as a
 * new Int32Array.
 */
export function compactEntries(entries: Int32Array): Int32Array {
  if (entries.length === 0) return new Int32Array(0);
  entries.sort();
  const out = new EntryList();
  let code = entryCode(entries[0] as number);
  let count = 0;
  const flush = () => {
    while (count > 0) {
      const take = Math.min(count, countSpan);
      out.push(packEntry(code, take));
      count -= take;
    }
  };
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as number;
    const c = entryCode(e);
    if (c !== code) {
      flush();
      code = c;
    }
    count += entryCount(e);
  }
  flush();
  return out.data.slice(0, out.length);
}

/** The sketch of some values (NaN skipped). */
export function sketchOf(values: ArrayLike<number>): Int32Array {
  const entries = new EntryList();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) entries.push(packEntry(codeOf(v), 1));
  }
  return compactEntries(entries.data.subarray(0, entries.length));
}

/** Counts per code (codes lie within ±2^17), reset after each use; allocated on first use. */
let dense: Uint32Array | undefined;
const denseOffset = 1 << 17;
let touched = new Int32Array(1024);

/**
 * The nearest-rank q-quantile (0 < q ≤ 1) of the samples counted by entries [0, length): the value
 * of the code holding the ⌈q·n⌉-th smallest sample. NaN when empty. Linear in the entries (counts
 * per code in a dense table), plus a sort of the distinct codes.
 */
export function quantileOfEntries(entries: Int32Array, q: number, length = entries.length): number {
  if (length === 0) return NaN;
  dense ??= new Uint32Array(2 * denseOffset);
  let distinct = 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const e = entries[i] as number;
    const code = Math.floor(e / countSpan);
    const count = e - code * countSpan + 1;
    const at = code + denseOffset;
    if (dense[at] === 0) {
      if (distinct === touched.length) {
        const next = new Int32Array(touched.length * 2);
        next.set(touched);
        touched = next;
      }
      touched[distinct++] = code;
    }
    dense[at] = (dense[at] as number) + count;
    n += count;
  }
  const codes = touched.subarray(0, distinct).sort();
  const rank = Math.max(1, Math.ceil(n * q));
  let seen = 0;
  let answer = NaN;
  for (let i = 0; i < distinct; i++) {
    const at = (codes[i] as number) + denseOffset;
    seen += dense[at] as number;
    dense[at] = 0;
    if (Number.isNaN(answer) && seen >= rank) answer = valueOfCode(codes[i] as number);
  }
  return answer;
}

/** The exact nearest-rank q-quantile of values (reordered in place by a quickselect; O(n)). */
export function exactQuantile(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const k = Math.max(0, Math.ceil(n * q) - 1);
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Median of three as the pivot, then Hoare's partition.
    const mid = (lo + hi) >>> 1;
    const a = values[lo] as number;
    const b = values[mid] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i] = values[j] as number;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k] as number;
}
