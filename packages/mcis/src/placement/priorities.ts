import type { ProviderName } from "@cloud-barista/core";
import type { LatencyModel } from "./latency-model.js";
import type { GeoPoint } from "./geo.js";
import type { SimilarityPolicy, SimilarityTarget } from "./similarity.js";

/** What a priority ranks by. */
export type PriorityMetric = "cost" | "performance" | "location" | "latency" | "random" | "similarity";

/** What a priority can rank offers by. */
export const priorityMetrics: readonly PriorityMetric[] = [
  "cost",
  "performance",
  "location",
  "latency",
  "random",
  "similarity",
];

interface PriorityBase {
  /** Weight in a weighted sum (default 1); ignored by the lexicographic sort. */
  readonly weight?: number;
  /**
   * Lexicographic sort only: values within the same bucket of this size tie and fall through to
   * the next priority (Tumblebug buckets distances by 50 km). In the metric's unit: $/h, km, ms.
   */
  readonly resolution?: number;
}

/** Cheapest first (hourly on-demand price, compared in one currency: see CurrencyOptions). */
export interface CostPriority extends PriorityBase {
  readonly metric: "cost";
}

/** Highest performance score first (offers without a score last). */
export interface PerformancePriority extends PriorityBase {
  readonly metric: "performance";
}

/**
 * Nearest first: great-circle distance from the region to a point, or to the spherical centroid
 * of several points.
 */
export interface LocationPriority extends PriorityBase {
  readonly metric: "location";
  readonly near: GeoPoint | readonly GeoPoint[];
}

/** Where users are: a point, or a region whose coordinates the catalog knows. */
export type LatencyOrigin =
  GeoPoint | { readonly region: string; readonly provider?: ProviderName; readonly label?: string };

/** A measured round-trip time from an origin (by label, or region name) to a region. */
export interface RttEntry {
  readonly from: string;
  /** Any provider's region of that name when absent. */
  readonly provider?: ProviderName;
  readonly region: string;
  readonly ms: number;
}

/**
 * Lowest summed round-trip time from every origin first: measured where `rtt` has the pair,
 * otherwise modelled from the great-circle distance (see LatencyModel).
 */
export interface LatencyPriority extends PriorityBase {
  readonly metric: "latency";
  readonly from: readonly LatencyOrigin[];
  readonly rtt?: readonly RttEntry[];
  readonly model?: Partial<LatencyModel>;
}

/** A reproducible shuffle: each offer draws from [0, 1) under `seed`; lowest first. */
export interface RandomPriority extends PriorityBase {
  readonly metric: "random";
  readonly seed: number;
}

/**
 * Most similar to a wanted spec first (0-100, see similarityScorer). Offers the similarity
 * policy excludes (a required field differs, a preferred one is outside tolerance) are dropped.
 */
export interface SimilarityPriority extends PriorityBase {
  readonly metric: "similarity";
  readonly like: SimilarityTarget;
  readonly policy?: SimilarityPolicy;
}

/** One way to rank offers: cost, performance, location, latency, similarity or random. */
export type Priority =
  CostPriority | PerformancePriority | LocationPriority | LatencyPriority | RandomPriority | SimilarityPriority;
