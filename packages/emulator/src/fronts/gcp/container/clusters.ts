import { bodyOf, json, param } from "../context.js";
import type { GcpContext } from "../context.js";
import type { GkeClusterEntry } from "../front-state.js";
import { vpcIn } from "../network-model.js";
import { gkeAlreadyExists, gkeFailedPrecondition, gkeInvalid } from "./errors.js";
import { gkeCall, requireCluster } from "./gate.js";
import { locationOf, parentOf } from "./locations.js";
import type { GkeLocation } from "./locations.js";
import { nodePoolInput } from "./node-pool-input.js";
import type { NodePoolBody } from "./node-pool-input.js";
import { startGkeOperation, gkeOperationView } from "./operations.js";
import { clusterName, clusterView } from "./render.js";
import { clustersOf, withEndpoint } from "../../world-clusters.js";
import type { ClusterStore, ClusterView } from "../../world-clusters.js";

// projects.locations.clusters: create (with its node pools), get, list, update (the master's
// version), delete. The world makes the control plane and the pools' VMs; the Operation each call
// answers is DONE when the world's cluster is.

const namePattern = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;

interface ClusterBody {
  name?: unknown;
  network?: unknown;
  subnetwork?: unknown;
  initialClusterVersion?: unknown;
  initialNodeCount?: unknown;
  nodePools?: NodePoolBody[];
  resourceLabels?: Record<string, string>;
}

const lastSegment = (value: string) =>
  value
    .split("/")
    .filter((s) => s !== "")
    .at(-1) ?? "";

/** The world VPC, subnet and security groups a cluster body names, or 400/404 in GKE's words. */
function networkOf(ctx: GcpContext, location: GkeLocation, body: ClusterBody, tags: string[]) {
  const network = typeof body.network === "string" && body.network !== "" ? lastSegment(body.network) : "default";
  const cloud = ctx.world.accountRegion({ provider: "GCP", account: ctx.account, region: location.region });
  const vpc = vpcIn(ctx, location.region, network);
  if (!vpc) throw gkeInvalid(`Network "${network}" does not exist.`);
  const subnets = vpc.subnets;
  const wanted =
    typeof body.subnetwork === "string" && body.subnetwork !== "" ? lastSegment(body.subnetwork) : undefined;
  const subnet = wanted === undefined ? subnets[0] : subnets.find((s) => s.name === wanted);
  if (!subnet) {
    throw gkeInvalid(
      wanted === undefined
        ? `Network "${network}" has no subnetwork in region ${location.region}.`
        : `Subnetwork "${wanted}" does not exist in network "${network}" and region ${location.region}.`,
    );
  }
  const groups = cloud.securityGroups.list({ where: (g) => g.vpc.id === vpc.id && tags.includes(g.name) }).items;
  return { network, vpcId: vpc.id, subnet, securityGroupIds: groups.map((g) => g.id) };
}

async function create(ctx: GcpContext) {
  const location = locationOf(ctx);
  const body = bodyOf<{ cluster: ClusterBody }>(ctx).cluster ?? {};
  const name = body.name;
  if (typeof name !== "string" || name === "") throw gkeInvalid("Cluster.name must be specified.");
  if (!namePattern.test(name)) {
    throw gkeInvalid(
      `Invalid value for field "cluster.name": "${name}". Must be 1 to 40 characters long, start with a letter, and contain only lower-case letters, digits and hyphens.`,
    );
  }
  const pools = body.nodePools ?? [];
  if (pools.length === 0) {
    throw gkeInvalid("Cluster.initial_node_count must be greater than zero.");
  }
  const full = clusterName(ctx, location.name, name);
  return gkeCall(ctx, location, full, (clusters) => {
    if (clusters.find(name)) throw gkeAlreadyExists(full);
    const offered = clusters.versions();
    const asked = typeof body.initialClusterVersion === "string" ? body.initialClusterVersion : "";
    const version =
      asked === "" || asked === "latest"
        ? (offered.find((v) => v.default) ?? offered.at(-1))?.version
        : offered.find((v) => v.version === asked || v.version.startsWith(`${asked}.`))?.version;
    if (version === undefined) throw gkeInvalid(`Master version "${asked}" is unsupported.`);
    const inputs = pools.map((pool, i) => nodePoolInput(pool, `cluster.node_pools[${i}]`));
    if (new Set(inputs.map((p) => p.name)).size !== inputs.length) {
      throw gkeInvalid("Node pool names must be unique within a cluster.");
    }
    const tags = [...new Set(pools.flatMap((p) => p.config?.tags ?? []))];
    const net = networkOf(ctx, location, body, tags);
    const cluster = clusters.create({
      name,
      tags: body.resourceLabels,
      version,
      vpcId: net.vpcId,
      subnetIds: [net.subnet.id],
      securityGroupIds: net.securityGroupIds,
      nodeGroups: inputs,
    });
    const facts: GkeClusterEntry = {
      location,
      network: net.network,
      subnetwork: net.subnet.name,
      tags,
      labels: new Map(pools.map((p, i) => [inputs[i]?.name ?? "", { ...p.config?.labels }])),
    };
    ctx.state.gkeClusters.set(cluster.id, facts);
    const op = startGkeOperation(ctx, location, "CREATE_CLUSTER", full, () => settled(clusters, cluster.id));
    return json(200, gkeOperationView(ctx, op));
  });
}

