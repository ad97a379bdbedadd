import * as cs from "@alicloud/cs20151215";
import { cidrTextsOverlap, ignoreNotFound } from "@cloud-barista/core/driver";
import type {
  CallContext,
  ClusterHandler,
  ClusterInfo,
  ClusterStatus,
  DriverNodeGroupRequest,
  IID,
  NodeGroupInfo,
  NodeGroupStatus,
} from "@cloud-barista/core/driver";
import { invalid, notFound } from "../errors.js";
import type { AlibabaSession } from "../session.js";

// ACK managed clusters (Container Service, cs 2015-12-15, a ROA API through its own SDK).
// CreateCluster makes a managed control plane in the VPC's vSwitches with a pod and a service
// network that must not overlap the VPC; each node group is a node pool (an ESS scaling group).
// The kubeconfig is ACK's own (DescribeClusterUserKubeconfig), for the VPC-internal API address.

type ClusterBody = InstanceType<typeof cs.DescribeClusterDetailResponseBody>;
type PoolBody = InstanceType<typeof cs.DescribeClusterNodePoolsResponseBodyNodepools>;

/** Pod and service networks tried in order: the first pair that overlaps no VPC address wins. */
const networks: readonly [pods: string, services: string][] = [
  ["172.20.0.0/16", "172.21.0.0/20"],
  ["10.200.0.0/16", "10.201.0.0/20"],
  ["192.168.128.0/18", "192.168.192.0/20"],
];

export function clusterStatusOf(state: string | undefined): ClusterStatus {
  switch (state) {
    case "initial":
    case "waiting":
      return "Creating";
    case "running":
      return "Active";
    case "updating":
    case "upgrading":
    case "scaling":
    case "removing":
      return "Updating";
    case "deleting":
      return "Deleting";
    case "stopped":
    case "inactive":
    case "disconnected":
      return "Inactive";
    default:
      return "Failed";
  }
}

export function poolStatusOf(state: string | undefined): NodeGroupStatus {
  switch (state) {
    case "initial":
      return "Creating";
    case "active":
      return "Active";
    case "scaling":
    case "updating":
    case "removing_nodes":
      return "Updating";
    case "deleting":
    case "removing":
      return "Deleting";
    default:
      return "Failed";
  }
}

const iid = (id: string): IID => ({ nameId: id, systemId: id });

function poolInfo(pool: PoolBody, nodes: IID[] = []): NodeGroupInfo {
  const group = pool.scalingGroup;
  const auto = pool.autoScaling;
  const enabled = auto?.enable === true;
  const desired = group?.desiredSize ?? 0;
  return {
    iid: { nameId: pool.nodepoolInfo?.name ?? "", systemId: pool.nodepoolInfo?.nodepoolId ?? "" },
    ...(group?.imageId ? { imageIID: iid(group.imageId) } : {}),
    specName: group?.instanceTypes?.[0] ?? "",
    ...(group?.systemDiskCategory ? { rootDiskType: group.systemDiskCategory } : {}),
    ...(group?.systemDiskSize ? { rootDiskSizeGB: group.systemDiskSize } : {}),
    ...(group?.keyPair ? { keyPairIID: iid(group.keyPair) } : {}),
    onAutoScaling: enabled,
    desiredNodeSize: desired,
    minNodeSize: auto?.minInstances ?? desired,
    maxNodeSize: auto?.maxInstances ?? desired,
    status: poolStatusOf(pool.status?.state),
    nodes,
    extra: { totalNodes: String(pool.status?.totalNodes ?? 0), scalingGroupId: group?.scalingGroupId ?? "" },
  };
}

