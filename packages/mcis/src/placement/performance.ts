import { invalidArgument } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { requireProvider } from "../util/validate.js";

/** What a performance source is asked about. */
export interface SpecKey {
  readonly provider: ProviderName;
  readonly region: string;
  readonly specName: string;
}

/** A per-spec benchmark score (higher is better), or undefined when there is none. */
export type PerformanceSource = (spec: SpecKey) => number | undefined;

/** One row of a score table; without `region` it applies to the spec in every region. */
export interface PerformanceScore {
  readonly provider: ProviderName;
  readonly region?: string;
  readonly specName: string;
  readonly score: number;
}

/**
 * A performance source from a table of scores (user-supplied, or measured with a benchmark agent
 * as Tumblebug's evaluationScore01). A region-specific row wins over a provider-wide one.
 */
export function performanceTable(rows: readonly PerformanceScore[]): PerformanceSource {
  const scores = new Map<string, number>();
  rows.forEach((row, i) => {
    requireProvider(`performance[${i}].provider`, row.provider);
    if (typeof row.score !== "number" || !Number.isFinite(row.score)) {
      throw invalidArgument(`performance[${i}].score`, "number", "must be a finite number");
    }
    scores.set(key(row.provider, row.region ?? "*", row.specName), row.score);
  });
  return (spec) =>
    scores.get(key(spec.provider, spec.region, spec.specName)) ?? scores.get(key(spec.provider, "*", spec.specName));
}

const key = (provider: string, region: string, specName: string): string =>
  `${provider}\u0000${region}\u0000${specName}`;