/** Done once the cluster and every pool left their transitional states; ERROR ends it failed. */
function settled(clusters: ClusterStore, id: string): { done: boolean; error?: { code: number; message: string } } {
  const cluster = clusters.list().find((c) => c.id === id);
  if (!cluster) return { done: true, error: { code: 13, message: "The cluster was deleted before it was ready." } };
  if (cluster.state === "failed") return { done: true, error: { code: 13, message: "Cluster creation failed." } };
  const busy =
    cluster.state !== "active" || cluster.nodeGroups.some((g) => g.state !== "active" && g.state !== "failed");
  return { done: !busy };
}

async function get(ctx: GcpContext) {
  const location = locationOf(ctx);
  const name = param(ctx, "cluster");
  return gkeCall(ctx, location, clusterName(ctx, location.name, name), async (clusters) => {
    const { cluster, facts } = requireCluster(ctx, clusters, location, name);
    return json(200, clusterView(ctx, await served(ctx, location.region, cluster), facts));
  });
}

async function list(ctx: GcpContext) {
  const all = param(ctx, "location") === "-";
  const regions = ctx.world.catalog("GCP").regions;
  const location = all ? undefined : locationOf(ctx);
  const home = location ?? { name: "-", region: regions[0]?.name ?? "", zones: [] };
  return gkeCall(ctx, home, parentOf(ctx, home), async () => {
    const views: Record<string, unknown>[] = [];
    for (const region of regions) {
      if (location && location.region !== region.name) continue;
      const cloud = ctx.world.accountRegion({ provider: "GCP", account: ctx.account, region: region.name });
      for (const cluster of clustersOf(cloud).list()) {
        const facts = ctx.state.gkeClusters.get(cluster.id);
        if (!facts || (location && facts.location.name !== location.name)) continue;
        views.push(clusterView(ctx, await served(ctx, region.name, cluster), facts));
      }
    }
    return json(200, { clusters: views });
  });
}

async function remove(ctx: GcpContext) {
  const location = locationOf(ctx);
  const name = param(ctx, "cluster");
  const full = clusterName(ctx, location.name, name);
  return gkeCall(ctx, location, full, (clusters) => {
    const { cluster } = requireCluster(ctx, clusters, location, name);
    if (cluster.state === "deleting") {
      throw gkeFailedPrecondition(`Cluster ${name} is already being deleted.`);
    }
    clusters.beginDelete(cluster.id);
    const op = startGkeOperation(ctx, location, "DELETE_CLUSTER", full, () => ({
      done: !clusters.list().some((c) => c.id === cluster.id),
    }));
    return json(200, gkeOperationView(ctx, op));
  });
}

/** PUT .../clusters/{cluster}: only `update.desiredMasterVersion` (an upgrade of the control plane and nodes). */
async function update(ctx: GcpContext) {
  const location = locationOf(ctx);
  const name = param(ctx, "cluster");
  const full = clusterName(ctx, location.name, name);
  const body = bodyOf<{ update: Record<string, unknown> }>(ctx).update ?? {};
  const wanted = body["desiredMasterVersion"];
  const others = Object.keys(body).filter((k) => k !== "desiredMasterVersion" && k !== "etag");
  if (others.length > 0) throw gkeInvalid(`Updating ${others.join(", ")} is not supported by this emulator.`);
  if (typeof wanted !== "string" || wanted === "") throw gkeInvalid("Update must specify a change.");
  return gkeCall(ctx, location, full, (clusters) => {
    const { cluster } = requireCluster(ctx, clusters, location, name);
    const version = resolveVersion(clusters, wanted, cluster);
    if (cluster.state !== "active") {
      throw gkeFailedPrecondition(
        `Cluster is running incompatible operation ${cluster.state === "creating" ? "CREATE_CLUSTER" : "UPDATE_CLUSTER"}.`,
      );
    }
    clusters.upgrade(cluster.id, version);
    const op = startGkeOperation(ctx, location, "UPGRADE_MASTER", full, () => {
      const now = clusters.list().find((c) => c.id === cluster.id);
      if (!now) return { done: true, error: { code: 5, message: "The cluster was deleted." } };
      return { done: now.state === "active" && now.version === version };
    });
    return json(200, gkeOperationView(ctx, op));
  });
}

/** A version the location offers ("1.31" picks its newest patch), newer than the cluster's; else 400. */
function resolveVersion(clusters: ClusterStore, wanted: string, cluster: ClusterView): string {
  const offered = clusters.versions().map((v) => v.version);
  const version =
    wanted === "latest"
      ? offered.at(-1)
      : [...offered].reverse().find((v) => v === wanted || v.startsWith(`${wanted}.`));
  if (version === undefined) throw gkeInvalid(`Master version "${wanted}" is unsupported.`);
  if (version === cluster.version) throw gkeInvalid(`Cluster is already at version ${version}.`);
  return version;
}

/** The cluster with its API server's endpoint once it serves. */
function served(ctx: GcpContext, region: string, cluster: ClusterView): Promise<ClusterView> {
  return withEndpoint(ctx.world, { provider: "GCP", account: ctx.account, region }, cluster);
}

export const clusterHandlers = { create, get, list, remove, update };
