import { invalidArgument } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";
import { specKeyString } from "./performance.js";
import type { PerformanceSource, SpecQuery } from "./performance.js";
import type { RttEntry } from "./priorities.js";
import { readPerformanceRecords } from "./performance-records.js";
import type { PerformanceRecord } from "./performance-records.js";
import {
  defaultPerformanceWeights,
  estimateScore,
  metricReference,
  performanceMetrics,
  scoreFigures,
} from "./performance-score.js";
import type { PerformanceWeights } from "./performance-score.js";
import { requireKnownKeys, requireNonNegative, requireObject } from "../util/validate.js";

/** Options of estimating performance from spec figures. */
export interface EstimatedPerformanceOptions {
  /** How much each figure counts (default `defaultPerformanceWeights`). */
  weights?: Partial<PerformanceWeights>;
}

/**
 * Scores estimated from the spec alone (its vCPU count: see `estimateScore`), on the scale of
 * measured scores. Its provenance reads "estimated from spec".
 */
export function estimatedPerformance(options: EstimatedPerformanceOptions = {}): PerformanceSource {
  const weights = checkWeights(options.weights);
  return Object.assign((spec: SpecQuery) => estimateScore(spec.vcpus, weights), {
    provenance: (spec: SpecQuery) =>
      estimateScore(spec.vcpus, weights) === undefined ? undefined : "estimated from spec",
  });
}

/** Options of scoring performance from measured figures, estimating where none were measured. */
export interface MeasuredPerformanceOptions extends EstimatedPerformanceOptions {
  /** Scores of specs without usable measured figures: default `estimatedPerformance`; null for none. */
  fallback?: PerformanceSource | null;
  /** Figures measured longer ago than this are ignored. Default: none are too old. */
  maxAgeMs?: number;
  /** What "now" is for `maxAgeMs`. Default: the current time. */
  now?: Date;
  abortSignal?: AbortSignal;
}

/** A performance source over stored measurements. */
export interface MeasuredPerformanceSource extends PerformanceSource {
  /** The figures the scores come from, per spec and region. */
  readonly figures: readonly PerformanceRecord[];
  /** Keys of store entries that were not valid records and so were not used. */
  readonly invalid: readonly string[];
}

/**
 * Scores from the figures performance evaluations stored (see `evaluatePerformance`): a spec with
 * measured figures in a region scores from them, taking precedence over the fallback (by default
 * the spec-derived estimate); explanations say "measured 2026-12-06 by cpu-loop, dd-zero" or
 * "estimated from spec". Reads the store once: call again to see newer measurements.
 */
export async function measuredPerformance(
  store: Store,
  options: MeasuredPerformanceOptions = {},
): Promise<MeasuredPerformanceSource> {
  requireObject("options", options);
  requireKnownKeys("options", options, ["weights", "fallback", "maxAgeMs", "now", "abortSignal"]);
  const weights = checkWeights(options.weights);
  const fallback = options.fallback === null ? undefined : (options.fallback ?? estimatedPerformance({ weights }));
  const maxAgeMs = options.maxAgeMs === undefined ? undefined : requireNonNegative("maxAgeMs", options.maxAgeMs);
  const now = (options.now ?? new Date()).getTime();
  const stored = await readPerformanceRecords(store, options.abortSignal ? { abortSignal: options.abortSignal } : {});
  const fresh = stored.figures.filter(
    (r) => metricReference(r.metric, r.method) && (maxAgeMs === undefined || now - r.measuredAt.getTime() <= maxAgeMs),
  );
  const bySpec = new Map<string, PerformanceRecord[]>();
  for (const r of fresh) {
    const key = specKeyString(r.spec.provider, r.spec.region, r.spec.specName);
    bySpec.set(key, [...(bySpec.get(key) ?? []), r]);
  }
  const measured = new Map<string, { score: number; provenance: string }>();
  for (const [key, records] of bySpec) {
    const score = scoreFigures(records, weights);
    if (score !== undefined && Number.isFinite(score)) measured.set(key, { score, provenance: provenanceOf(records) });
  }
  const find = (spec: SpecQuery) => measured.get(specKeyString(spec.provider, spec.region, spec.specName));
  return Object.assign((spec: SpecQuery) => find(spec)?.score ?? fallback?.(spec), {
    provenance: (spec: SpecQuery) => find(spec)?.provenance ?? fallback?.provenance?.(spec),
    figures: fresh,
    invalid: stored.invalid,
  });
}

/** "measured 2026-12-06 by cpu-loop, dd-zero": the day (UTC) or span of days, and the methods. */
function provenanceOf(records: readonly PerformanceRecord[]): string {
  const sorted = [...records].sort(
    (a, b) => performanceMetrics.indexOf(a.metric) - performanceMetrics.indexOf(b.metric),
  );
  const methods = [...new Set(sorted.map((r) => r.method))].join(", ");
  const days = records.map((r) => r.measuredAt.toISOString().slice(0, 10)).sort();
  const first = days[0] ?? "";
  const last = days[days.length - 1] ?? "";
  return `measured ${first === last ? first : `${first} to ${last}`} by ${methods}`;
}

function checkWeights(weights: Partial<PerformanceWeights> | undefined): PerformanceWeights {
  if (weights === undefined) return defaultPerformanceWeights;
  requireObject("weights", weights);
  requireKnownKeys("weights", weights, performanceMetrics);
  const out = { ...defaultPerformanceWeights };
  for (const m of performanceMetrics) {
    if (weights[m] !== undefined) out[m] = requireNonNegative(`weights.${m}`, weights[m]);
  }
  if (performanceMetrics.every((m) => out[m] === 0))
    throw invalidArgument("weights", "non-zero", "at least one weight must be above 0");
  return out;
}

/**
 * Measured RTTs between regions (from evaluations' ping matrices) as the latency priority's `rtt`
 * table: an entry from each measuring region (by name) to each peer's provider and region, for
 * `{ metric: "latency", from: [{ region: "..." }], rtt: await measuredRtt(store) }`.
 */
export async function measuredRtt(
  store: Store,
  options: Pick<MeasuredPerformanceOptions, "maxAgeMs" | "now" | "abortSignal"> = {},
): Promise<RttEntry[]> {
  requireObject("options", options);
  requireKnownKeys("options", options, ["maxAgeMs", "now", "abortSignal"]);
  const maxAgeMs = options.maxAgeMs === undefined ? undefined : requireNonNegative("maxAgeMs", options.maxAgeMs);
  const now = (options.now ?? new Date()).getTime();
  const stored = await readPerformanceRecords(store, options.abortSignal ? { abortSignal: options.abortSignal } : {});
  return stored.rtts
    .filter((r) => maxAgeMs === undefined || now - r.measuredAt.getTime() <= maxAgeMs)
    .map((r) => ({ from: r.from.region, provider: r.to.provider, region: r.to.region, ms: r.ms }));
}
