import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import { derivedUuid, flavorIdOf, isoSeconds } from "../ids.js";
import type { ServiceCall } from "../service.js";
import type { Cluster, NodeGroup } from "../../../world/types.js";
import type { ClusterEntry } from "./state.js";

// How Magnum shows a cluster and its node groups. Its status is a Heat stack's: the last action
// (CREATE, UPDATE, DELETE) and how it went (IN_PROGRESS, COMPLETE, FAILED).

export function clusterStatus(cluster: Cluster, entry: ClusterEntry | undefined): string {
  const action = entry?.action ?? "CREATE";
  switch (cluster.state) {
    case "creating":
      return "CREATE_IN_PROGRESS";
    case "updating":
      return "UPDATE_IN_PROGRESS";
    case "deleting":
      return "DELETE_IN_PROGRESS";
    case "failed":
      return `${action}_FAILED`;
    case "active":
      // A node group still settling (nodes booting after a resize) keeps the cluster updating.
      return cluster.nodeGroups.some((g) => g.state === "updating" || g.state === "creating")
        ? `${action === "CREATE" ? "CREATE" : "UPDATE"}_IN_PROGRESS`
        : `${action}_COMPLETE`;
  }
}

/** Magnum lets clusters and node groups change only in a *_COMPLETE state. */
export function isStable(status: string): boolean {
  return status.endsWith("_COMPLETE");
}

export function nodeGroupStatus(group: NodeGroup, entry: ClusterEntry | undefined): string {
  const created = entry?.nodeGroups.has(group.id) === true && entry.defaultWorker !== group.id;
  switch (group.state) {
    case "creating":
      return "CREATE_IN_PROGRESS";
    case "updating":
      return "UPDATE_IN_PROGRESS";
    case "deleting":
      return "DELETE_IN_PROGRESS";
    case "failed":
      return created ? "CREATE_FAILED" : `${entry?.action ?? "CREATE"}_FAILED`;
    case "active":
      return created ? "CREATE_COMPLETE" : `${entry?.action ?? "CREATE"}_COMPLETE`;
  }
}

/** Private addresses of the group's VMs that still exist. */
function addresses(cloud: AccountRegion, group: NodeGroup): string[] {
  return group.nodes.flatMap(({ id }) => {
    try {
      return [cloud.vms.get(id).privateIp];
    } catch (error) {
      if (isWorldError(error, "NotFound")) return [];
      throw error;
    }
  });
}

/** The worker groups: every world node group (the control plane is the world's own). */
export const workerCount = (cluster: Cluster): number => cluster.nodeGroups.reduce((sum, g) => sum + g.desiredSize, 0);

export const defaultMasterId = (clusterId: string): string => derivedUuid("nodegroup", "default-master", clusterId);

export function clusterView(
  call: ServiceCall,
  cloud: AccountRegion,
  cluster: Cluster,
  entry: ClusterEntry | undefined,
  detailed: boolean,
  endpoint: string | undefined,
): Record<string, unknown> {
  const href = `${call.endpoint}/v1/clusters/${cluster.id}`;
  const worker = cluster.nodeGroups.find((g) => g.id === entry?.defaultWorker) ?? cluster.nodeGroups[0];
  const status = clusterStatus(cluster, entry);
  const summary: Record<string, unknown> = {
    uuid: cluster.id,
    name: cluster.name,
    cluster_template_id: entry?.templateId ?? null,
    keypair: entry?.keypair ?? null,
    docker_volume_size: worker?.rootDisk.sizeGB ?? null,
    labels: entry?.labels ?? {},
    master_flavor_id: entry?.masterFlavorId ?? null,
    flavor_id: worker ? worker.specName : null,
    create_timeout: entry?.createTimeout ?? 60,
    master_count: entry?.masterCount ?? 1,
    node_count: workerCount(cluster),
    stack_id: derivedUuid("stack", cluster.id),
    status,
    health_status: cluster.state === "active" ? "HEALTHY" : "UNKNOWN",
    links: [
      { href, rel: "self" },
      { href, rel: "bookmark" },
    ],
  };
  if (!detailed) return summary;
  return {
    ...summary,
    status_reason: status.endsWith("_FAILED") ? "Resource CREATE failed: the cloud could not build the cluster." : null,
    health_status_reason: {},
    discovery_url: null,
    api_address: endpoint ?? null,
    coe_version: cluster.version,
    container_version: "1.12.6",
    project_id: call.projectId,
    user_id: call.claims.userName,
    node_addresses: cluster.nodeGroups.flatMap((g) => addresses(cloud, g)),
    master_addresses: endpoint ? [new URL(endpoint).hostname] : [],
    fixed_network: cluster.vpc.id,
    fixed_subnet: cluster.subnets[0]?.id ?? null,
    floating_ip_enabled: true,
    master_lb_enabled: (entry?.masterCount ?? 1) > 1,
    labels_overridden: {},
    labels_added: {},
    labels_skipped: {},
    faults: {},
    created_at: isoSeconds(cluster.createdAt),
    updated_at: entry?.updatedAt ? isoSeconds(entry.updatedAt) : null,
  };
}

