import { invalidArgument } from "@cloud-barista/core";
import type { GeoLocation, ProviderName } from "@cloud-barista/core";
import type { PriceConverter } from "./currency.js";
import { formatKm, formatMoney, formatMs, ordinal } from "./format.js";
import { haversineKm, pointLabel, requireGeoPoint, sphericalCentroid } from "./geo.js";
import type { GeoPoint } from "./geo.js";
import { modelledRttMs, resolveLatencyModel } from "./latency-model.js";
import type { Offer } from "./offer.js";
import { priorityMetrics } from "./priorities.js";
import type { LatencyPriority, Priority, PriorityMetric } from "./priorities.js";
import { seededUnit } from "./random.js";
import { similarityScorer } from "./similarity.js";
import { mcisLimits } from "../model/limits.js";
import {
  isList,
  requireKnownKeys,
  requireMaxItems,
  requireMaxLength,
  requireNonNegative,
  requireObject,
  requireProvider,
} from "../util/validate.js";

/** A compiled priority: how to read an offer's value, which way is better, how to explain it. */
export interface Criterion {
  readonly metric: PriorityMetric;
  readonly weight: number;
  readonly resolution: number | undefined;
  readonly better: "lower" | "higher";
  /** The raw value, or undefined when the offer does not know it (ranked last). */
  readonly value: (offer: Offer) => number | undefined;
  /** False for offers the priority rules out altogether (similarity). */
  readonly admits?: (offer: Offer) => boolean;
  /** A few words for explanations: "$0.042/h (3rd cheapest)". */
  readonly describe: (offer: Offer, raw: number | undefined, rank: number | undefined) => string;
}

/** What compiling priorities needs besides the priorities. */
export interface CriteriaContext {
  readonly convert: PriceConverter;
  /** The currency compared prices are in. */
  readonly currency: string;
  /** Coordinates of a region the catalog knows (for latency origins given as regions). */
  readonly regionLocation: (region: string, provider: ProviderName | undefined) => GeoLocation | undefined;
}

const keysOf: Readonly<Record<PriorityMetric, readonly string[]>> = {
  cost: [],
  performance: [],
  location: ["near"],
  latency: ["from", "rtt", "model"],
  random: ["seed"],
  similarity: ["like", "policy"],
};

/** Checks priorities (unknown metrics and fields, bad weights are InvalidArgument) and compiles them. */
export function compileCriteria(
  priorities: readonly Priority[],
  ctx: CriteriaContext,
  field = "priorities",
): Criterion[] {
  if (!isList(priorities)) throw invalidArgument(field, "array", "must be a list of priorities");
  requireMaxItems(field, priorities, mcisLimits.priorities);
  return priorities.map((p, i) => compileCriterion(p, ctx, `${field}[${i}]`));
}

function compileCriterion(priority: Priority, ctx: CriteriaContext, field: string): Criterion {
  requireObject(field, priority);
  const metric = priority.metric as string;
  if (!(priorityMetrics as readonly string[]).includes(metric)) {
    throw invalidArgument(
      `${field}.metric`,
      "unknown-metric",
      `"${metric}" is not one of ${priorityMetrics.join(", ")}`,
    );
  }
  requireKnownKeys(field, priority, ["metric", "weight", "resolution", ...keysOf[priority.metric]]);
  const weight =
    priority.weight === undefined ? 1 : requireNonNegative(`${field}.weight`, priority.weight, mcisLimits.weight);
  const resolution =
    priority.resolution === undefined
      ? undefined
      : requireNonNegative(`${field}.resolution`, priority.resolution) || undefined;
  const base = { metric: priority.metric, weight, resolution };
  switch (priority.metric) {
    case "cost":
      return {
        ...base,
        better: "lower",
        value: ctx.convert,
        describe: (offer, raw, rank) => describeCost(offer, raw, rank, ctx.currency),
      };
    case "performance":
      return {
        ...base,
        better: "higher",
        value: (o) => o.performance,
        describe: (o, raw, rank) =>
          raw === undefined
            ? "no performance score"
            : `performance ${round(raw)} (${rank === 1 ? "best" : `${ordinal(rank ?? 0)} best`}${o.performanceProvenance === undefined ? "" : `; ${o.performanceProvenance}`})`,
      };
    case "location":
      return locationCriterion(base, priority.near, `${field}.near`);
    case "latency":
      return latencyCriterion(base, priority, ctx, field);
    case "random": {
      const seed = priority.seed;
      if (typeof seed !== "number" || !Number.isSafeInteger(seed))
        throw invalidArgument(`${field}.seed`, "integer", "must be a safe integer");
      return {
        ...base,
        better: "lower",
        value: (o) => seededUnit(seed, o.id),
        describe: (_o, raw) => `random draw ${(raw ?? 0).toFixed(3)} (seed ${seed})`,
      };
    }
    case "similarity": {
      const score = similarityScorer(priority.like, priority.policy, field);
      return {
        ...base,
        better: "higher",
        value: score,
        admits: (o) => score(o) >= 0,
        describe: (_o, raw) => `similarity ${round(raw ?? 0)}/100`,
      };
    }
  }
}

