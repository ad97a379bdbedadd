import type { CallRecord, CallSummary } from "./call-record.js";

/**
 * Count, error rate and latency of a set of calls. Percentiles use the nearest-rank method: the
 * p-th percentile of n sorted values is the value at 1-based rank ceil(p * n / 100), so it is
 * always one of the observed values (no interpolation). An empty set gives all zeros.
 */
export function summarizeCalls(records: readonly CallRecord[]): CallSummary {
  const count = records.length;
  const errorCount = records.filter((r) => r.error !== undefined).length;
  const elapsed = records.map((r) => r.elapsedMs).sort((a, b) => a - b);
  const sum = elapsed.reduce((total, ms) => total + ms, 0);
  return {
    count,
    errorCount,
    errorRate: count === 0 ? 0 : errorCount / count,
    elapsedMs: {
      mean: count === 0 ? 0 : sum / count,
      p50: nearestRank(elapsed, 50),
      p95: nearestRank(elapsed, 95),
      p99: nearestRank(elapsed, 99),
      max: elapsed.at(-1) ?? 0,
    },
  };
}

/** The nearest-rank `percent`-th percentile of ascending `sorted` values (0 when empty). */
export function nearestRank(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) return 0;
  // percent * n before dividing keeps integer inputs exact (0.95 * 100 is not exactly 95).
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((percent * sorted.length) / 100)));
  return sorted[rank - 1] ?? 0;
}
