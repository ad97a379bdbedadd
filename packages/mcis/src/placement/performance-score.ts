// How measured figures become one performance score, and how a spec alone is estimated on the same
// scale: 100 is one reference vCPU with reference memory, disk and database figures. A score is the
// weighted geometric mean of each figure's ratio to its reference, so doubling any one figure scales
// the score by the same factor whatever its unit, and a spec estimate compares with a measured score.

/** The figures a performance evaluation measures per VM (RTT is per pair of VMs, kept apart). */
export const performanceMetrics = ["cpu", "memory", "fileio-write", "fileio-read", "db"] as const;
/** A figure a performance evaluation measures. */
export type PerformanceMetric = (typeof performanceMetrics)[number];

/** What one reference vCPU (or reference machine, for the other figures) achieves, per method. */
export interface MetricReference {
  readonly metric: PerformanceMetric;
  readonly method: string;
  readonly unit: string;
  /** The figure that scores 100 (per vCPU for cpu). */
  readonly value: number;
  /** True when the figure grows with the vCPU count (so a spec estimate multiplies it). */
  readonly perVcpu: boolean;
}

/**
 * The methods the SDK's evaluation script uses. Values are round figures near a current cloud vCPU
 * (cpu-loop: a POSIX shell loop under dash; sysbench cpu's default 10,000-prime run), a gp3-class
 * volume (200 MB/s) and a synced single-row transaction every 10 ms.
 */
export const metricReferences: readonly MetricReference[] = [
  { metric: "cpu", method: "cpu-loop", unit: "ops/s", value: 100_000, perVcpu: true },
  { metric: "cpu", method: "sysbench-cpu", unit: "events/s", value: 1_000, perVcpu: true },
  { metric: "memory", method: "dd-zero", unit: "MB/s", value: 10_000, perVcpu: false },
  { metric: "fileio-write", method: "dd-direct", unit: "MB/s", value: 200, perVcpu: false },
  { metric: "fileio-write", method: "dd-fsync", unit: "MB/s", value: 200, perVcpu: false },
  { metric: "fileio-read", method: "dd-direct", unit: "MB/s", value: 200, perVcpu: false },
  { metric: "db", method: "sqlite3-tx", unit: "tx/s", value: 100, perVcpu: false },
];

/** How much each figure counts; renormalised over the figures a spec has. */
export type PerformanceWeights = Readonly<Record<PerformanceMetric, number>>;

/** How much each measured figure counts in a performance score by default. */
export const defaultPerformanceWeights: PerformanceWeights = {
  cpu: 0.5,
  memory: 0.15,
  "fileio-write": 0.1,
  "fileio-read": 0.1,
  db: 0.15,
};

/** The reference of a (metric, method) pair, or undefined for a method the SDK does not know. */
export function metricReference(metric: string, method: string): MetricReference | undefined {
  return metricReferences.find((r) => r.metric === metric && r.method === method);
}

/** One measured figure as scoring needs it. */
export interface ScoredFigure {
  readonly metric: PerformanceMetric;
  readonly method: string;
  readonly value: number;
}

/**
 * The score of measured figures (weighted geometric mean of ratios to the references, × 100), or
 * undefined when no figure has a known reference and a positive weight. Zero figures score 0.
 */
export function scoreFigures(
  figures: readonly ScoredFigure[],
  weights: PerformanceWeights = defaultPerformanceWeights,
): number | undefined {
  let logSum = 0;
  let weightSum = 0;
  let zero = false;
  for (const f of figures) {
    const ref = metricReference(f.metric, f.method);
    const w = weights[f.metric];
    if (!ref || !(w > 0) || !Number.isFinite(f.value) || f.value < 0) continue;
    weightSum += w;
    if (f.value === 0) zero = true;
    else logSum += w * Math.log(f.value / ref.value);
  }
  if (weightSum === 0) return undefined;
  return zero ? 0 : 100 * Math.exp(logSum / weightSum);
}

/**
 * The score a spec is estimated at from its vCPU count alone: each vCPU as fast as the reference,
 * every other figure at its reference. Undefined without a positive vCPU count.
 */
export function estimateScore(
  vcpus: number | undefined,
  weights: PerformanceWeights = defaultPerformanceWeights,
): number | undefined {
  if (vcpus === undefined || !Number.isFinite(vcpus) || vcpus <= 0) return undefined;
  const total = performanceMetrics.reduce((s, m) => s + Math.max(0, weights[m]), 0);
  if (total === 0) return undefined;
  return 100 * Math.pow(vcpus, Math.max(0, weights.cpu) / total);
}
