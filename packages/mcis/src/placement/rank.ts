import { describeValue, invalidArgument } from "@cloud-barista/core";
import { compileCriteria } from "./criteria.js";
import type { Criterion } from "./criteria.js";
import { priceConverter } from "./currency.js";
import type { CurrencyOptions } from "./currency.js";
import { compileFilter } from "./filter.js";
import type { PlacementFilter } from "./filter.js";
import type { Offer } from "./offer.js";
import type { Priority, PriorityMetric } from "./priorities.js";
import { topK } from "./top-k.js";
import { isList, requireKnownKeys, requireObject } from "../util/validate.js";

/**
 * How several priorities combine. `lexicographic` (Tumblebug HEAD): sort by the first priority,
 * break its ties with the second, and so on. `weighted`: sort by `Σ wᵢ·sᵢ / Σ wᵢ`, where sᵢ is the
 * min-max normalized score of priority i over the filtered offers (1 best, 0 worst or unknown).
 */
export type CombineMode = "lexicographic" | "weighted";

export interface RankRequest {
  readonly filter?: PlacementFilter;
  /** Default: cost alone (as Tumblebug). */
  readonly priorities?: readonly Priority[];
  /** Default "lexicographic". */
  readonly combine?: CombineMode;
  /** How many results; absent or 0: every offer that passes the filter. */
  readonly limit?: number;
  readonly currency?: CurrencyOptions;
  /** Offers to leave out (blocked zones, regions, providers); asked only about offers the filter passes. */
  readonly exclude?: (offer: Offer) => boolean;
}

/** One priority's view of one ranked offer. */
export interface CriterionScore {
  readonly metric: PriorityMetric;
  readonly weight: number;
  /** In the metric's unit ($/h in the compared currency, km, ms, score); undefined when unknown. */
  readonly raw: number | undefined;
  /** Min-max normalized over the filtered offers: 1 is the best value, 0 the worst or unknown. */
  readonly normalized: number;
  /** Competition rank among the filtered offers (1 + how many are strictly better). */
  readonly rank: number | undefined;
  readonly text: string;
}

export interface RankedOffer {
  readonly offer: Offer;
  /** 1-based place in the ranking. */
  readonly position: number;
  /** The weighted sum of normalized scores (0-1); informative only under `lexicographic`. */
  readonly score: number;
  /** Hourly price in the compared currency, when known. */
  readonly price: number | undefined;
  readonly criteria: readonly CriterionScore[];
  /** "$0.042/h (3rd cheapest), 8,880 km from Seoul, ~97 ms RTT from Seoul". */
  readonly explanation: string;
}

export interface Ranking {
  readonly results: readonly RankedOffer[];
  /** Offers that passed exclusion and the filter. */
  readonly matched: number;
  readonly total: number;
  /** The currency `price` and cost figures are in. */
  readonly currency: string;
}

const rankKeys = ["filter", "priorities", "combine", "limit", "currency", "exclude"];
const defaultPriorities: readonly Priority[] = [{ metric: "cost" }];

/**
 * Filters and ranks offers. Ties (after every priority, or weighted sums equal at 12 decimals)
 * are broken by the lexicographic order of the priorities as listed, then by price (cheaper
 * first), then by offer id, so the order is total and deterministic. With a `limit` the best are picked by a bounded heap
 * instead of a full sort.
 */
