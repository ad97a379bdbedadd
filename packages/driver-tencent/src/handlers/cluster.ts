import { cidrTextsOverlap, collect, ignoreNotFound } from "@cloud-barista/core/driver";
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
import type {
  DescribeLaunchConfigurationsResponse,
  LaunchConfiguration,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/as/v20180419/as_models.js";
import type {
  Cluster,
  CreateClusterNodePoolResponse,
  CreateClusterResponse,
  DescribeClusterInstancesResponse,
  DescribeClusterKubeconfigResponse,
  DescribeClusterNodePoolsResponse,
  DescribeClustersResponse,
  DescribeVersionsResponse,
  Instance,
  NodePool,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_models.js";
import type {
  DescribeVpcsResponse,
  Vpc,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js";
import { invalid, notFound } from "../errors.js";
import type { TencentSession } from "../session.js";
import { tagsOf, withoutKeys } from "../tags.js";

// TKE managed clusters. CreateCluster makes an empty control plane in the VPC with a container
// network that must not overlap it; each node group is a node pool, an auto-scaling group whose
// launch configuration (instance type, disk, key, security groups) goes in as the AS API's JSON.
// Kubernetes' own view of the nodes is in the kubeconfig TKE hands out (DescribeClusterKubeconfig).

/** Reserved tags: what the portable cluster has and TKE keeps nowhere (the subnets and groups asked for). */
export const clusterSubnetsTagKey = "cb-subnet-ids";
export const clusterSecurityGroupsTagKey = "cb-security-group-ids";
const reservedKeys = [clusterSubnetsTagKey, clusterSecurityGroupsTagKey];

/** Container networks tried in order: the first that overlaps neither the VPC nor its routes wins. */
const containerCidrs = ["172.20.0.0/16", "10.200.0.0/16", "192.168.128.0/17", "172.30.0.0/16"];

export function clusterStatusOf(status: string | undefined): ClusterStatus {
  switch (status) {
    case "Creating":
      return "Creating";
    case "Running":
      return "Active";
    case "Upgrading":
    case "Scaling":
      return "Updating";
    case "Deleting":
      return "Deleting";
    case "Idling":
    case "Isolated":
      return "Inactive";
    default:
      return "Failed";
  }
}

export function poolStatusOf(state: string | undefined): NodeGroupStatus {
  switch (state) {
    case "creating":
      return "Creating";
    case "updating":
      return "Updating";
    case "deleting":
      return "Deleting";
    case "normal":
      return "Active";
    default:
      return "Failed";
  }
}

const iid = (id: string): IID => ({ nameId: id, systemId: id });
const ids = (text: string | undefined): string[] => (text ?? "").split(",").filter((s) => s !== "");

export function createClusterHandler(session: TencentSession): ClusterHandler {
  async function describe(ctx: CallContext, id: string): Promise<Cluster> {
    return session.one<DescribeClustersResponse, Cluster>(
      ctx,
      "DescribeClusters",
      { ClusterIds: [id] },
      (a) => a.Clusters?.find((c) => c.ClusterId === id),
      { type: "cluster", id },
    );
  }

  async function pools(ctx: CallContext, clusterId: string): Promise<NodePool[]> {
    const answer = await session.call<DescribeClusterNodePoolsResponse>(ctx, "DescribeClusterNodePools", {
      ClusterId: clusterId,
    });
    return answer.NodePoolSet ?? [];
  }

  async function launchConfigs(ctx: CallContext, list: readonly NodePool[]): Promise<Map<string, LaunchConfiguration>> {
    const wanted = list.flatMap((p) => (p.LaunchConfigurationId ? [p.LaunchConfigurationId] : []));
    if (wanted.length === 0) return new Map();
    const answer = await session.call<DescribeLaunchConfigurationsResponse>(ctx, "DescribeLaunchConfigurations", {
      LaunchConfigurationIds: wanted,
      Limit: 100,
    });
    return new Map((answer.LaunchConfigurationSet ?? []).map((l) => [l.LaunchConfigurationId ?? "", l]));
  }

  /** The cluster's worker instances by node pool (TKE counts nodes per pool; the instances are listed here). */
  async function instancesByPool(ctx: CallContext, clusterId: string): Promise<Map<string, IID[]>> {
    const byPool = new Map<string, IID[]>();
    for await (const instance of session.pages<DescribeClusterInstancesResponse, Instance>(
      ctx,
      "DescribeClusterInstances",
      { ClusterId: clusterId, InstanceRole: "WORKER" },
      (a) => a.InstanceSet,
    )) {
      const pool = instance.NodePoolId ?? "";
      const list = byPool.get(pool) ?? [];
      list.push(iid(instance.InstanceId ?? ""));
      byPool.set(pool, list);
    }
    return byPool;
  }

  function poolInfo(pool: NodePool, launch: LaunchConfiguration | undefined, nodes: IID[] = []): NodeGroupInfo {
    const key = launch?.LoginSettings?.KeyIds?.[0];
    const image = launch?.ImageId || pool.ImageId;
    return {
      iid: { nameId: pool.Name ?? "", systemId: pool.NodePoolId ?? "" },
      ...(image ? { imageIID: iid(image) } : {}),
      specName: launch?.InstanceType ?? "",
      ...(launch?.SystemDisk?.DiskType ? { rootDiskType: launch.SystemDisk.DiskType } : {}),
      ...(launch?.SystemDisk?.DiskSize ? { rootDiskSizeGB: launch.SystemDisk.DiskSize } : {}),
      ...(key ? { keyPairIID: iid(key) } : {}),
      onAutoScaling: pool.AutoscalingGroupStatus === "enabled",
      desiredNodeSize: pool.DesiredNodesNum ?? 0,
      minNodeSize: pool.MinNodesNum ?? 0,
      maxNodeSize: pool.MaxNodesNum ?? 0,
      status: poolStatusOf(pool.LifeState),
      nodes,
      ...(tagsOf(pool.Tags) ? { tags: tagsOf(pool.Tags) } : {}),
      extra: {
        autoscalingGroupId: pool.AutoscalingGroupId ?? "",
        nodes: String(pool.NodeCountSummary?.AutoscalingAdded?.Normal ?? 0),
      },
    };
  }

  async function infoOf(ctx: CallContext, cluster: Cluster): Promise<ClusterInfo> {
    const id = cluster.ClusterId ?? "";
    const status = clusterStatusOf(cluster.ClusterStatus);
    const list = status === "Deleting" ? [] : await pools(ctx, id);
    const launches = await launchConfigs(ctx, list);
    const nodes = list.length === 0 ? new Map<string, IID[]>() : await instancesByPool(ctx, id);
    const allTags = tagsOf(cluster.TagSpecification?.flatMap((s) => s.Tags ?? []));
    const network = cluster.ClusterNetworkSettings;
    const subnets = ids(allTags?.[clusterSubnetsTagKey]);
    let kubeconfig = "";
    let endpoint = "";
    if (status === "Active" || status === "Updating") {
      const answer = await session.call<DescribeClusterKubeconfigResponse>(ctx, "DescribeClusterKubeconfig", {
        ClusterId: id,
        IsExtranet: false,
      });
      kubeconfig = answer.Kubeconfig ?? "";
      endpoint = /server:\s*"?([^"\s]+)"?/.exec(kubeconfig)?.[1] ?? "";
    }
    const own = withoutKeys(allTags, reservedKeys);
    return {
      iid: { nameId: cluster.ClusterName ?? "", systemId: id },
      version: cluster.ClusterVersion ?? "",
      network: {
        vpcIID: iid(network?.VpcId ?? ""),
        subnetIIDs: (subnets.length > 0 ? subnets : network?.SubnetId ? [network.SubnetId] : []).map(iid),
        securityGroupIIDs: ids(allTags?.[clusterSecurityGroupsTagKey]).map(iid),
      },
      nodeGroups: list.map((p) =>
        poolInfo(p, launches.get(p.LaunchConfigurationId ?? ""), nodes.get(p.NodePoolId ?? "")),
      ),
      accessInfo: { endpoint, kubeconfig },
      status,
      ...(cluster.CreatedTime ? { createdAt: new Date(`${cluster.CreatedTime.replace(" ", "T")}Z`) } : {}),
      ...(own ? { tags: own } : {}),
      extra: { clusterStatus: cluster.ClusterStatus ?? "", clusterCidr: network?.ClusterCIDR ?? "" },
    };
  }

  /** Node pools can be added, changed and removed only while the cluster is Running. */
  const running = (ctx: CallContext, id: string) =>
    ctx.waitUntil({
      description: `cluster ${id} to be Running`,
      deadline: "cluster",
      read: () => describe(ctx, id),
      accept: (c) =>
        c.ClusterStatus === "Running"
          ? "success"
          : ["Creating", "Upgrading", "Scaling"].includes(c.ClusterStatus ?? "")
            ? "retry"
            : "failure",
      describeFailure: (c) => c.ClusterStatus ?? "",
    });

  async function addPool(
    ctx: CallContext,
    clusterId: string,
    request: DriverNodeGroupRequest,
    network: { vpcId: string; subnetIds: string[]; securityGroupIds: string[] },
  ): Promise<string> {
    const launch = {
      InstanceType: request.specName,
      InstanceChargeType: "POSTPAID_BY_HOUR",
      SystemDisk: {
        DiskType: request.rootDiskType ?? "CLOUD_PREMIUM",
        DiskSize: request.rootDiskSizeGB ?? 50,
      },
      SecurityGroupIds: network.securityGroupIds,
      LoginSettings: { KeyIds: [request.keyPairIID.systemId] },
      ...(request.imageIID ? { ImageId: request.imageIID.systemId } : {}),
    };
    const group = {
      MaxSize: request.maxNodeSize,
      MinSize: request.minNodeSize,
      DesiredCapacity: request.desiredNodeSize,
      VpcId: network.vpcId,
      SubnetIds: network.subnetIds,
      RetryPolicy: "IMMEDIATE_RETRY",
    };
    const answer = await session.call<CreateClusterNodePoolResponse>(ctx, "CreateClusterNodePool", {
      ClusterId: clusterId,
      Name: request.name,
      AutoScalingGroupPara: JSON.stringify(group),
      LaunchConfigurePara: JSON.stringify(launch),
      InstanceAdvancedSettings: {},
      EnableAutoscale: request.onAutoScaling,
      ...(request.imageIID ? {} : { NodePoolOs: "tlinux3.1x86_64" }),
      ...(request.tags ? { Tags: Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value })) } : {}),
    });
    if (!answer.NodePoolId) throw notFound("node pool", request.name, session.region);
    return answer.NodePoolId;
  }

  async function poolOf(ctx: CallContext, cluster: IID, nodeGroup: IID): Promise<NodePool> {
    const found = (await pools(ctx, cluster.systemId)).find((p) => p.NodePoolId === nodeGroup.systemId);
    if (!found) throw notFound("node group", nodeGroup.nameId || nodeGroup.systemId, cluster.nameId);
    return found;
  }

  /** The network of a cluster, as its reserved tags keep it, for node pools added later. */
  async function networkOf(ctx: CallContext, clusterId: string) {
    const cluster = await describe(ctx, clusterId);
    const tags = tagsOf(cluster.TagSpecification?.flatMap((s) => s.Tags ?? []));
    const subnetIds = ids(tags?.[clusterSubnetsTagKey]);
    return {
      vpcId: cluster.ClusterNetworkSettings?.VpcId ?? "",
      subnetIds: subnetIds.length > 0 ? subnetIds : [cluster.ClusterNetworkSettings?.SubnetId ?? ""],
      securityGroupIds: ids(tags?.[clusterSecurityGroupsTagKey]),
    };
  }

  return {
    async *versions(ctx) {
      const answer = await session.call<DescribeVersionsResponse>(ctx, "DescribeVersions");
      const versions = (answer.VersionInstanceSet ?? []).filter((v) => v.Version);
      const newest = versions
        .filter((v) => v.Remark !== "deprecated")
        .map((v) => v.Version ?? "")
        .sort((a, b) => b.localeCompare(a, undefined, { numeric: true }))[0];
      for (const v of versions) {
        const version = v.Version ?? "";
        yield {
          version,
          ...(version === newest ? { default: true } : {}),
          ...(v.Remark === "deprecated" ? { deprecated: true } : {}),
        };
      }
    },

    async create(request, ctx) {
      const [first] = request.subnetIIDs;
      if (!first) throw invalid("subnetNames", "min-items", "a TKE cluster needs at least one subnet");
      const vpc = await session.one<DescribeVpcsResponse, Vpc>(
        ctx,
        "DescribeVpcs",
        { VpcIds: [request.vpcIID.systemId] },
        (a) => a.VpcSet?.[0],
        { type: "vpc", id: request.vpcIID.systemId },
      );
      const clusterCidr = containerCidrs.find((c) => !cidrTextsOverlap(c, vpc.CidrBlock ?? ""));
      if (!clusterCidr) throw invalid("vpcName", "container-cidr", "no container network fits beside the VPC's CIDR");
      const network = {
        vpcId: request.vpcIID.systemId,
        subnetIds: request.subnetIIDs.map((s) => s.systemId),
        securityGroupIds: request.securityGroupIIDs.map((s) => s.systemId),
      };
      const tags = {
        ...(request.tags ?? {}),
        [clusterSubnetsTagKey]: network.subnetIds.join(","),
        [clusterSecurityGroupsTagKey]: network.securityGroupIds.join(","),
      };
      return ctx.compensate(async (undo) => {
        const answer = await session.call<CreateClusterResponse>(ctx, "CreateCluster", {
          ClusterType: "MANAGED_CLUSTER",
          ClusterCIDRSettings: { ClusterCIDR: clusterCidr },
          ClusterBasicSettings: {
            ClusterName: request.name,
            ClusterVersion: request.version,
            ClusterOs: "tlinux3.1x86_64",
            VpcId: network.vpcId,
            SubnetId: first.systemId,
            TagSpecification: [
              { ResourceType: "cluster", Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
            ],
          },
        });
        const id = answer.ClusterId;
        if (!id) throw notFound("cluster", request.name, session.region);
        ctx.created(id);
        undo(`delete cluster ${request.name}`, (c) =>
          session.call(c, "DeleteCluster", { ClusterId: id, InstanceDeleteMode: "terminate" }),
        );
        if (request.nodeGroups.length > 0) {
          // Node pools join a cluster that runs.
          await running(ctx, id);
          for (const group of request.nodeGroups) await addPool(ctx, id, group, network);
        }
        return infoOf(ctx, await ctx.whenVisible([id], () => describe(ctx, id)));
      });
    },

    async get(cluster, ctx) {
      return infoOf(ctx, await describe(ctx, cluster.systemId));
    },

    async *list(ctx) {
      const all = await collect(
        session.pages<DescribeClustersResponse, Cluster>(ctx, "DescribeClusters", {}, (a) => a.Clusters),
      );
      for (const cluster of all) yield await infoOf(ctx, cluster);
    },

    async delete(cluster, ctx) {
      await session
        .call(ctx, "DeleteCluster", { ClusterId: cluster.systemId, InstanceDeleteMode: "terminate" })
        .catch(ignoreNotFound);
    },

    async addNodeGroup(cluster, request, ctx) {
      const id = await addPool(ctx, cluster.systemId, request, await networkOf(ctx, cluster.systemId));
      const pool = await poolOf(ctx, cluster, { nameId: request.name, systemId: id });
      return poolInfo(pool, (await launchConfigs(ctx, [pool])).get(pool.LaunchConfigurationId ?? ""));
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      await session
        .call(ctx, "DeleteClusterNodePool", {
          ClusterId: cluster.systemId,
          NodePoolIds: [nodeGroup.systemId],
          KeepInstance: false,
        })
        .catch(ignoreNotFound);
    },

    async setNodeGroupAutoScaling(cluster, nodeGroup, on, ctx) {
      await session.call(ctx, "ModifyClusterNodePool", {
        ClusterId: cluster.systemId,
        NodePoolId: nodeGroup.systemId,
        EnableAutoscale: on,
      });
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const pool = await poolOf(ctx, cluster, nodeGroup);
      if (pool.MinNodesNum !== size.min || pool.MaxNodesNum !== size.max) {
        await session.call(ctx, "ModifyClusterNodePool", {
          ClusterId: cluster.systemId,
          NodePoolId: nodeGroup.systemId,
          MinNodesNum: size.min,
          MaxNodesNum: size.max,
        });
      }
      await session.call(ctx, "ModifyNodePoolDesiredCapacityAboutAsg", {
        ClusterId: cluster.systemId,
        NodePoolId: nodeGroup.systemId,
        DesiredCapacity: size.desired,
      });
      const after = await poolOf(ctx, cluster, nodeGroup);
      return poolInfo(after, (await launchConfigs(ctx, [after])).get(after.LaunchConfigurationId ?? ""));
    },

    async upgrade(cluster, version, ctx) {
      await session.call(ctx, "UpdateClusterVersion", { ClusterId: cluster.systemId, DstVersion: version });
      return infoOf(ctx, await describe(ctx, cluster.systemId));
    },
  };
}
