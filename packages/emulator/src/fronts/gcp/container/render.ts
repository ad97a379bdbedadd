import { createHash } from "node:crypto";
import { timestamp } from "../context.js";
import type { GcpContext } from "../context.js";
import type { GkeClusterEntry } from "../front-state.js";
import { instanceGroupName } from "./instance-groups.js";
import { gkeLink } from "./locations.js";
import type { ClusterState, ClusterView, NodeGroupView } from "../../world-clusters.js";

// Clusters and node pools as container.googleapis.com v1 renders them (proto3 JSON, camelCase,
// enums by name).

const clusterStatus: Readonly<Record<ClusterState, string>> = {
  creating: "PROVISIONING",
  active: "RUNNING",
  updating: "RECONCILING",
  deleting: "STOPPING",
  failed: "ERROR",
};

const poolStatus: Readonly<Record<ClusterState, string>> = {
  creating: "PROVISIONING",
  active: "RUNNING",
  updating: "RECONCILING",
  deleting: "STOPPING",
  failed: "ERROR",
};

/** What GKE keeps of a cluster beside the world: where it is and its network's names. */
export type GkeFacts = GkeClusterEntry;

const etagOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

export function clusterName(ctx: GcpContext, location: string, name: string): string {
  return `projects/${ctx.project}/locations/${location}/clusters/${name}`;
}

export function nodePoolView(
  ctx: GcpContext,
  cluster: ClusterView,
  pool: NodeGroupView,
  facts: GkeFacts,
): Record<string, unknown> {
  const self = `${clusterName(ctx, facts.location.name, cluster.name)}/nodePools/${pool.name}`;
  const zone = facts.location.zones[0] ?? facts.location.region;
  const body = {
    name: pool.name,
    config: {
      machineType: pool.specName,
      diskSizeGb: pool.rootDiskSizeGB ?? 100,
      diskType: pool.rootDiskType ?? "pd-balanced",
      imageType: "COS_CONTAINERD",
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      serviceAccount: "default",
      metadata: { "disable-legacy-endpoints": "true" },
      labels: facts.labels.get(pool.name) ?? {},
      tags: facts.tags,
    },
    initialNodeCount: pool.desired,
    locations: facts.location.zones,
    selfLink: gkeLink(ctx, self),
    version: cluster.version,
    instanceGroupUrls: [
      `${ctx.origin}/compute/v1/projects/${ctx.project}/zones/${zone}/instanceGroupManagers/${instanceGroupName(cluster.name, pool.name)}`,
    ],
    status: poolStatus[pool.state],
    ...(pool.onAutoScaling
      ? { autoscaling: { enabled: true, minNodeCount: pool.min, maxNodeCount: pool.max, locationPolicy: "BALANCED" } }
      : { autoscaling: {} }),
    management: { autoUpgrade: true, autoRepair: true },
    maxPodsConstraint: { maxPodsPerNode: "110" },
    podIpv4CidrSize: 24,
  };
  return { ...body, etag: etagOf(body) };
}

/**
 * GKE's cluster status covers its node pools: PROVISIONING until the pools made with it run,
 * RECONCILING while a pool changes.
 */
function statusOf(cluster: ClusterView): string {
  const busy = cluster.nodeGroups.filter((g) => g.state !== "active" && g.state !== "failed");
  if (cluster.state !== "active" || busy.length === 0) return clusterStatus[cluster.state];
  return busy.length === cluster.nodeGroups.length && busy.every((g) => g.state === "creating")
    ? "PROVISIONING"
    : "RECONCILING";
}

export function clusterView(ctx: GcpContext, cluster: ClusterView, facts: GkeFacts): Record<string, unknown> {
  const self = clusterName(ctx, facts.location.name, cluster.name);
  const pools = cluster.nodeGroups.map((pool) => nodePoolView(ctx, cluster, pool, facts));
  const endpoint = cluster.endpoint ? new URL(cluster.endpoint).host : undefined;
  const body = {
    name: cluster.name,
    nodeConfig: pools[0]?.["config"] ?? {},
    masterAuth: {
      clientCertificateConfig: {},
      ...(cluster.caCertificate ? { clusterCaCertificate: Buffer.from(cluster.caCertificate).toString("base64") } : {}),
    },
    loggingService: "logging.googleapis.com/kubernetes",
    monitoringService: "monitoring.googleapis.com/kubernetes",
    network: facts.network,
    clusterIpv4Cidr: "10.4.0.0/14",
    subnetwork: facts.subnetwork,
    nodePools: pools,
    locations: facts.location.zones,
    resourceLabels: cluster.tags,
    labelFingerprint: etagOf(cluster.tags).slice(0, 8),
    selfLink: gkeLink(ctx, self),
    zone: facts.location.name,
    ...(endpoint ? { endpoint } : {}),
    initialClusterVersion: cluster.version,
    currentMasterVersion: cluster.version,
    currentNodeVersion: cluster.version,
    createTime: timestamp(cluster.createdAt),
    status: statusOf(cluster),
    servicesIpv4Cidr: "34.118.224.0/20",
    currentNodeCount: cluster.nodeGroups.reduce((n, g) => n + g.nodeIds.length, 0),
    location: facts.location.name,
    id: createHash("sha256").update(cluster.id).digest("hex").slice(0, 32),
  };
  return { ...body, etag: etagOf(body) };
}