type Base = Pick<Criterion, "metric" | "weight" | "resolution">;

function describeCost(offer: Offer, raw: number | undefined, rank: number | undefined, currency: string): string {
  const price = offer.price;
  if (!price) return "price unknown";
  if (raw === undefined)
    return `${formatMoney(price.perHour, price.currency)}/h (no ${price.currency} rate: ranked last on cost)`;
  const place = rank === 1 ? "cheapest" : `${ordinal(rank ?? 0)} cheapest`;
  const converted = price.currency === currency ? "" : `≈ ${formatMoney(raw, currency)}/h, `;
  return `${formatMoney(price.perHour, price.currency)}/h (${converted}${place})`;
}

function locationCriterion(base: Base, near: GeoPoint | readonly GeoPoint[], field: string): Criterion {
  const points = Array.isArray(near) ? (near as readonly GeoPoint[]) : [near as GeoPoint];
  requireMaxItems(field, points, mcisLimits.listItems);
  const checked = points.map((p, i) => requireGeoPoint(Array.isArray(near) ? `${field}[${i}]` : field, p));
  const target = checked.length === 1 ? (checked[0] as GeoPoint) : sphericalCentroid(checked, field);
  const label = pointLabel(target);
  const value = memoByLocation((loc) => haversineKm(target, loc));
  return {
    ...base,
    better: "lower",
    value,
    describe: (_o, raw) => (raw === undefined ? "location unknown" : `${formatKm(raw)} from ${label}`),
  };
}

interface Origin {
  /** The name RTT tables use for it. */
  readonly key: string;
  readonly label: string;
  readonly point: GeoLocation;
}

