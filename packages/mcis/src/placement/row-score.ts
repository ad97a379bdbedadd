import type { Criterion } from "./criteria.js";
import type { CriterionAccess } from "./criterion-access.js";
import type { Offer } from "./offer.js";

/** A row being ranked, with what the order compares. */
export interface Candidate {
  readonly row: number;
  /** The weighted sum of normalized scores, rounded to 12 decimals. */
  readonly total: number;
  /** Per criterion: lower is better, unknown is +Infinity, bucketed by `resolution`. */
  readonly keys: readonly number[];
  /** The tie-break price in the compared currency; +Infinity when unknown. */
  readonly price: number;
  readonly id: string;
}

/**
 * Scores rows the one way every path must: min-max normalization over the eligible rows, the
 * weighted sum in criterion order, rounded to 12 decimals so that sums equal up to rounding noise
 * tie; then the total order (score when weighted, the criteria as listed, price, offer id, and
 * catalog order for duplicate ids).
 */
export class RowScorer {
  readonly shares: Float64Array;
  private readonly criteria: readonly Criterion[];
  private readonly access: readonly CriterionAccess[];
  private readonly offers: readonly Offer[];
  private readonly priceOf: (row: number) => number;
  private readonly weighted: boolean;
  private readonly costAt: number;
  /** False when every weight is 0: totals stay 0. */
  private readonly summed: boolean;

  constructor(
    criteria: readonly Criterion[],
    access: readonly CriterionAccess[],
    offers: readonly Offer[],
    priceOf: (row: number) => number,
    weighted: boolean,
  ) {
    this.criteria = criteria;
    this.access = access;
    this.offers = offers;
    this.priceOf = priceOf;
    this.weighted = weighted;
    const weightSum = criteria.reduce((s, c) => s + c.weight, 0);
    this.shares = Float64Array.from(criteria, (c) => (weightSum > 0 ? c.weight / weightSum : 0));
    this.costAt = criteria.findIndex((c) => c.metric === "cost");
    this.summed = weightSum > 0;
  }

  /** Criterion c's share of the sum times the normalized score of value v (0 when unknown). */
  term(c: number, v: number): number {
    if (Number.isNaN(v)) return 0;
    return (this.shares[c] as number) * this.normalized(c, v);
  }

  /** Min-max normalized: 1 for the best eligible value, 0 for the worst or unknown. */
  normalized(c: number, v: number): number {
    if (Number.isNaN(v)) return 0;
    const { lo, hi } = this.access[c] as CriterionAccess;
    const range = hi - lo;
    if (range === 0) return 1;
    return (this.criteria[c] as Criterion).better === "lower" ? (hi - v) / range : (v - lo) / range;
  }

  /** Rounded the way totals are, so a bound compares with totals. */
  static round(sum: number): number {
    return Math.round(sum * 1e12) / 1e12;
  }

  /** The row's weighted sum, rounded; 0 when every weight is 0. */
  total(row: number): number {
    if (!this.summed) return 0;
    let sum = 0;
    for (let c = 0; c < this.criteria.length; c++) {
      if ((this.shares[c] as number) === 0) continue;
      const v = (this.access[c] as CriterionAccess).value(row);
      if (!Number.isNaN(v)) sum += this.term(c, v);
    }
    return RowScorer.round(sum);
  }

  /** The row with everything the order compares; `total` when the caller already has it. */
  candidate(row: number, total = this.total(row)): Candidate {
    const count = this.criteria.length;
    const keys = new Array<number>(count);
    for (let c = 0; c < count; c++) {
      const criterion = this.criteria[c] as Criterion;
      const v = (this.access[c] as CriterionAccess).value(row);
      const sign = criterion.better === "lower" ? 1 : -1;
      const res = criterion.resolution;
      keys[c] = Number.isNaN(v) ? Infinity : res === undefined ? sign * v : sign * Math.floor(v / res);
    }
    const cost = this.costAt >= 0 ? (this.access[this.costAt] as CriterionAccess).value(row) : this.priceOf(row);
    return {
      row,
      total,
      keys,
      price: Number.isNaN(cost) ? Infinity : cost,
      id: (this.offers[row] as Offer).id,
    };
  }

  readonly compare = (a: Candidate, b: Candidate): number => {
    if (this.weighted && a.total !== b.total) return b.total - a.total;
    const count = a.keys.length;
    for (let c = 0; c < count; c++) {
      const ka = a.keys[c] as number;
      const kb = b.keys[c] as number;
      if (ka < kb) return -1;
      if (ka > kb) return 1;
    }
    if (a.price < b.price) return -1;
    if (a.price > b.price) return 1;
    if (a.id !== b.id) return a.id < b.id ? -1 : 1;
    return a.row - b.row;
  };
}
