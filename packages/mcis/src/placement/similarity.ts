import { invalidArgument } from "@cloud-barista/core";
import type { Architecture } from "@cloud-barista/core";
import { priceConverter } from "./currency.js";
import type { CurrencyOptions } from "./currency.js";
import type { Offer } from "./offer.js";
import { mcisLimits } from "../model/limits.js";
import {
  requireKnownKeys,
  requireMaxLength,
  requireNonNegative,
  requireNonNegativeInteger,
  requireObject,
} from "../util/validate.js";

/**
 * How a field of the wanted spec counts (Tumblebug `computeAlternativeSimilarityScore`):
 * `required` must match exactly and is not scored; `preferred` must lie within ±tolerance and is
 * scored; `open` is ignored.
 */
export type FieldPolicy = "required" | "preferred" | "open";

/** "Something like this": the spec the user has in mind. Absent fields are ignored. */
export interface SimilarityTarget {
  readonly vcpus?: number;
  readonly memoryGiB?: number;
  readonly architecture?: Architecture;
  readonly gpuCount?: number;
  /** Memory of one GPU. */
  readonly gpuMemoryGB?: number;
  readonly gpuModel?: string;
}

/** Which spec fields an alternative must match, should match or may ignore. */
export interface SimilarityPolicy {
  /** Default preferred. */
  readonly vcpus?: FieldPolicy;
  /** Default preferred. */
  readonly memoryGiB?: FieldPolicy;
  /** Default required. */
  readonly architecture?: FieldPolicy;
  /** GPU or none: default required, so a GPU request never gets a CPU-only spec and vice versa. */
  readonly acceleratorType?: FieldPolicy;
  /** Default preferred. */
  readonly gpuCount?: FieldPolicy;
  /** Default preferred. */
  readonly gpuMemoryGB?: FieldPolicy;
  /** Default open; preferred scores 1 on a (substring) match, 0 otherwise. */
  readonly gpuModel?: FieldPolicy;
  /** Width of the preferred band, in percent of the wanted value. Default 20. */
  readonly tolerancePercent?: number;
}

type Field = "vcpus" | "memoryGiB" | "architecture" | "acceleratorType" | "gpuCount" | "gpuMemoryGB" | "gpuModel";

const defaults: Readonly<Record<Field, FieldPolicy>> = {
  vcpus: "preferred",
  memoryGiB: "preferred",
  architecture: "required",
  acceleratorType: "required",
  gpuCount: "preferred",
  gpuMemoryGB: "preferred",
  gpuModel: "open",
};

/** Tumblebug's weights; gpuModel (10, GPU mode only) is this SDK's addition. */
const cpuWeights: Readonly<Partial<Record<Field, number>>> = { vcpus: 40, memoryGiB: 40, architecture: 20 };
const gpuWeights: Readonly<Partial<Record<Field, number>>> = {
  vcpus: 15,
  memoryGiB: 15,
  gpuCount: 35,
  gpuMemoryGB: 25,
  architecture: 10,
  gpuModel: 10,
};

const fields = Object.keys(defaults) as Field[];
const policies: readonly FieldPolicy[] = ["required", "preferred", "open"];

/** Scores an offer from 0 to 100 against the target, or -1 when it is excluded. */
export type SimilarityScorer = (offer: Offer) => number;

/**
 * Compiles a similarity scorer. With `ratio(a, b) = min(a, b) / max(a, b)` (1 when both are 0)
 * for numbers and 1/0 for a match of architecture or GPU model:
 * `score = 100 · Σ_preferred ratio · w / Σ_preferred w`, or 100 when nothing is preferred; -1
 * when a required field differs or a preferred number lies outside ±tolerance. Weights: vCPU 40,
 * memory 40, architecture 20; when the target wants GPUs: vCPU 15, memory 15, GPU count 35, GPU
 * memory 25, architecture 10 (GPU model 10).
 */
