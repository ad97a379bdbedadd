import { invalidArgument } from "@cloud-barista/core";
import type { Architecture, GeoLocation, ProviderName } from "@cloud-barista/core";
import type { PriceConverter } from "./currency.js";
import { haversineKm, requireGeoPoint } from "./geo.js";
import type { GeoPoint } from "./geo.js";
import type { Offer, OfferImage } from "./offer.js";
import { mcisLimits } from "../model/limits.js";
import { holdsTerm } from "./text-terms.js";
import {
  requireKnownKeys,
  requireNonNegative,
  requireObject,
  requireProvider,
  requireStringList,
} from "../util/validate.js";

/** Exact values are looked up in a set; substring terms are matched against every offer, so fewer are allowed. */
const exactValues = { items: mcisLimits.listItems, length: mcisLimits.textLength };
const substringTerms = { items: mcisLimits.matchTerms, length: mcisLimits.textLength };

/** Numeric offer figures a filter can bound. */
export const numericMetrics = [
  "vcpus",
  "memoryGiB",
  "diskGB",
  "gpuCount",
  "gpuMemoryGB",
  "pricePerHour",
  "performance",
] as const;
/** A numeric spec field a filter can bound. */
export type NumericMetric = (typeof numericMetrics)[number];

/** Inclusive bounds; either may be absent. */
export interface NumericRange {
  readonly min?: number;
  readonly max?: number;
}

/** One value or any of several. */
export type StringMatch = string | readonly string[];

/** The CPU architectures a filter can ask for. */
export const architectures: readonly Architecture[] = [
  "x86_64",
  "arm64",
  "x86_32",
  "arm32",
  "x86_64_mac",
  "arm64_mac",
  "NA",
];

/**
 * Which offers qualify. Every condition given must hold. Ranges are inclusive; an offer whose
 * figure is unknown (no price, no performance score) fails any range on that figure. Provider,
 * region, zone and connection match exactly, ignoring case (a provider must be one the SDK knows);
 * GPU model and OS match as case-insensitive substrings ("a100", "ubuntu 24").
 */
export interface PlacementFilter {
  readonly ranges?: Partial<Record<NumericMetric, NumericRange>>;
  readonly provider?: ProviderName | readonly ProviderName[];
  readonly region?: StringMatch;
  readonly zone?: StringMatch;
  readonly connection?: StringMatch;
  readonly architecture?: Architecture | readonly Architecture[];
  readonly gpuModel?: StringMatch;
  /** An available image of the spec's architecture must match (distribution or image name). */
  readonly os?: StringMatch;
  /** Only regions within `radiusKm` of `point` (great-circle); unknown locations fail. */
  readonly within?: { readonly point: GeoPoint; readonly radiusKm: number };
}

const filterKeys = ["ranges", "provider", "region", "zone", "connection", "architecture", "gpuModel", "os", "within"];

export type OfferPredicate = (offer: Offer) => boolean;

/** An inclusive range on a numeric figure; an unknown figure fails it. */
export interface RangeCondition {
  readonly kind: "range";
  readonly metric: NumericMetric;
  readonly min: number;
  readonly max: number;
}

/** The offer fields a condition can test value by value, and their values. */
export interface FieldValues {
  readonly provider: string;
  readonly region: string;
  readonly zone: string | undefined;
  readonly connection: string;
  readonly architecture: string;
  readonly gpuModel: string | undefined;
  readonly images: readonly OfferImage[];
  readonly location: GeoLocation | undefined;
}

/** A test of one field's value: offers that share the value (or the object) share the outcome. */
export type ValueCondition = {
  [F in keyof FieldValues]: {
    readonly kind: "value";
    readonly field: F;
    readonly accepts: (value: FieldValues[F]) => boolean;
  };
}[keyof FieldValues];

export type FilterCondition = RangeCondition | ValueCondition;

/**
 * Checks a filter and returns its conditions, all of which must hold. Unknown fields or metric
 * names, negative bounds and min > max are InvalidArgument errors naming the field
 * (`filter.ranges.vcpus`).
 */