export function createClusterHandler(session: AlibabaSession): ClusterHandler {
  const detail = (ctx: CallContext, id: string) =>
    session.roa<ClusterBody>(ctx, "DescribeClusterDetail", (c) => c.describeClusterDetail(id));

  const pools = async (ctx: CallContext, id: string): Promise<PoolBody[]> =>
    (
      await session.roa(ctx, "DescribeClusterNodePools", (c) =>
        c.describeClusterNodePools(id, new cs.DescribeClusterNodePoolsRequest({})),
      )
    ).nodepools ?? [];

  /** The cluster's nodes by node pool (DescribeClusterNodes, page by page). */
  async function nodesByPool(ctx: CallContext, id: string): Promise<Map<string, IID[]>> {
    const byPool = new Map<string, IID[]>();
    const size = session.settings.pageSize;
    for (let page = 1; ; page++) {
      const answer = await session.roa(ctx, "DescribeClusterNodes", (c) =>
        c.describeClusterNodes(
          id,
          new cs.DescribeClusterNodesRequest({ pageSize: String(size), pageNumber: String(page) }),
        ),
      );
      const nodes = answer.nodes ?? [];
      for (const node of nodes) {
        const list = byPool.get(node.nodepoolId ?? "") ?? [];
        list.push({ nameId: node.instanceId ?? "", systemId: node.instanceId ?? "" });
        byPool.set(node.nodepoolId ?? "", list);
      }
      if (nodes.length === 0 || page * size >= (answer.page?.totalCount ?? 0)) return byPool;
    }
  }

  async function infoOf(ctx: CallContext, cluster: ClusterBody): Promise<ClusterInfo> {
    const id = cluster.clusterId ?? "";
    const status = clusterStatusOf(cluster.state);
    const list = status === "Deleting" ? [] : await pools(ctx, id);
    const nodes = list.length === 0 ? new Map<string, IID[]>() : await nodesByPool(ctx, id);
    let kubeconfig = "";
    let endpoint = "";
    if (status === "Active" || status === "Updating") {
      const answer = await session.roa(ctx, "DescribeClusterUserKubeconfig", (c) =>
        c.describeClusterUserKubeconfig(id, new cs.DescribeClusterUserKubeconfigRequest({ privateIpAddress: true })),
      );
      kubeconfig = answer.config ?? "";
      endpoint = /server:\s*"?([^"\s]+)"?/.exec(kubeconfig)?.[1] ?? "";
    }
    const tags = Object.fromEntries((cluster.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
    return {
      iid: { nameId: cluster.name ?? "", systemId: id },
      version: cluster.currentVersion ?? "",
      network: {
        vpcIID: iid(cluster.vpcId ?? ""),
        subnetIIDs: (cluster.vswitchIds ?? (cluster.vswitchId ? cluster.vswitchId.split(",") : [])).map(iid),
        securityGroupIIDs: cluster.securityGroupId ? [iid(cluster.securityGroupId)] : [],
      },
      nodeGroups: list.map((p) => poolInfo(p, nodes.get(p.nodepoolInfo?.nodepoolId ?? ""))),
      accessInfo: { endpoint, kubeconfig },
      status,
      ...(cluster.created ? { createdAt: new Date(cluster.created) } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      extra: { state: cluster.state ?? "", containerCidr: cluster.containerCidr ?? "" },
    };
  }

  /** Node pools join, change and leave a cluster that runs. */
  const running = (ctx: CallContext, id: string) =>
    ctx.waitUntil({
      description: `cluster ${id} to be running`,
      deadline: "cluster",
      read: () => detail(ctx, id),
      accept: (c) =>
        c.state === "running"
          ? "success"
          : ["initial", "waiting", "updating", "upgrading", "scaling"].includes(c.state ?? "")
            ? "retry"
            : "failure",
      describeFailure: (c) => c.state ?? "",
    });

  async function addPool(
    ctx: CallContext,
    clusterId: string,
    request: DriverNodeGroupRequest,
    network: { vswitchIds: string[]; securityGroupIds: string[] },
  ): Promise<string> {
    const answer = await session.roa(ctx, "CreateClusterNodePool", (c) =>
      c.createClusterNodePool(
        clusterId,
        new cs.CreateClusterNodePoolRequest({
          nodepoolInfo: new cs.CreateClusterNodePoolRequestNodepoolInfo({ name: request.name, type: "ess" }),
          scalingGroup: new cs.CreateClusterNodePoolRequestScalingGroup({
            vswitchIds: network.vswitchIds,
            instanceTypes: [request.specName],
            systemDiskCategory: request.rootDiskType ?? "cloud_essd",
            systemDiskSize: request.rootDiskSizeGB ?? 120,
            keyPair: request.keyPairIID.systemId || request.keyPairIID.nameId,
            securityGroupIds: network.securityGroupIds,
            desiredSize: request.desiredNodeSize,
            ...(request.imageIID ? { imageId: request.imageIID.systemId } : {}),
            ...(request.tags
              ? {
                  tags: Object.entries(request.tags).map(
                    ([key, value]) => new cs.CreateClusterNodePoolRequestScalingGroupTags({ key, value }),
                  ),
                }
              : {}),
          }),
          // The range goes in even without auto-scaling: ACK keeps it for when it is switched on.
          autoScaling: new cs.CreateClusterNodePoolRequestAutoScaling({
            enable: request.onAutoScaling,
            minInstances: request.minNodeSize,
            maxInstances: request.maxNodeSize,
          }),
        }),
      ),
    );
    if (!answer.nodepoolId) throw notFound("node pool", request.name, session.region);
    return answer.nodepoolId;
  }

  async function poolOf(ctx: CallContext, cluster: IID, nodeGroup: IID): Promise<PoolBody> {
    const found = (await pools(ctx, cluster.systemId)).find((p) => p.nodepoolInfo?.nodepoolId === nodeGroup.systemId);
    if (!found) throw notFound("node group", nodeGroup.nameId || nodeGroup.systemId, cluster.nameId);
    return found;
  }

  return {
    async *versions(ctx) {
      const list = await session.roa(ctx, "DescribeKubernetesVersionMetadata", (c) =>
        c.describeKubernetesVersionMetadata(
          new cs.DescribeKubernetesVersionMetadataRequest({ region: session.region, clusterType: "ManagedKubernetes" }),
        ),
      );
      const creatable = list.filter((v) => v.creatable === true).map((v) => v.version ?? "");
      const newest = [...creatable].sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))[0];
      for (const v of list) {
        const version = v.version ?? "";
        if (version === "") continue;
        yield {
          version,
          ...(version === newest ? { default: true } : {}),
          // Still offered to upgrade to, no longer for new clusters.
          ...(v.creatable === true ? {} : { deprecated: true }),
        };
      }
    },

    async create(request, ctx) {
      if (request.subnetIIDs.length === 0) throw invalid("subnetNames", "min-items", "an ACK cluster needs vSwitches");
      const vpc = await session.one<
        { RequestId?: string; Vpcs?: { Vpc?: { CidrBlock?: string }[] } },
        { CidrBlock?: string }
      >(ctx, "DescribeVpcs", { VpcId: request.vpcIID.systemId }, (a) => a.Vpcs?.Vpc?.[0], {
        type: "vpc",
        id: request.vpcIID.systemId,
      });
      const pair = networks.find(
        ([pods, services]) =>
          !cidrTextsOverlap(pods, vpc.CidrBlock ?? "") && !cidrTextsOverlap(services, vpc.CidrBlock ?? ""),
      );
      if (!pair) throw invalid("vpcName", "container-cidr", "no pod and service networks fit beside the VPC's CIDR");
      const network = {
        vswitchIds: request.subnetIIDs.map((s) => s.systemId),
        securityGroupIds: request.securityGroupIIDs.map((s) => s.systemId),
      };
      return ctx.compensate(async (undo) => {
        const answer = await session.roa(ctx, "CreateCluster", (c) =>
          c.createCluster(
            new cs.CreateClusterRequest({
              name: request.name,
              clusterType: "ManagedKubernetes",
              clusterSpec: "ack.pro.small",
              regionId: session.region,
              kubernetesVersion: request.version,
              vpcid: request.vpcIID.systemId,
              vswitchIds: network.vswitchIds,
              containerCidr: pair[0],
              serviceCidr: pair[1],
              ...(network.securityGroupIds[0] ? { securityGroupId: network.securityGroupIds[0] } : {}),
              ...(request.tags
                ? { tags: Object.entries(request.tags).map(([key, value]) => new cs.Tag({ key, value })) }
                : {}),
            }),
          ),
        );
        const id = answer.clusterId;
        if (!id) throw notFound("cluster", request.name, session.region);
        ctx.created(id);
        undo(`delete cluster ${request.name}`, (c) =>
          session.roa(c, "DeleteCluster", (client) => client.deleteCluster(id, new cs.DeleteClusterRequest({}))),
        );
        if (request.nodeGroups.length > 0) {
          await running(ctx, id);
          for (const group of request.nodeGroups) await addPool(ctx, id, group, network);
        }
        return infoOf(ctx, await ctx.whenVisible([id], () => detail(ctx, id)));
      });
    },

    async get(cluster, ctx) {
      return infoOf(ctx, await detail(ctx, cluster.systemId));
    },

    async *list(ctx) {
      const size = session.settings.pageSize;
      for (let page = 1; ; page++) {
        const answer = await session.roa(ctx, "DescribeClustersV1", (c) =>
          c.describeClustersV1(
            new cs.DescribeClustersV1Request({ regionId: session.region, pageSize: size, pageNumber: page }),
          ),
        );
        const clusters = answer.clusters ?? [];
        for (const cluster of clusters) {
          if (cluster.clusterId) yield await infoOf(ctx, await detail(ctx, cluster.clusterId));
        }
        const total = answer.pageInfo?.totalCount ?? 0;
        if (clusters.length === 0 || page * size >= total) return;
      }
    },

    async delete(cluster, ctx) {
      await session
        .roa(ctx, "DeleteCluster", (c) => c.deleteCluster(cluster.systemId, new cs.DeleteClusterRequest({})))
        .catch(ignoreNotFound);
    },

    async addNodeGroup(cluster, request, ctx) {
      const current = await detail(ctx, cluster.systemId);
      const id = await addPool(ctx, cluster.systemId, request, {
        vswitchIds: current.vswitchIds ?? [],
        securityGroupIds: current.securityGroupId ? [current.securityGroupId] : [],
      });
      return poolInfo(await poolOf(ctx, cluster, { nameId: request.name, systemId: id }));
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      await session
        .roa(ctx, "DeleteClusterNodepool", (c) =>
          c.deleteClusterNodepool(
            cluster.systemId,
            nodeGroup.systemId,
            new cs.DeleteClusterNodepoolRequest({ force: true }),
          ),
        )
        .catch(ignoreNotFound);
    },

    async setNodeGroupAutoScaling(cluster, nodeGroup, on, ctx) {
      const pool = await poolOf(ctx, cluster, nodeGroup);
      const desired = pool.scalingGroup?.desiredSize ?? 0;
      await session.roa(ctx, "ModifyClusterNodePool", (c) =>
        c.modifyClusterNodePool(
          cluster.systemId,
          nodeGroup.systemId,
          new cs.ModifyClusterNodePoolRequest({
            autoScaling: new cs.ModifyClusterNodePoolRequestAutoScaling({
              enable: on,
              minInstances: pool.autoScaling?.minInstances ?? desired,
              maxInstances: pool.autoScaling?.maxInstances ?? desired,
            }),
          }),
        ),
      );
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const pool = await poolOf(ctx, cluster, nodeGroup);
      await session.roa(ctx, "ModifyClusterNodePool", (c) =>
        c.modifyClusterNodePool(
          cluster.systemId,
          nodeGroup.systemId,
          new cs.ModifyClusterNodePoolRequest({
            autoScaling: new cs.ModifyClusterNodePoolRequestAutoScaling({
              enable: pool.autoScaling?.enable === true,
              minInstances: size.min,
              maxInstances: size.max,
            }),
            scalingGroup: new cs.ModifyClusterNodePoolRequestScalingGroup({ desiredSize: size.desired }),
          }),
        ),
      );
      return poolInfo(await poolOf(ctx, cluster, nodeGroup));
    },

    async upgrade(cluster, version, ctx) {
      await session.roa(ctx, "UpgradeCluster", (c) =>
        c.upgradeCluster(cluster.systemId, new cs.UpgradeClusterRequest({ nextVersion: version })),
      );
      return infoOf(ctx, await detail(ctx, cluster.systemId));
    },
  };
}