export function similarityScorer(
  target: SimilarityTarget,
  policy: SimilarityPolicy = {},
  field = "similarity",
): SimilarityScorer {
  requireKnownKeys(`${field}.like`, requireObject(`${field}.like`, target), [
    "vcpus",
    "memoryGiB",
    "architecture",
    "gpuCount",
    "gpuMemoryGB",
    "gpuModel",
  ]);
  requireKnownKeys(`${field}.policy`, requireObject(`${field}.policy`, policy), [...fields, "tolerancePercent"]);
  for (const f of ["vcpus", "memoryGiB", "gpuCount", "gpuMemoryGB"] as const) {
    if (target[f] !== undefined) requireNonNegative(`${field}.like.${f}`, target[f]);
  }
  for (const f of ["architecture", "gpuModel"] as const) {
    if (target[f] !== undefined && typeof target[f] !== "string")
      throw invalidArgument(`${field}.like.${f}`, "string", "must be a string");
    requireMaxLength(`${field}.like.${f}`, target[f], mcisLimits.textLength);
  }
  const tolerance = requireNonNegative(`${field}.policy.tolerancePercent`, policy.tolerancePercent ?? 20) / 100;
  const wantsGpu = (target.gpuCount ?? 0) > 0 || target.gpuModel !== undefined;
  const weights = wantsGpu ? gpuWeights : cpuWeights;
  const modeOf = (f: Field): FieldPolicy => {
    const mode = policy[f] ?? defaults[f];
    if (!policies.includes(mode))
      throw invalidArgument(`${field}.policy.${f}`, "policy", `must be one of ${policies.join(", ")}`);
    return mode;
  };
  const never = (): boolean => false;
  const terms: {
    mode: FieldPolicy;
    weight: number;
    ratio: (o: Offer) => number;
    exact: (o: Offer) => boolean;
    outside: (o: Offer) => boolean;
  }[] = [];
  const numeric = (f: "vcpus" | "memoryGiB" | "gpuCount" | "gpuMemoryGB"): void => {
    const wanted = target[f];
    if (wanted === undefined) return;
    terms.push({
      mode: modeOf(f),
      weight: weights[f] ?? 0,
      ratio: (o) => ratio(o[f], wanted),
      exact: (o) => o[f] === wanted,
      outside: (o) => Math.abs(o[f] - wanted) > wanted * tolerance + 1e-9,
    });
  };
  numeric("vcpus");
  numeric("memoryGiB");
  numeric("gpuCount");
  numeric("gpuMemoryGB");
  const arch = target.architecture;
  if (arch !== undefined) {
    const same = (o: Offer): boolean => o.architecture === arch;
    terms.push({
      mode: modeOf("architecture"),
      weight: weights.architecture ?? 0,
      ratio: (o) => (same(o) ? 1 : 0),
      exact: same,
      outside: never,
    });
  }
  const model = target.gpuModel?.toLowerCase();
  if (model !== undefined) {
    const hit = (o: Offer): boolean => o.gpuModel?.toLowerCase().includes(model) ?? false;
    terms.push({
      mode: modeOf("gpuModel"),
      weight: weights.gpuModel ?? 0,
      ratio: (o) => (hit(o) ? 1 : 0),
      exact: hit,
      outside: never,
    });
  }
  const typeMode = modeOf("acceleratorType");
  const active = terms.filter((t) => t.mode !== "open");
  const preferredWeight = active.filter((t) => t.mode === "preferred").reduce((s, t) => s + t.weight, 0);
  return (offer) => {
    if (typeMode === "required" && offer.gpuCount > 0 !== wantsGpu) return -1;
    let sum = 0;
    for (const t of active) {
      if (t.mode === "required") {
        if (!t.exact(offer)) return -1;
        continue;
      }
      // Numbers must lie inside the band; architecture and model only lower the score.
      if (t.outside(offer)) return -1;
      sum += t.ratio(offer) * t.weight;
    }
    return preferredWeight === 0 ? 100 : (100 * sum) / preferredWeight;
  };
}

/** `min(a, b) / max(a, b)`, 1 when both are 0. */
export function ratio(a: number, b: number): number {
  const hi = Math.max(a, b);
  return hi === 0 ? 1 : Math.min(a, b) / hi;
}

/** An offer like the target, with its similarity score. */
export interface Alternative {
  readonly offer: Offer;
  readonly score: number;
}

/** Options of finding alternatives to an offer that failed. */
export interface AlternativeOptions {
  policy?: SimilarityPolicy;
  /** Default 5 (Tumblebug's specCandidateLimit); 0 for all. */
  limit?: number;
  /** Offers to leave out (the one that failed, blocked places). */
  exclude?: (offer: Offer) => boolean;
  /** How prices compare for the tie-break. */
  currency?: CurrencyOptions;
}

/**
 * Offers like the target, best first: by similarity, then by price (unknown or unconvertible
 * last), then by id. Excluded offers (score -1) are left out.
 */
export function findAlternatives(
  offers: readonly Offer[],
  target: SimilarityTarget,
  options: AlternativeOptions = {},
): Alternative[] {
  const score = similarityScorer(target, options.policy);
  const limit = requireNonNegativeInteger("limit", options.limit ?? 5);
  const { convert } = priceConverter("currency", options.currency);
  const price = (o: Offer): number => convert(o) ?? Infinity;
  return offers
    .filter((o) => !options.exclude?.(o))
    .map((offer) => ({ offer, score: score(offer) }))
    .filter((a) => a.score >= 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        price(a.offer) - price(b.offer) ||
        (a.offer.id < b.offer.id ? -1 : a.offer.id > b.offer.id ? 1 : 0),
    )
    .slice(0, limit > 0 ? limit : undefined);
}
