import { invalidArgument, providerNames } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import { chooseImage, estimatedPerformance, loadCatalog, rankOffers } from "@cloud-barista/mcis";
import type { GeoPoint, NumericMetric, PlacementFilter, Priority, RankRequest } from "@cloud-barista/mcis";
import type { z } from "@hono/zod-openapi";
import type { candidate, recommendRequest } from "./schemas.js";

// Tumblebug's `mcisRecommendVm` over the SDK's placement: a DeploymentPlan (filter policies with
// operator conditions, priority policies with parameters, a limit) becomes a RankRequest; each
// ranked offer becomes a candidate with its score, per-criterion figures and the image to boot.

type DeploymentPlan = z.infer<typeof recommendRequest>;
type Candidate = z.infer<typeof candidate>;

/** Tumblebug's numeric filter metrics and the offer figures they bound. */
const numericFilters: Readonly<Record<string, NumericMetric>> = {
  vCPU: "vcpus",
  memoryGiB: "memoryGiB",
  costPerHour: "pricePerHour",
  acceleratorCount: "gpuCount",
  diskSizeGB: "diskGB",
  evaluationScore: "performance",
};
/** Tumblebug's text filter metrics and the offer fields they match. */
const textFilters = {
  providerName: "provider",
  regionName: "region",
  connectionName: "connection",
  architecture: "architecture",
} as const;

const defaultLimit = 10;

function filterOf(plan: DeploymentPlan): PlacementFilter {
  const ranges: Partial<Record<NumericMetric, { min?: number; max?: number }>> = {};
  const values: Record<string, string[]> = {};
  for (const [i, policy] of (plan.filter?.policy ?? []).entries()) {
    const field = `filter.policy.${i}`;
    const metric = numericFilters[policy.metric];
    const text = (textFilters as Record<string, string>)[policy.metric];
    if (!metric && !text) {
      const known = [...Object.keys(numericFilters), ...Object.keys(textFilters)].join(", ");
      throw invalidArgument(`${field}.metric`, "enum", `must be one of ${known}, got "${policy.metric}"`);
    }
    for (const [j, c] of policy.condition.entries()) {
      const operator = c.operator ?? "==";
      if (text) {
        if (operator !== "==")
          throw invalidArgument(`${field}.condition.${j}.operator`, "enum", `must be == for ${policy.metric}`);
        (values[text] ??= []).push(text === "provider" ? c.operand.toUpperCase() : c.operand);
        continue;
      }
      const n = Number(c.operand);
      if (c.operand.trim() === "" || !Number.isFinite(n)) {
        throw invalidArgument(`${field}.condition.${j}.operand`, "number", `must be a number, got "${c.operand}"`);
      }
      const range = (ranges[metric as NumericMetric] ??= {});
      if (operator === ">=" || operator === "==") range.min = Math.max(range.min ?? n, n);
      if (operator === "<=" || operator === "==") range.max = Math.min(range.max ?? n, n);
    }
  }
  for (const provider of values.provider ?? []) {
    if (!(providerNames as readonly string[]).includes(provider)) {
      throw invalidArgument("filter.policy.providerName", "provider", `must be one of ${providerNames.join(", ")}`);
    }
  }
  return {
    ...(Object.keys(ranges).length > 0 ? { ranges } : {}),
    ...values,
  };
}

/** "37.5/127.0" (Tumblebug's coordinate parameter) as a point. */
function pointOf(text: string, field: string): GeoPoint {
  const [lat, lon, extra] = text.split("/").map((p) => Number(p.trim()));
  if (
    lat === undefined ||
    lon === undefined ||
    extra !== undefined ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    Math.abs(lat) > 90 ||
    Math.abs(lon) > 180
  ) {
    throw invalidArgument(field, "coordinate", `must be "latitude/longitude", got "${text}"`);
  }
  return { latitude: lat, longitude: lon };
}

function prioritiesOf(plan: DeploymentPlan): { priorities: Priority[]; weighted: boolean } {
  let weighted = false;
  const priorities = (plan.priority?.policy ?? []).map((policy, i): Priority => {
    const field = `priority.policy.${i}`;
    const weight = policy.weight === undefined ? undefined : Number(policy.weight);
    if (weight !== undefined) weighted = true;
    const base = weight === undefined ? {} : { weight };
    const points = (policy.parameter ?? [])
      .filter((p) => p.key === "coordinateClose" || p.key === "latencyMinimal")
      .flatMap((p, j) => p.val.map((v) => pointOf(v, `${field}.parameter.${j}.val`)));
    switch (policy.metric) {
      case "location":
      case "latency":
        if (points.length === 0) {
          throw invalidArgument(
            `${field}.parameter`,
            "required",
            'give {"key": "coordinateClose", "val": ["lat/lon"]}',
          );
        }
        return policy.metric === "location"
          ? { metric: "location", near: points, ...base }
          : { metric: "latency", from: points, ...base };
      case "random": {
        const seed = Number(policy.parameter?.find((p) => p.key === "seed")?.val[0] ?? 1);
        return { metric: "random", seed: Number.isSafeInteger(seed) ? seed : 1, ...base };
      }
      default:
        return { metric: policy.metric, ...base };
    }
  });
  return { priorities, weighted };
}

/** A DeploymentPlan as the placement's RankRequest; a bad metric, operand or point is an InvalidArgument naming its field. */
export function rankRequestOf(plan: DeploymentPlan): RankRequest {
  const filter = filterOf(plan);
  const { priorities, weighted } = prioritiesOf(plan);
  return {
    filter,
    ...(priorities.length > 0 ? { priorities } : {}),
    combine: weighted ? "weighted" : "lexicographic",
    limit: plan.limit === undefined ? defaultLimit : Number(plan.limit),
  };
}

/** The candidates of a DeploymentPlan over every connection of the tenant, best first. */
export async function recommend(
  barista: CloudBarista,
  plan: DeploymentPlan,
  abortSignal?: AbortSignal,
): Promise<Candidate[]> {
  const request = rankRequestOf(plan);
  // Ranking reads no quotas (plans do): skip reading them.
  const catalog = await loadCatalog(barista, {
    quotas: false,
    performance: estimatedPerformance(),
    ...(abortSignal ? { abortSignal } : {}),
  });
  const ranking = rankOffers(catalog.offers, request);
  return ranking.results.map((r) => {
    const { offer } = r;
    const image = chooseImage(offer, { os: ["ubuntu 24.04", "ubuntu"] }) ?? chooseImage(offer);
    return {
      id: `${offer.connection}+${offer.specName}`,
      name: offer.specName,
      connectionName: offer.connection,
      providerName: offer.provider,
      regionName: offer.region,
      ...(offer.zone === undefined ? {} : { zone: offer.zone }),
      cspSpecName: offer.specName,
      vCPU: offer.vcpus,
      memoryGiB: offer.memoryGiB,
      architecture: offer.architecture,
      ...(r.price === undefined ? {} : { costPerHour: r.price, currency: ranking.currency }),
      ...(offer.location ? { location: { display: offer.region, ...offer.location } } : {}),
      ...(image ? { imageId: image.id, imageName: image.name } : {}),
      orderInFilteredResult: r.position,
      score: r.score,
      explanation: r.explanation,
      criteria: r.criteria.map((c) => ({
        metric: c.metric,
        ...(c.raw === undefined ? {} : { raw: c.raw }),
        normalized: c.normalized,
        ...(c.rank === undefined ? {} : { rank: c.rank }),
        text: c.text,
      })),
    };
  });
}