export function nodeGroupView(
  call: ServiceCall,
  cloud: AccountRegion,
  cluster: Cluster,
  entry: ClusterEntry | undefined,
  group: NodeGroup,
  detailed: boolean,
): Record<string, unknown> {
  const own = entry?.nodeGroups.get(group.id);
  return magnumNodeGroup(call, cluster, detailed, {
    id: group.id,
    name: group.name,
    flavorId: group.specName,
    imageId: own?.imageId ?? group.image.id,
    addresses: addresses(cloud, group),
    count: group.desiredSize,
    role: own?.role ?? "worker",
    max: group.maxSize,
    min: group.minSize,
    isDefault: group.id === entry?.defaultWorker,
    status: nodeGroupStatus(group, entry),
    dockerVolumeSize: group.rootDisk.sizeGB ?? null,
    labels: { ...(entry?.labels ?? {}), ...(own?.labels ?? {}) },
    createdAt: group.createdAt,
  });
}

/** Magnum's default-master group: the control plane, made of `master_count` masters. */
export function masterGroupView(
  call: ServiceCall,
  cluster: Cluster,
  entry: ClusterEntry | undefined,
  detailed: boolean,
  endpoint: string | undefined,
): Record<string, unknown> {
  return magnumNodeGroup(call, cluster, detailed, {
    id: defaultMasterId(cluster.id),
    name: "default-master",
    flavorId: entry?.masterFlavorId ?? null,
    imageId: null,
    addresses: endpoint ? [new URL(endpoint).hostname] : [],
    count: entry?.masterCount ?? 1,
    role: "master",
    max: null,
    min: 1,
    isDefault: true,
    status: clusterStatus(cluster, entry),
    dockerVolumeSize: null,
    labels: entry?.labels ?? {},
    createdAt: cluster.createdAt,
  });
}

/** What differs between Magnum nodegroups (workers, or the default-master group). */
interface NodeGroupFields {
  id: string;
  name: string;
  flavorId: string | null;
  imageId: string | null;
  addresses: string[];
  count: number;
  role: string;
  max: number | null;
  min: number;
  isDefault: boolean;
  status: string;
  dockerVolumeSize: number | null;
  labels: Record<string, string>;
  createdAt: number;
}

/** One nodegroup as Magnum renders it: the summary of a listing, or every field when `detailed`. */
function magnumNodeGroup(
  call: ServiceCall,
  cluster: Cluster,
  detailed: boolean,
  g: NodeGroupFields,
): Record<string, unknown> {
  const href = `${call.endpoint}/v1/clusters/${cluster.id}/nodegroups/${g.id}`;
  const summary: Record<string, unknown> = {
    uuid: g.id,
    name: g.name,
    flavor_id: g.flavorId,
    image_id: g.imageId,
    node_addresses: g.addresses,
    node_count: g.count,
    role: g.role,
    max_node_count: g.max,
    min_node_count: g.min,
    is_default: g.isDefault,
    stack_id: derivedUuid("stack", cluster.id),
    status: g.status,
    links: [
      { href, rel: "self" },
      { href, rel: "bookmark" },
    ],
  };
  if (!detailed) return summary;
  return {
    ...summary,
    cluster_id: cluster.id,
    project_id: call.projectId,
    docker_volume_size: g.dockerVolumeSize,
    labels: g.labels,
    labels_overridden: {},
    labels_added: {},
    labels_skipped: {},
    status_reason: null,
    version: null,
    merge_labels: true,
    created_at: isoSeconds(g.createdAt),
    updated_at: null,
  };
}

/** Magnum takes a flavor by name or id; the world knows specs by name. */
export function specNameOf(cloud: AccountRegion, flavor: string): string | undefined {
  return cloud.catalog.listSpecs({ where: (s) => s.name === flavor || flavorIdOf(s.name) === flavor }).items[0]?.name;
}

/** The API server's URL of a cluster whose control plane answers (the world's Kubernetes endpoint). */
export async function apiAddress(call: ServiceCall, cluster: Cluster): Promise<string | undefined> {
  if (cluster.state !== "active" && cluster.state !== "updating") return undefined;
  const access = await call.ctx.world.kube.access({
    provider: "OPENSTACK",
    account: call.account,
    region: call.region,
    clusterId: cluster.id,
  });
  return access.endpoint;
}
