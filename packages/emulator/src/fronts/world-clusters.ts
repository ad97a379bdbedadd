import type { AccountRegion } from "../world/account-region.js";
import type { NodeGroupInput as WorldNodeGroupInput } from "../world/resources/clusters.js";
import type { Cluster, ClusterState, NodeGroup } from "../world/types.js";
import type { AccountRegionKey, World } from "../world/world.js";

// The one place the GKE and AKS fronts meet the world's clusters (ClusterService): flat views of
// clusters and node groups in the words the fronts render, and the calls they make.

export type { ClusterState };

export interface NodeGroupView {
  id: string;
  name: string;
  specName: string;
  rootDiskType: string | undefined;
  rootDiskSizeGB: number | undefined;
  onAutoScaling: boolean;
  desired: number;
  min: number;
  max: number;
  state: ClusterState;
  /** The group's VMs (world VM ids). */
  nodeIds: string[];
}

export interface ClusterView {
  id: string;
  name: string;
  version: string;
  state: ClusterState;
  vpcId: string;
  subnetIds: string[];
  nodeGroups: NodeGroupView[];
  /** "https://127.0.0.1:port" once the control plane serves (see `withEndpoint`). */
  endpoint: string | undefined;
  /** PEM of the cluster CA. */
  caCertificate: string | undefined;
  createdAt: number;
  tags: Record<string, string>;
}

export interface NodeGroupInput {
  name: string;
  specName: string;
  rootDiskType?: string | undefined;
  rootDiskSizeGB?: number | undefined;
  onAutoScaling: boolean;
  desired: number;
  min: number;
  max: number;
  keyPairId?: string | undefined;
  tags?: Record<string, string> | undefined;
}

/** What the fronts ask of the world's clusters in one region. */
export interface ClusterStore {
  versions(): { version: string; default?: boolean; deprecated?: boolean }[];
  create(input: {
    name: string;
    tags?: Record<string, string> | undefined;
    resourceGroup?: string | undefined;
    version: string;
    vpcId: string;
    subnetIds: string[];
    securityGroupIds: string[];
    nodeGroups: NodeGroupInput[];
  }): ClusterView;
  find(name: string): ClusterView | undefined;
  list(): ClusterView[];
  beginDelete(id: string): void;
  addNodeGroup(clusterId: string, input: NodeGroupInput): NodeGroupView;
  removeNodeGroup(clusterId: string, nodeGroupId: string): void;
  scaleNodeGroup(clusterId: string, nodeGroupId: string, size: { desired: number; min: number; max: number }): void;
  setAutoScaling(clusterId: string, nodeGroupId: string, on: boolean): void;
  upgrade(clusterId: string, version: string): void;
}

function groupView(group: NodeGroup): NodeGroupView {
  return {
    id: group.id,
    name: group.name,
    specName: group.specName,
    rootDiskType: group.rootDisk.type,
    rootDiskSizeGB: group.rootDisk.sizeGB,
    onAutoScaling: group.autoScaling,
    desired: group.desiredSize,
    min: group.minSize,
    max: group.maxSize,
    state: group.state,
    nodeIds: group.nodes.map((n) => n.id),
  };
}

function clusterView(cluster: Cluster): ClusterView {
  return {
    id: cluster.id,
    name: cluster.name,
    version: cluster.version,
    state: cluster.state,
    vpcId: cluster.vpc.id,
    subnetIds: cluster.subnets.map((s) => s.id),
    nodeGroups: cluster.nodeGroups.map(groupView),
    endpoint: undefined,
    caCertificate: cluster.caCertificate,
    createdAt: cluster.createdAt,
    tags: { ...cluster.tags },
  };
}

function worldGroup(input: NodeGroupInput): WorldNodeGroupInput {
  return {
    name: input.name,
    ...(input.tags ? { tags: input.tags } : {}),
    specName: input.specName,
    rootDisk: { type: input.rootDiskType, sizeGB: input.rootDiskSizeGB },
    keyPairId: input.keyPairId,
    autoScaling: input.onAutoScaling,
    desiredSize: input.desired,
    minSize: input.min,
    maxSize: input.max,
  };
}

/** The world's clusters of one account and region, as the fronts see them. */
export function clustersOf(cloud: AccountRegion): ClusterStore {
  const clusters = cloud.clusters;
  return {
    versions: () => clusters.versions(),
    create: (input) =>
      clusterView(
        clusters.create({
          name: input.name,
          tags: input.tags,
          resourceGroup: input.resourceGroup,
          version: input.version,
          vpcId: input.vpcId,
          subnetIds: input.subnetIds,
          securityGroupIds: input.securityGroupIds,
          nodeGroups: input.nodeGroups.map(worldGroup),
        }),
      ),
    find: (name) => {
      const found = clusters.list({ where: (c) => c.name === name }).items[0];
      return found ? clusterView(found) : undefined;
    },
    list: () => clusters.list().items.map(clusterView),
    beginDelete: (id) => {
      clusters.beginDelete(id);
    },
    addNodeGroup: (clusterId, input) => groupView(clusters.addNodeGroup(clusterId, worldGroup(input))),
    removeNodeGroup: (clusterId, nodeGroupId) => {
      clusters.removeNodeGroup(clusterId, nodeGroupId);
    },
    scaleNodeGroup: (clusterId, nodeGroupId, size) => {
      clusters.scaleNodeGroup(clusterId, nodeGroupId, size);
    },
    setAutoScaling: (clusterId, nodeGroupId, on) => {
      clusters.setAutoScaling(clusterId, nodeGroupId, on);
    },
    upgrade: (clusterId, version) => {
      clusters.upgrade(clusterId, version);
    },
  };
}

/** The view with its API server's URL, started if need be, once the control plane serves. */
export async function withEndpoint(world: World, key: AccountRegionKey, view: ClusterView): Promise<ClusterView> {
  if (view.state !== "active" && view.state !== "updating") return view;
  const access = await world.kube.access({ ...key, clusterId: view.id });
  return { ...view, endpoint: access.endpoint, caCertificate: access.caCertificate };
}