export function rankOffers(offers: readonly Offer[], request: RankRequest = {}): Ranking {
  if (!isList(offers)) throw invalidArgument("offers", "type", "must be a list of offers");
  requireKnownKeys("request", requireObject("request", request), rankKeys);
  // Absent means the default; null is not absent.
  const combine = request.combine === undefined ? "lexicographic" : request.combine;
  if (combine !== "lexicographic" && combine !== "weighted") {
    throw invalidArgument("combine", "one-of", `${describeValue(combine)} is not lexicographic or weighted`);
  }
  const limit = request.limit ?? 0;
  if (!Number.isInteger(limit) || limit < 0)
    throw invalidArgument("limit", "non-negative-integer", "must be an integer >= 0");
  const { target, convert } = priceConverter("currency", request.currency);
  const accept = compileFilter(request.filter, convert);
  const criteria = compileCriteria(request.priorities ?? defaultPriorities, {
    convert,
    currency: target,
    regionLocation: (region, provider) =>
      offers.find((o) => o.location && o.region === region && (provider === undefined || o.provider === provider))
        ?.location,
  });
  const weightSum = criteria.reduce((s, c) => s + c.weight, 0);
  if (combine === "weighted" && criteria.length > 0 && weightSum === 0) {
    throw invalidArgument("priorities", "weights", "at least one weight must be > 0");
  }

  const admits = criteria.flatMap((c) => (c.admits ? [c.admits] : []));
  const exclude = request.exclude;
  const rows: Offer[] = [];
  for (const offer of offers) {
    if (!accept(offer)) continue;
    if (admits.length > 0 && !admits.every((admit) => admit(offer))) continue;
    // Exclusion last: callers may count what it sees (offers the filter let through).
    if (exclude?.(offer)) continue;
    rows.push(offer);
  }
  const table = scoreTable(rows, criteria, convert, weightSum);
  const compare = comparator(rows, table, combine === "weighted");
  const order: number[] = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) order[i] = i;
  const chosen = limit > 0 && limit < rows.length ? topK(order, limit, compare) : order.sort(compare);
  const ranks = criteria.map((_, c) => competitionRanks(table.rankKeys[c] as Float64Array, chosen));
  const results = chosen.map((row, position): RankedOffer => {
    const offer = rows[row] as Offer;
    const scores = criteria.map((criterion, c): CriterionScore => {
      const value = (table.raw[c] as Float64Array)[row] as number;
      const raw = Number.isNaN(value) ? undefined : value;
      const rank = raw === undefined ? undefined : ranks[c]?.[position];
      return {
        metric: criterion.metric,
        weight: criterion.weight,
        raw,
        normalized: table.normalized(c, row),
        rank,
        text: criterion.describe(offer, raw, rank),
      };
    });
    const price = table.price[row] as number;
    return {
      offer,
      position: position + 1,
      score: table.total[row] as number,
      price: Number.isFinite(price) ? price : undefined,
      criteria: scores,
      explanation: scores.map((s) => s.text).join(", "),
    };
  });
  return { results, matched: rows.length, total: offers.length, currency: target };
}

/** Per criterion and row: raw values (NaN = unknown), sort keys (lower is better, unknown = +∞). */
interface ScoreTable {
  readonly raw: Float64Array[];
  readonly sortKeys: Float64Array[];
  readonly rankKeys: Float64Array[];
  readonly price: Float64Array;
  readonly total: Float64Array;
  normalized(criterion: number, row: number): number;
}

