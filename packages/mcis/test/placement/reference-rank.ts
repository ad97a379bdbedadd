// The ranking as it was before the placement index (issue 12), kept verbatim as the reference the
// indexed ranking must equal: same order, scores, ranks and texts. Only `limit` differs: the
// index's default limit is the caller's business here, so absent, 0 and "all" all mean every offer.

import { describeValue, invalidArgument } from "@cloud-barista/core";
import { compileCriteria } from "../../src/placement/criteria.js";
import type { Criterion } from "../../src/placement/criteria.js";
import { priceConverter } from "../../src/placement/currency.js";
import { compileFilter } from "../../src/placement/filter.js";
import type { Offer } from "../../src/placement/offer.js";
import type { Priority } from "../../src/placement/priorities.js";
import type { CriterionScore, RankRequest, RankedOffer, Ranking } from "../../src/placement/rank.js";
import { topK } from "../../src/placement/top-k.js";
import { isList, requireKnownKeys, requireObject } from "../../src/util/validate.js";

const rankKeys = ["filter", "priorities", "combine", "limit", "currency", "exclude"];
const defaultPriorities: readonly Priority[] = [{ metric: "cost" }];

/**
 * Filters and ranks offers. Ties (after every priority, or weighted sums equal at 12 decimals)
 * are broken by the lexicographic order of the priorities as listed, then by price (cheaper
 * first), then by offer id, so the order is total and deterministic. With a `limit` the best are picked by a bounded heap
 * instead of a full sort.
 */
export function referenceRankOffers(offers: readonly Offer[], request: RankRequest = {}): Ranking {
  if (!isList(offers)) throw invalidArgument("offers", "type", "must be a list of offers");
  requireKnownKeys("request", requireObject("request", request), rankKeys);
  // Absent means the default; null is not absent.
  const combine = request.combine === undefined ? "lexicographic" : request.combine;
  if (combine !== "lexicographic" && combine !== "weighted") {
    throw invalidArgument("combine", "one-of", `${describeValue(combine)} is not lexicographic or weighted`);
  }
  const limit = request.limit === "all" ? 0 : (request.limit ?? 0);
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
