import { invalidArgument } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { requireProvider } from "../util/validate.js";

/** What a performance source is asked about. */
export interface SpecKey {
  readonly provider: ProviderName;
  readonly region: string;
  readonly specName: string;
}

/**
 * What the catalog asks a performance source: the spec's key and, when the catalog knows them, its
 * figures (so a source can estimate a score from the spec).
 */
export interface SpecQuery extends SpecKey {
  readonly vcpus?: number;
  readonly memoryGiB?: number;
}

/**
 * A per-spec benchmark score (higher is better), or undefined when there is none. A source may say
 * where a score comes from (`provenance`): rankings show it in their explanations.
 */
export interface PerformanceSource {
  (spec: SpecQuery): number | undefined;
  /** "measured 2026-12-06 by cpu-loop", "estimated from spec"; undefined says nothing. */
  readonly provenance?: (spec: SpecQuery) => string | undefined;
}

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
    scores.set(specKeyString(row.provider, row.region ?? "*", row.specName), row.score);
  });
  return (spec) =>
    scores.get(specKeyString(spec.provider, spec.region, spec.specName)) ??
    scores.get(specKeyString(spec.provider, "*", spec.specName));
}

/** A map key for one spec in one region. */
export const specKeyString = (provider: string, region: string, specName: string): string =>
  `${provider}\u0000${region}\u0000${specName}`;
