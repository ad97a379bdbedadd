import { isBaristaError, kubeconfig } from "@cloud-barista/core/driver";
import type {
  ClusterHandler,
  ClusterInfo,
  ClusterStatus,
  DriverNodeGroupRequest,
  NodeGroupInfo,
  NodeGroupStatus,
} from "@cloud-barista/core/driver";
import type {
  AccountRegion,
  Cluster,
  ClusterState,
  NodeGroup,
  NodeGroupInput,
  NodeGroupState,
} from "@cloud-barista/emulator";
import { idOf, iidOf } from "../session.js";
import type { MockSession } from "../session.js";

const clusterStatus: Readonly<Record<ClusterState, ClusterStatus>> = {
  creating: "Creating",
  active: "Active",
  updating: "Updating",
  deleting: "Deleting",
  failed: "Failed",
};

const nodeGroupStatus: Readonly<Record<NodeGroupState, NodeGroupStatus>> = clusterStatus;

function toWorldGroup(request: DriverNodeGroupRequest): NodeGroupInput {
  return {
    name: request.name,
    specName: request.specName,
    ...(request.imageIID ? { imageId: idOf(request.imageIID) } : {}),
    rootDisk: { type: request.rootDiskType, sizeGB: request.rootDiskSizeGB },
    keyPairId: idOf(request.keyPairIID),
    autoScaling: request.onAutoScaling,
    desiredSize: request.desiredNodeSize,
    minSize: request.minNodeSize,
    maxSize: request.maxNodeSize,
    tags: request.tags,
  };
}

function toNodeGroupInfo(group: NodeGroup): NodeGroupInfo {
  return {
    iid: { nameId: group.name, systemId: group.id },
    imageIID: iidOf(group.image),
    specName: group.specName,
    ...(group.rootDisk.type ? { rootDiskType: group.rootDisk.type } : {}),
    ...(group.rootDisk.sizeGB ? { rootDiskSizeGB: group.rootDisk.sizeGB } : {}),
    ...(group.keyPair ? { keyPairIID: iidOf(group.keyPair) } : {}),
    onAutoScaling: group.autoScaling,
    desiredNodeSize: group.desiredSize,
    minNodeSize: group.minSize,
    maxNodeSize: group.maxSize,
    status: nodeGroupStatus[group.state],
    nodes: group.nodes.map(iidOf),
    tags: group.tags,
    extra: { nativeState: group.state },
  };
}

/** A cluster with what a kubeconfig needs once its API is served: endpoint, CA and the admin token. */
interface Described {
  cluster: Cluster;
  access?: { endpoint: string; caCertificate: string; token: string };
}

/** Reads a cluster, and its access once the control plane serves (two more world calls). */
async function describe(cloud: AccountRegion, id: string): Promise<Described> {
  const cluster = cloud.clusters.get(id);
  if (cluster.state !== "active" && cluster.state !== "updating") return { cluster };
  const access = await cloud.clusters.access(cluster.id);
  return { cluster, access: { ...access, token: cloud.clusters.adminToken(cluster.id) } };
}

function toClusterInfo({ cluster, access }: Described): ClusterInfo {
  return {
    iid: { nameId: cluster.name, systemId: cluster.id },
    version: cluster.version,
    network: {
      vpcIID: iidOf(cluster.vpc),
      subnetIIDs: cluster.subnets.map(iidOf),
      securityGroupIIDs: cluster.securityGroups.map(iidOf),
    },
    nodeGroups: cluster.nodeGroups.map(toNodeGroupInfo),
    accessInfo: access
      ? {
          endpoint: access.endpoint,
          kubeconfig: kubeconfig({
            name: cluster.name,
            server: access.endpoint,
            caCertificate: access.caCertificate,
            user: { token: access.token },
          }),
        }
      : { endpoint: "", kubeconfig: "" },
    status: clusterStatus[cluster.state],
    createdAt: new Date(cluster.createdAt),
    tags: cluster.tags,
    extra: { nativeState: cluster.state, ...(cluster.upgradingTo ? { upgradingTo: cluster.upgradingTo } : {}) },
  };
}

