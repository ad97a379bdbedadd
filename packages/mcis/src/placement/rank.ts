import { describeValue, invalidArgument } from "@cloud-barista/core";
import { competitionRanks } from "./competition-rank.js";
import { compileCriteria } from "./criteria.js";
import { criterionAccess } from "./criterion-access.js";
import type { CriterionAccess } from "./criterion-access.js";
import { priceConverter } from "./currency.js";
import type { CurrencyOptions } from "./currency.js";
import { checkFilter } from "./filter.js";
import type { PlacementFilter } from "./filter.js";
import { filterBitmap } from "./filter-bitmap.js";
import type { Offer } from "./offer.js";
import { placementIndex } from "./placement-index.js";
import type { Priority, PriorityMetric } from "./priorities.js";
import { RowScorer } from "./row-score.js";
import { selectRows } from "./select-rows.js";
import { isList, requireKnownKeys, requireObject } from "../util/validate.js";

/**
 * How several priorities combine. `lexicographic` (Tumblebug HEAD): sort by the first priority,
 * break its ties with the second, and so on. `weighted`: sort by `Σ wᵢ·sᵢ / Σ wᵢ`, where sᵢ is the
 * min-max normalized score of priority i over the filtered offers (1 best, 0 worst or unknown).
 */
export type CombineMode = "lexicographic" | "weighted";

/** What to rank: a filter, priorities and how to combine them. */
export interface RankRequest {
  readonly filter?: PlacementFilter;
  /** Default: cost alone (as Tumblebug). */
  readonly priorities?: readonly Priority[];
  /** Default "lexicographic". */
  readonly combine?: CombineMode;
  /**
   * How many results: absent, the best `defaultRankLimit` (50); `"all"` (or 0), every offer that
   * passes the filter, each explained, which costs a sort of them all.
   */
  readonly limit?: number | "all";
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

/** An offer with its place and score in a ranking. */
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

/** The ranked offers and how many matched. */
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

/** Results when a request gives no limit: a page a person reads, and cheap to explain. */
export const defaultRankLimit = 50;

/**
 * Filters and ranks offers. Ties (after every priority, or weighted sums equal at 12 decimals)
 * are broken by the lexicographic order of the priorities as listed, then by price (cheaper
 * first), then by offer id, so the order is total and deterministic.
 *
 * Works on the catalog's index (`placementIndex`, built on the first request for an offers array
 * and reused): filters are bitmaps over columns, the best `limit` come from sorted access where the
 * priorities allow it (see selectRows), and only the offers returned are explained.
 */
export function rankOffers(offers: readonly Offer[], request: RankRequest = {}): Ranking {
  if (!isList(offers)) throw invalidArgument("offers", "type", "must be a list of offers");
  requireKnownKeys("request", requireObject("request", request), rankKeys);
  // Absent means the default; null is not absent.
  const combine = request.combine === undefined ? "lexicographic" : request.combine;
  if (combine !== "lexicographic" && combine !== "weighted") {
    throw invalidArgument("combine", "one-of", `${describeValue(combine)} is not lexicographic or weighted`);
  }
  const limit = checkLimit(request.limit);
  const { target, convert, rate } = priceConverter("currency", request.currency);
  const conditions = checkFilter(request.filter);
  const criteria = compileCriteria(request.priorities ?? defaultPriorities, {
    convert,
    currency: target,
    regionLocation: (region, provider) => placementIndex(offers).regionLocation(region, provider),
  });
  const weightSum = criteria.reduce((s, c) => s + c.weight, 0);
  if (combine === "weighted" && criteria.length > 0 && weightSum === 0) {
    throw invalidArgument("priorities", "weights", "at least one weight must be > 0");
  }
  // Built (or found) once the request is known to be valid.
  const index = placementIndex(offers);

  const { columns } = index;
  const rates = Float64Array.from(columns.currency.values, (c) =>
    c === undefined ? Number.NaN : (rate(c) ?? Number.NaN),
  );
  const { perHour } = columns;
  const currencyCodes = columns.currency.codes;
  const priceOf = (row: number): number => (perHour[row] as number) * (rates[currencyCodes[row] as number] as number);
  const eligible = filterBitmap(columns, conditions, rates);
  const admits = criteria.flatMap((c) => (c.admits ? [c.admits] : []));
  const exclude = request.exclude;
  if (admits.length > 0 || exclude) {
    eligible.forEach((row) => {
      const offer = offers[row] as Offer;
      // Exclusion last: callers may count what it sees (offers the filter let through).
      if (!admits.every((admit) => admit(offer)) || exclude?.(offer)) eligible.delete(row);
    });
  }
  const matched = eligible.count();
  const context = { index, eligible, rates, priceOf };
  const access = criteria.map((c) => criterionAccess(c, context));
  const scorer = new RowScorer(criteria, access, offers, priceOf, combine === "weighted");
  const chosen = selectRows(limit, matched, eligible, access, scorer, combine === "weighted");
  const rows = chosen.map((c) => c.row);
  const ranks = criteria.map((c, i) => competitionRanks(access[i] as CriterionAccess, c.better, eligible, rows));
  const results = chosen.map((candidate, position): RankedOffer => {
    const offer = offers[candidate.row] as Offer;
    const scores = criteria.map((criterion, c): CriterionScore => {
      const value = (access[c] as CriterionAccess).value(candidate.row);
      const raw = Number.isNaN(value) ? undefined : value;
      const rank = ranks[c]?.[position];
      return {
        metric: criterion.metric,
        weight: criterion.weight,
        raw,
        normalized: scorer.normalized(c, value),
        rank,
        text: criterion.describe(offer, raw, rank),
      };
    });
    return {
      offer,
      position: position + 1,
      score: candidate.total,
      price: Number.isFinite(candidate.price) ? candidate.price : undefined,
      criteria: scores,
      explanation: scores.map((s) => s.text).join(", "),
    };
  });
  return { results, matched, total: offers.length, currency: target };
}

/** The number of results wanted; undefined for all of them. */
function checkLimit(limit: RankRequest["limit"]): number | undefined {
  if (limit === undefined) return defaultRankLimit;
  if (limit === "all" || limit === 0) return undefined;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 0)
    throw invalidArgument("limit", "non-negative-integer", 'must be an integer >= 0 or "all"');
  return limit;
}
