import type { McisTarget } from "@cloud-barista/mcis";

/** The statistics a query can answer per bucket (`p95`: the 95th percentile, see `MetricQuery.quantile`). */
export const statistics = ["min", "max", "avg", "last", "p95"] as const;
/** One of {@link statistics}. */
export type Statistic = (typeof statistics)[number];

/** How p95 is computed: from the raw samples, or by merging 1 %-accurate sketches (docs/monitor.md). */
export const quantileModes = ["exact", "sketch"] as const;
/** How percentiles are computed: exactly over raw rows, or from mergeable sketches (1 % relative error). */
export type QuantileMode = (typeof quantileModes)[number];

/**
 * Up to this many raw samples per query (16 MB of scratch), p95 is exact unless `quantile:
 * "sketch"`; beyond, or when rollups serve part of the period, it comes from sketches (within 1 %).
 * Over raw rows a quickselect (linear) is cheaper than sketching each sample (a logarithm each).
 */
export const exactQuantileLimit = 2_000_000;

/** The ways a query can group series into answered series (see {@link Grouping}). */
export const groupings = ["vm", "subgroup", "mcis", "series"] as const;
/** What one answered series stands for: a VM, a sub-group, the MCIS, or each stored series. */
export type Grouping = (typeof groupings)[number];

/**
 * A metric over time for an MCIS, a sub-group or a VM (mcis's `McisTarget`).
 *
 * - Each step-long bucket [from + k*step, from + (k+1)*step) answers one value; buckets without
 *   data are left out (no fill(0): missing is not zero).
 * - Counters (e.g. net bytes_recv) are answered as per-second rates unless `rate: false`.
 * - When a group holds several series (the VMs of a sub-group, the disks of a VM), min, max, avg
 *   and p95 are over all their samples in the bucket and `last` is the mean of each series' last.
 */
export interface MetricQuery {
  target: McisTarget;
  measurement: string;
  field: string;
  statistic: Statistic;
  /** Start and end of the period (ms since the epoch; end exclusive). */
  from: number;
  to: number;
  stepMs: number;
  /** Default: the target's level (vm for a VM, subgroup for a sub-group, mcis otherwise). */
  groupBy?: Grouping;
  /** More tag conditions, e.g. `{ interface: "eth0" }`. */
  tags?: Record<string, string>;
  rate?: boolean;
  /**
   * p95 only. "exact": nearest-rank over the raw samples (InvalidArgument when part of the period
   * is only in rollups); "sketch": merged quantile sketches, within 1 % (relative) of the exact
   * value. Default: exact up to `exactQuantileLimit` raw samples and no rollups, else sketch.
   */
  quantile?: QuantileMode;
}

/** A query's answer: one series per group, its tags and `[bucket start (ms), value]` points in time order. */
export interface MetricQueryResult {
  series: { tags: Record<string, string>; points: [number, number][] }[];
}