function scoreTable(
  rows: readonly Offer[],
  criteria: readonly Criterion[],
  convert: (o: Offer) => number | undefined,
  weightSum: number,
): ScoreTable {
  const n = rows.length;
  const raw: Float64Array[] = [];
  const sortKeys: Float64Array[] = [];
  const rankKeys: Float64Array[] = [];
  const lows: number[] = [];
  const highs: number[] = [];
  for (const criterion of criteria) {
    const values = new Float64Array(n);
    const rankKey = new Float64Array(n);
    const sign = criterion.better === "lower" ? 1 : -1;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = criterion.value(rows[i] as Offer);
      if (v === undefined || Number.isNaN(v)) {
        values[i] = Number.NaN;
        rankKey[i] = Infinity;
        continue;
      }
      values[i] = v;
      rankKey[i] = sign * v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const res = criterion.resolution;
    let sortKey = rankKey;
    if (res !== undefined) {
      // Buckets of the raw value (Tumblebug's ROUND(d/50)*50), direction applied after.
      sortKey = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        sortKey[i] = Number.isNaN(v) ? Infinity : sign * Math.floor(v / res);
      }
    }
    raw.push(values);
    rankKeys.push(rankKey);
    sortKeys.push(sortKey);
    lows.push(lo);
    highs.push(hi);
  }
  const normalized = (c: number, row: number): number => {
    const v = (raw[c] as Float64Array)[row] as number;
    if (Number.isNaN(v)) return 0;
    const lo = lows[c] as number;
    const hi = highs[c] as number;
    if (hi === lo) return 1;
    return (criteria[c] as Criterion).better === "lower" ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo);
  };
  const total = new Float64Array(n);
  if (weightSum > 0) {
    // `normalized` inlined per criterion: this loop runs over every filtered row.
    for (let c = 0; c < criteria.length; c++) {
      const share = (criteria[c] as Criterion).weight / weightSum;
      if (share === 0) continue;
      const values = raw[c] as Float64Array;
      const lo = lows[c] as number;
      const hi = highs[c] as number;
      const lower = (criteria[c] as Criterion).better === "lower";
      const range = hi - lo;
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        if (Number.isNaN(v)) continue;
        total[i] = (total[i] as number) + share * (range === 0 ? 1 : lower ? (hi - v) / range : (v - lo) / range);
      }
    }
    // Sums equal up to rounding noise must tie (and fall to the tie-breaks), so compare them at
    // 12 decimals: rounding keeps the order transitive, unlike an epsilon comparison.
    for (let i = 0; i < n; i++) total[i] = Math.round((total[i] as number) * 1e12) / 1e12;
  }
  // The tie-break price: the cost criterion's values when there is one, else converted afresh.
  const costAt = criteria.findIndex((c) => c.metric === "cost");
  const price =
    costAt >= 0
      ? Float64Array.from(raw[costAt] as Float64Array, (v) => (Number.isNaN(v) ? Infinity : v))
      : new Float64Array(n);
  if (costAt < 0) for (let i = 0; i < n; i++) price[i] = convert(rows[i] as Offer) ?? Infinity;
  return { raw, sortKeys, rankKeys, price, total, normalized };
}

function comparator(rows: readonly Offer[], table: ScoreTable, weighted: boolean): (a: number, b: number) => number {
  const { sortKeys, price, total } = table;
  return (a, b) => {
    if (weighted) {
      const ta = total[a] as number;
      const tb = total[b] as number;
      if (ta !== tb) return tb - ta;
    }
    for (const keys of sortKeys) {
      const ka = keys[a] as number;
      const kb = keys[b] as number;
      if (ka < kb) return -1;
      if (ka > kb) return 1;
    }
    const pa = price[a] as number;
    const pb = price[b] as number;
    if (pa < pb) return -1;
    if (pa > pb) return 1;
    const ia = (rows[a] as Offer).id;
    const ib = (rows[b] as Offer).id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}

/**
 * 1 + the number of rows with a strictly smaller key, for each chosen row, in one pass over the
 * rows: O(n log k) for k chosen rows. Each row's key adds one to every chosen key above it, found
 * by binary search among the sorted chosen keys, recorded in a difference array, then summed.
 */
function competitionRanks(keys: Float64Array, chosen: readonly number[]): number[] {
  const k = chosen.length;
  const wanted = Float64Array.from(chosen, (row) => keys[row] as number).sort();
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < keys.length; i++) {
    const x = keys[i] as number;
    if (!(x < (wanted[k - 1] as number))) continue;
    // First chosen key strictly greater than x.
    let lo = 0;
    let hi = k;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((wanted[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    starts[lo] = (starts[lo] as number) + 1;
  }
  const below = new Map<number, number>();
  let running = 0;
  for (let j = 0; j < k; j++) {
    running += starts[j] as number;
    if (!below.has(wanted[j] as number)) below.set(wanted[j] as number, running);
  }
  return chosen.map((row) => (below.get(keys[row] as number) ?? 0) + 1);
}
