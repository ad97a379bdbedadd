import { invalidArgument } from "@cloud-barista/core";
import type { McisCreateRequest, SubGroupRequest } from "../model/requests.js";
import type { PlacementPlan, PlannedSubGroup } from "./plan.js";

/** Fields every planned sub-group takes over as they are (network, key, disk). */
export type SubGroupDefaults = Partial<Omit<SubGroupRequest, "name" | "connection" | "specName" | "image" | "size">>;

/** Options of turning a plan into an MCIS request. */
export interface PlanToMcisOptions {
  readonly namespace: string;
  readonly name: string;
  readonly description?: string;
  readonly labels?: Record<string, string>;
  /** Default "continue": failover replaces failed VMs itself. */
  readonly policy?: McisCreateRequest["policy"];
  readonly dryRun?: boolean;
  readonly subGroupDefaults?: SubGroupDefaults;
  /** Convert a plan that leaves VMs unplaced or misses a spread minimum (default: refuse). */
  readonly allowPartial?: boolean;
}

/** The conversion from a placement plan to the MCIS engine's create request. */
export type PlanToMcis = (plan: PlacementPlan, options: PlanToMcisOptions) => McisCreateRequest;

/** Labels that tie each sub-group back to the offer it was planned on. */
export const placementLabels = {
  offer: "placement.offer",
  provider: "placement.provider",
  region: "placement.region",
  zone: "placement.zone",
  rank: "placement.rank",
} as const;

/**
 * Turns a plan into an MCIS create request: one sub-group per planned sub-group, with the chosen
 * connection, spec and image, and labels recording where and why. A plan that is not feasible is
 * an InvalidArgument (field "plan") unless `allowPartial`.
 */
export const planToMcis: PlanToMcis = (plan, options) => {
  if (!plan.feasible && !options.allowPartial) {
    throw invalidArgument("plan", "feasible", `is not feasible: ${plan.unmet.join("; ")}`);
  }
  if (plan.subGroups.length === 0) throw invalidArgument("plan", "non-empty", "places no VM");
  return {
    namespace: options.namespace,
    name: options.name,
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.labels === undefined ? {} : { labels: { ...options.labels } }),
    subGroups: plan.subGroups.map((g) => subGroupRequest(g, options.subGroupDefaults)),
    policy: options.policy ?? "continue",
    ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
  };
};

/** One planned sub-group as the engine's sub-group request. */
export function subGroupRequest(group: PlannedSubGroup, defaults: SubGroupDefaults = {}): SubGroupRequest {
  const { offer } = group;
  return {
    ...defaults,
    name: group.name,
    connection: offer.connection,
    specName: offer.specName,
    image: group.image.id,
    size: group.size,
    labels: {
      ...defaults.labels,
      [placementLabels.offer]: offer.id,
      [placementLabels.provider]: offer.provider,
      [placementLabels.region]: offer.region,
      ...(offer.zone === undefined ? {} : { [placementLabels.zone]: offer.zone }),
      [placementLabels.rank]: String(group.ranked.position),
    },
  };
}
