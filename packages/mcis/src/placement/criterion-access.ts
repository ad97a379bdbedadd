import type { Bitmap } from "./bitmap.js";
import type { Criterion } from "./criteria.js";
import type { Offer } from "./offer.js";
import type { PlacementIndex, SortedRun } from "./placement-index.js";

/** Rows one at a time, best first; -1 when there are no more. */
export interface Cursor {
  next(): number;
}

/** How one criterion reads the eligible rows of one ranking. */
export interface CriterionAccess {
  /** The raw value of a row, NaN when unknown. */
  readonly value: (row: number) => number;
  /**
   * Eligible rows with a known value, best first (equal values in any order). Absent for a
   * criterion whose order cannot be known before every row is scored (random, similarity).
   */
  readonly cursor: (() => Cursor) | undefined;
  /** The least and greatest known value among eligible rows (Infinity and -Infinity when none). */
  readonly lo: number;
  readonly hi: number;
  /**
   * How many eligible rows have a value strictly better than `v`, where rows share few values
   * (places): counted per place, without reading rows one by one in order. Absent elsewhere.
   */
  readonly betterThan?: (v: number) => number;
}

/** What every access reads: the index, the rows that passed, and prices in the compared currency. */
export interface AccessContext {
  readonly index: PlacementIndex;
  readonly eligible: Bitmap;
  /** Per currency code, the factor to the compared currency (NaN: no rate, or no price). */
  readonly rates: Float64Array;
  /** The row's price in the compared currency, NaN when unknown. */
  readonly priceOf: (row: number) => number;
}

/**
 * The access a criterion gets:
 * - cost: price runs sorted once per catalog (one per currency, merged at the request's rates);
 * - performance: rows sorted once per catalog;
 * - location, latency: a value per place (provider, region, location), the few places sorted per
 *   request, their rows in turn;
 * - random, similarity: every eligible row scored (a scan): no order exists before the seed or
 *   the wanted spec is known.
 */
export function criterionAccess(criterion: Criterion, ctx: AccessContext): CriterionAccess {
  switch (criterion.metric) {
    case "cost":
      return costAccess(ctx);
    case "performance":
      return performanceAccess(ctx);
    case "location":
    case "latency":
      return placeAccess(criterion, ctx);
    case "random":
    case "similarity":
      return scanAccess(criterion, ctx);
  }
}

function costAccess(ctx: AccessContext): CriterionAccess {
  const { index, eligible, rates, priceOf } = ctx;
  const runs = index.priceRuns.filter((run) => !Number.isNaN(rates[run.key]));
  let lo = Infinity;
  let hi = -Infinity;
  for (const run of runs) {
    const first = firstEligible(run.rows, eligible, 1);
    if (first < 0) continue;
    lo = Math.min(lo, priceOf(first));
    hi = Math.max(hi, priceOf(firstEligible(run.rows, eligible, -1)));
  }
  return {
    value: priceOf,
    lo,
    hi,
    // Within a currency converted prices keep the listed order; across currencies, merge.
    cursor: () =>
      mergeCursor(
        runs.map((run) => runCursor(run, eligible)),
        priceOf,
      ),
  };
}

function performanceAccess(ctx: AccessContext): CriterionAccess {
  const { index, eligible } = ctx;
  const scores = index.columns.performance;
  const run = index.performanceRun;
  const best = firstEligible(run.rows, eligible, 1);
  const worst = firstEligible(run.rows, eligible, -1);
  return {
    value: (row) => scores[row] as number,
    lo: worst < 0 ? Infinity : (scores[worst] as number),
    hi: best < 0 ? -Infinity : (scores[best] as number),
    cursor: () => runCursor(run, eligible),
  };
}

function placeAccess(criterion: Criterion, ctx: AccessContext): CriterionAccess {
  const { index, eligible } = ctx;
  const { codes, count, start, rows } = index.places;
  const offers = index.columns.offers;
  const values = new Float64Array(count);
  const known: number[] = [];
  for (let p = 0; p < count; p++) {
    // Every row of a place has the place's value: compute it once, from its first row.
    const v = criterion.value(offers[rows[start[p] as number] as number] as Offer);
    values[p] = v ?? Number.NaN;
    if (v !== undefined && !Number.isNaN(v)) known.push(p);
  }
  const sign = criterion.better === "lower" ? 1 : -1;
  const order = Int32Array.from(known).sort((a, b) => sign * ((values[a] as number) - (values[b] as number)) || a - b);
  const hasEligible = (p: number): boolean => {
    for (let i = start[p] as number; i < (start[p + 1] as number); i++)
      if (eligible.has(rows[i] as number)) return true;
    return false;
  };
  let lo = Infinity;
  let hi = -Infinity;
  const firstPlace = order.find(hasEligible);
  if (firstPlace !== undefined) {
    const lastPlace = order.findLast(hasEligible) as number;
    lo = Math.min(values[firstPlace] as number, values[lastPlace] as number);
    hi = Math.max(values[firstPlace] as number, values[lastPlace] as number);
  }
  let better: ((v: number) => number) | undefined;
  return {
    value: (row) => values[codes[row] as number] as number,
    lo,
    hi,
    betterThan: (v) => (better ??= placesBetterThan(values, order, sign, ctx))(v),
    cursor: () => {
      let o = 0;
      let i = order.length > 0 ? (start[order[0] as number] as number) : 0;
      return {
        next: () => {
          while (o < order.length) {
            const p = order[o] as number;
            const end = start[p + 1] as number;
            while (i < end) {
              const row = rows[i++] as number;
              if (eligible.has(row)) return row;
            }
            o++;
            if (o < order.length) i = start[order[o] as number] as number;
          }
          return -1;
        },
      };
    },
  };
}