function latencyCriterion(base: Base, priority: LatencyPriority, ctx: CriteriaContext, field: string): Criterion {
  const model = resolveLatencyModel(`${field}.model`, priority.model);
  if (!isList(priority.from) || priority.from.length === 0) {
    throw invalidArgument(`${field}.from`, "non-empty", "needs at least one origin (a point or a region)");
  }
  requireMaxItems(`${field}.from`, priority.from, mcisLimits.latencyOrigins);
  if (priority.rtt !== undefined) {
    if (!isList(priority.rtt)) throw invalidArgument(`${field}.rtt`, "array", "must be a list of RTT entries");
    requireMaxItems(`${field}.rtt`, priority.rtt, mcisLimits.rttEntries);
  }
  const origins = priority.from.map((o, i) => resolveOrigin(o, ctx, `${field}.from[${i}]`));
  const table = new Map<string, number>();
  (priority.rtt ?? []).forEach((e, i) => {
    requireObject(`${field}.rtt[${i}]`, e);
    for (const key of ["from", "region"] as const) {
      if (typeof e[key] !== "string" || e[key] === "")
        throw invalidArgument(`${field}.rtt[${i}].${key}`, "required", "must be a non-empty string");
      requireMaxLength(`${field}.rtt[${i}].${key}`, e[key], mcisLimits.textLength);
    }
    const ms = requireNonNegative(`${field}.rtt[${i}].ms`, e.ms);
    const provider = e.provider === undefined ? "*" : requireProvider(`${field}.rtt[${i}].provider`, e.provider);
    table.set(rttKey(e.from, provider, e.region), ms);
  });
  const measured = (origin: Origin, o: Offer): number | undefined =>
    table.size === 0
      ? undefined
      : (table.get(rttKey(origin.key, o.provider, o.region)) ?? table.get(rttKey(origin.key, "*", o.region)));
  const perOrigin = (origin: Origin, o: Offer): { ms: number; measured: boolean } | undefined => {
    const m = measured(origin, o);
    if (m !== undefined) return { ms: m, measured: true };
    if (!o.location) return undefined;
    return { ms: modelledRttMs(haversineKm(origin.point, o.location), model), measured: false };
  };
  const sum = (o: Offer): number | undefined => {
    let total = 0;
    for (const origin of origins) {
      const rtt = perOrigin(origin, o);
      if (!rtt) return undefined;
      total += rtt.ms;
    }
    return total;
  };
  // Without a table the value depends only on the region's coordinates: compute it once per region.
  const modelled = memoByLocation((loc) =>
    origins.reduce((s, origin) => s + modelledRttMs(haversineKm(origin.point, loc), model), 0),
  );
  const labels = origins.map((o) => o.label).join(", ");
  return {
    ...base,
    better: "lower",
    value: table.size === 0 ? modelled : sum,
    describe: (o, raw) => {
      if (raw === undefined) return `RTT from ${labels} unknown`;
      const measuredCount = origins.filter((origin) => measured(origin, o) !== undefined).length;
      const what = origins.length > 1 ? "summed RTT" : "RTT";
      if (measuredCount === origins.length) return `${formatMs(raw)} measured ${what} from ${labels}`;
      const note = measuredCount > 0 ? ` (${measuredCount} of ${origins.length} measured)` : "";
      return `~${formatMs(raw)} ${what} from ${labels}${note}`;
    },
  };
}

function resolveOrigin(origin: LatencyPriority["from"][number], ctx: CriteriaContext, field: string): Origin {
  requireObject(field, origin);
  if ("region" in origin) {
    requireKnownKeys(field, origin, ["region", "provider", "label"]);
    if (typeof origin.region !== "string" || origin.region === "")
      throw invalidArgument(`${field}.region`, "required", "must name a region");
    requireMaxLength(`${field}.region`, origin.region, mcisLimits.textLength);
    if (origin.label !== undefined && typeof origin.label !== "string")
      throw invalidArgument(`${field}.label`, "string", "must be a string");
    requireMaxLength(`${field}.label`, origin.label, mcisLimits.textLength);
    const provider = origin.provider === undefined ? undefined : requireProvider(`${field}.provider`, origin.provider);
    const point = ctx.regionLocation(origin.region, provider);
    if (!point)
      throw invalidArgument(
        `${field}.region`,
        "unknown-region",
        `the catalog has no coordinates for region "${origin.region}"`,
      );
    return { key: origin.region, label: origin.label ?? origin.region, point };
  }
  const point = requireGeoPoint(field, origin);
  return { key: point.label ?? pointLabel(point), label: pointLabel(point), point };
}

const rttKey = (from: string, provider: string, region: string): string => `${from}\u0000${provider}\u0000${region}`;

/** Offers of one region share their location object, so a per-object memo computes once per region. */
function memoByLocation(compute: (location: GeoLocation) => number): (offer: Offer) => number | undefined {
  const memo = new Map<GeoLocation, number>();
  // Catalogs list a connection's offers together: most lookups hit the previous region.
  let lastLocation: GeoLocation | undefined;
  let lastValue = 0;
  return (o) => {
    const loc = o.location;
    if (!loc) return undefined;
    if (loc === lastLocation) return lastValue;
    let v = memo.get(loc);
    if (v === undefined) {
      v = compute(loc);
      memo.set(loc, v);
    }
    lastLocation = loc;
    lastValue = v;
    return v;
  };
}

const round = (v: number): string => (Math.round(v * 10) / 10).toString();