/**
 * The mock cloud's managed Kubernetes: the world's clusters, with a kubeconfig that carries the
 * cluster's static admin token (MOCK has no IAM). Listings carry `accessInfo` as `get` does, as every
 * cloud driver's do: one more DescribeCluster per serving cluster, as EKS's ListClusters needs.
 */
export function createClusterHandler(session: MockSession): ClusterHandler {
  return {
    async *versions(ctx) {
      const versions = await session.call(ctx, "DescribeClusterVersions", (cloud) => cloud.clusters.versions());
      for (const v of versions) {
        yield {
          version: v.version,
          ...(v.default ? { default: true } : {}),
          ...(v.deprecated ? { deprecated: true } : {}),
        };
      }
    },

    async create(request, ctx) {
      const cluster = await session.call(ctx, "CreateCluster", (cloud, gate) =>
        cloud.clusters.create(
          {
            name: request.name,
            version: request.version,
            vpcId: idOf(request.vpcIID),
            subnetIds: request.subnetIIDs.map(idOf),
            securityGroupIds: request.securityGroupIIDs.map(idOf),
            nodeGroups: request.nodeGroups.map(toWorldGroup),
            tags: request.tags,
            clientToken: request.idempotencyToken,
          },
          { failsLater: gate?.failsLater },
        ),
      );
      return toClusterInfo({ cluster });
    },

    async get(cluster, ctx) {
      return toClusterInfo(await session.call(ctx, "DescribeCluster", (cloud) => describe(cloud, idOf(cluster))));
    },

    async *list(ctx) {
      const listed = session.list(
        ctx,
        "ListClusters",
        (cloud, page) => cloud.clusters.list(page),
        (c) => c,
      );
      for await (const cluster of listed) {
        if (cluster.state !== "active" && cluster.state !== "updating") yield toClusterInfo({ cluster });
        else {
          const described = await session
            .call(ctx, "DescribeCluster", (cloud) => describe(cloud, cluster.id))
            .catch((error: unknown) => {
              // Deleted since the page was read: no longer listed.
              if (isBaristaError(error, "NotFound")) return undefined;
              throw error;
            });
          if (described) yield toClusterInfo(described);
        }
      }
    },

    async delete(cluster, ctx) {
      await session.call(ctx, "DeleteCluster", (cloud) => cloud.clusters.beginDelete(idOf(cluster)));
    },

    async addNodeGroup(cluster, request, ctx) {
      const group = await session.call(ctx, "CreateNodegroup", (cloud, gate) =>
        cloud.clusters.addNodeGroup(idOf(cluster), toWorldGroup(request), { failsLater: gate?.failsLater }),
      );
      return toNodeGroupInfo(group);
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      await session.call(ctx, "DeleteNodegroup", (cloud) =>
        cloud.clusters.removeNodeGroup(idOf(cluster), idOf(nodeGroup)),
      );
    },

    async setNodeGroupAutoScaling(cluster, nodeGroup, on, ctx) {
      await session.call(ctx, "UpdateNodegroupConfig", (cloud) =>
        cloud.clusters.setAutoScaling(idOf(cluster), idOf(nodeGroup), on),
      );
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const group = await session.call(ctx, "UpdateNodegroupConfig", (cloud) =>
        cloud.clusters.scaleNodeGroup(idOf(cluster), idOf(nodeGroup), size),
      );
      return toNodeGroupInfo(group);
    },

    async upgrade(cluster, version, ctx) {
      const upgraded = await session.call(ctx, "UpdateClusterVersion", (cloud) =>
        cloud.clusters.upgrade(idOf(cluster), version),
      );
      return toClusterInfo({ cluster: upgraded });
    },
  };
}
