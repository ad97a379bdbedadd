import type { AccountRegion } from "../../../world/account-region.js";
import type { GcpContext } from "../context.js";
import type { GkeClusterEntry } from "../front-state.js";
import { gkeErrorOf, gkeNotFound } from "./errors.js";
import type { GkeLocation } from "./locations.js";
import { clusterName } from "./render.js";
import { clustersOf } from "../../world-clusters.js";
import type { ClusterStore, ClusterView } from "../../world-clusters.js";

/**
 * One GKE call through the world's gate in the location's region (latency, rate limits, faults),
 * world errors in GKE's words about `name`.
 */
export async function gkeCall<T>(
  ctx: GcpContext,
  location: GkeLocation,
  name: string,
  fn: (clusters: ClusterStore, cloud: AccountRegion) => T | Promise<T>,
): Promise<T> {
  const target = { provider: "GCP", account: ctx.account, region: location.region, api: ctx.api };
  try {
    return await ctx.world.call(target, (cloud) => fn(clustersOf(cloud), cloud));
  } catch (error) {
    throw gkeErrorOf(error, name);
  }
}

/** The cluster of that name in the location (a zonal cluster is not found at its region), or 404. */
export function requireCluster(
  ctx: GcpContext,
  clusters: ClusterStore,
  location: GkeLocation,
  name: string,
): { cluster: ClusterView; facts: GkeClusterEntry } {
  const cluster = clusters.find(name);
  const facts = cluster ? ctx.state.gkeClusters.get(cluster.id) : undefined;
  if (!cluster || !facts || facts.location.name !== location.name) {
    throw gkeNotFound(clusterName(ctx, location.name, name));
  }
  return { cluster, facts };
}