/**
 * Eligible rows in places strictly better than a value: places sorted best first, the first
 * place not better found by binary search, the rows of the places before it counted. Counts are
 * taken on demand, so ranks near the top read only the top places' rows; past a quarter of the
 * rows, every place is counted in one walk over the eligible bits.
 */
function placesBetterThan(
  values: Float64Array,
  order: Int32Array,
  sign: number,
  ctx: AccessContext,
): (v: number) => number {
  const { start, rows } = ctx.index.places;
  const eligible = ctx.eligible;
  const keys = Float64Array.from(order, (p) => sign * (values[p] as number));
  // before[i]: eligible rows in order[0..i), known for i <= counted.
  const before = new Float64Array(order.length + 1);
  let counted = 0;
  let perPlace: Int32Array | undefined;
  return (v) => {
    const key = sign * v;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    if (counted < lo && !perPlace) {
      let toRead = 0;
      for (let i = counted; i < lo; i++)
        toRead += (start[(order[i] as number) + 1] as number) - (start[order[i] as number] as number);
      // Far down the order, one pass over the eligible bits is cheaper than the places' rows.
      if (toRead > eligible.size / 4) perPlace = countPerPlace(ctx);
    }
    for (; counted < lo; counted++) {
      const p = order[counted] as number;
      let n = 0;
      if (perPlace) n = perPlace[p] as number;
      else for (let i = start[p] as number; i < (start[p + 1] as number); i++) if (eligible.has(rows[i] as number)) n++;
      before[counted + 1] = (before[counted] as number) + n;
    }
    return before[lo] as number;
  };
}

const perPlaceCounts = new WeakMap<Bitmap, Int32Array>();

/** Eligible rows per place, in one walk over the eligible bits (location and latency share it). */
function countPerPlace(ctx: AccessContext): Int32Array {
  const known = perPlaceCounts.get(ctx.eligible);
  if (known) return known;
  const { codes, count } = ctx.index.places;
  const counts = new Int32Array(count);
  const words = ctx.eligible.words;
  for (let w = 0; w < words.length; w++) {
    let word = words[w] as number;
    const base = w << 5;
    while (word !== 0) {
      const low = word & -word;
      const p = codes[base + 31 - Math.clz32(low)] as number;
      counts[p] = (counts[p] as number) + 1;
      word ^= low;
    }
  }
  perPlaceCounts.set(ctx.eligible, counts);
  return counts;
}

function scanAccess(criterion: Criterion, ctx: AccessContext): CriterionAccess {
  const { index, eligible } = ctx;
  const offers = index.columns.offers;
  const values = new Float64Array(index.columns.size).fill(Number.NaN);
  let lo = Infinity;
  let hi = -Infinity;
  eligible.forEach((row) => {
    const v = criterion.value(offers[row] as Offer);
    if (v === undefined || Number.isNaN(v)) return;
    values[row] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  });
  return { value: (row) => values[row] as number, lo, hi, cursor: undefined };
}

/** The first eligible row of a run from its start (direction 1) or its end (-1); -1 when none. */
function firstEligible(rows: Int32Array, eligible: Bitmap, direction: 1 | -1): number {
  for (let i = direction === 1 ? 0 : rows.length - 1; i >= 0 && i < rows.length; i += direction) {
    if (eligible.has(rows[i] as number)) return rows[i] as number;
  }
  return -1;
}

function runCursor(run: SortedRun, eligible: Bitmap): Cursor {
  const rows = run.rows;
  let i = 0;
  return {
    next: () => {
      while (i < rows.length) {
        const row = rows[i++] as number;
        if (eligible.has(row)) return row;
      }
      return -1;
    },
  };
}

/** Merges cursors sorted by `value` ascending into one. */
function mergeCursor(cursors: Cursor[], value: (row: number) => number): Cursor {
  if (cursors.length === 1) return cursors[0] as Cursor;
  const heads = cursors.map((c) => c.next());
  return {
    next: () => {
      let best = -1;
      for (let c = 0; c < heads.length; c++) {
        const row = heads[c] as number;
        if (row >= 0 && (best < 0 || value(row) < value(heads[best] as number))) best = c;
      }
      if (best < 0) return -1;
      const row = heads[best] as number;
      heads[best] = (cursors[best] as Cursor).next();
      return row;
    },
  };
}