export function checkFilter(filter: PlacementFilter | undefined, field = "filter"): FilterCondition[] {
  if (filter === undefined) return [];
  requireKnownKeys(field, requireObject(field, filter), filterKeys);
  const conditions: FilterCondition[] = [];
  if (filter.ranges !== undefined) {
    requireKnownKeys(
      `${field}.ranges`,
      requireObject(`${field}.ranges`, filter.ranges),
      numericMetrics,
      "unknown-metric",
    );
    for (const metric of numericMetrics) {
      const range = filter.ranges[metric];
      if (range !== undefined) conditions.push(rangeCondition(`${field}.ranges.${metric}`, metric, range));
    }
  }
  const exact = (key: "provider" | "region" | "zone" | "connection"): void => {
    if (filter[key] === undefined) return;
    const list = requireStringList(`${field}.${key}`, filter[key], exactValues);
    // A misspelt provider would silently match nothing; provider names are upper case.
    if (key === "provider") {
      list.forEach((p, i) =>
        requireProvider(Array.isArray(filter[key]) ? `${field}.${key}[${i}]` : `${field}.${key}`, p.toUpperCase()),
      );
    }
    const wanted = new Set(list.map((s) => s.toLowerCase()));
    const accepts = (value: string | undefined): boolean => value !== undefined && wanted.has(value.toLowerCase());
    conditions.push({ kind: "value", field: key, accepts });
  };
  exact("provider");
  exact("region");
  exact("zone");
  exact("connection");
  if (filter.architecture !== undefined) {
    const wanted = requireStringList(`${field}.architecture`, filter.architecture, exactValues);
    wanted.forEach((a, i) => {
      if (!(architectures as readonly string[]).includes(a)) {
        throw invalidArgument(
          `${field}.architecture${Array.isArray(filter.architecture) ? `[${i}]` : ""}`,
          "architecture",
          `"${a}" is not one of ${architectures.join(", ")}`,
        );
      }
    });
    conditions.push({ kind: "value", field: "architecture", accepts: (a) => wanted.includes(a) });
  }
  if (filter.gpuModel !== undefined) {
    const wanted = requireStringList(`${field}.gpuModel`, filter.gpuModel, substringTerms).map((s) => s.toLowerCase());
    const accepts = (model: string | undefined): boolean =>
      model !== undefined && wanted.some((w) => holdsTerm(model, w));
    conditions.push({ kind: "value", field: "gpuModel", accepts });
  }
  if (filter.os !== undefined) {
    const needles = requireStringList(`${field}.os`, filter.os, substringTerms).map((w) => w.toLowerCase());
    const matches = (image: OfferImage): boolean =>
      needles.some((n) => holdsTerm(`${image.osDistribution}\n${image.name}`, n));
    conditions.push({ kind: "value", field: "images", accepts: (images) => images.some(matches) });
  }
  if (filter.within !== undefined) conditions.push(withinCondition(`${field}.within`, filter.within));
  return conditions;
}

/**
 * Checks a filter and compiles it into one predicate (see checkFilter). Prices compare after
 * `convert` (see CurrencyOptions).
 */
export function compileFilter(
  filter: PlacementFilter | undefined,
  convert: PriceConverter,
  field = "filter",
): OfferPredicate {
  const tests = checkFilter(filter, field).map((c) => predicate(c, convert));
  return (offer) => {
    for (const test of tests) if (!test(offer)) return false;
    return true;
  };
}

function predicate(condition: FilterCondition, convert: PriceConverter): OfferPredicate {
  if (condition.kind === "range") {
    const { min, max } = condition;
    const value = figure(condition.metric, convert);
    return (o) => {
      const v = value(o);
      return v !== undefined && v >= min && v <= max;
    };
  }
  const { field } = condition;
  const accepts = condition.accepts as (value: FieldValues[typeof field]) => boolean;
  if (field !== "images" && field !== "location") return (o) => accepts(o[field]);
  // Offers share image lists and locations: test each object once.
  const memo = new Map<unknown, boolean>();
  return (o) => {
    const value = o[field];
    let hit = memo.get(value);
    if (hit === undefined) {
      hit = accepts(value);
      memo.set(value, hit);
    }
    return hit;
  };
}

/** The figure a numeric metric names, or undefined when the offer does not know it. */
export function figure(metric: NumericMetric, convert: PriceConverter): (offer: Offer) => number | undefined {
  switch (metric) {
    case "pricePerHour":
      return convert;
    case "performance":
      return (o) => o.performance;
    // One accessor per field: a computed key (o[metric]) is slower on 100k-row catalogs.
    case "vcpus":
      return (o) => o.vcpus;
    case "memoryGiB":
      return (o) => o.memoryGiB;
    case "diskGB":
      return (o) => o.diskGB;
    case "gpuCount":
      return (o) => o.gpuCount;
    case "gpuMemoryGB":
      return (o) => o.gpuMemoryGB;
  }
}

function rangeCondition(field: string, metric: NumericMetric, range: NumericRange): RangeCondition {
  requireKnownKeys(field, requireObject(field, range), ["min", "max"]);
  const min = range.min === undefined ? -Infinity : requireNonNegative(`${field}.min`, range.min);
  const max = range.max === undefined ? Infinity : requireNonNegative(`${field}.max`, range.max);
  if (min > max) throw invalidArgument(field, "range", `min ${min} is greater than max ${max}`);
  return { kind: "range", metric, min, max };
}

function withinCondition(field: string, within: { point: GeoPoint; radiusKm: number }): ValueCondition {
  requireKnownKeys(field, requireObject(field, within), ["point", "radiusKm"]);
  const point = requireGeoPoint(`${field}.point`, within.point);
  const radius = requireNonNegative(`${field}.radiusKm`, within.radiusKm);
  return {
    kind: "value",
    field: "location",
    accepts: (location) => location !== undefined && haversineKm(point, location) <= radius,
  };
}
