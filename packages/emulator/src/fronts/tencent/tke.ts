import { cidrOverlaps, parseCidr } from "../../world/cidr.js";
import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError, invalidValue, missingParameter } from "./errors.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import { Params } from "./params.js";
import { plainTime, tagsParam } from "./render.js";
import { tke } from "./services.js";
import type { NodeGroupInput } from "../../world/resources/clusters.js";
import type { Cluster, NodeGroup } from "../../world/types.js";
import { tokenKubeconfig } from "./kubeconfig.js";

// TKE (tke 2018-05-25), managed clusters only: CreateCluster makes the control plane in a VPC
// (ClusterBasicSettings) with a container network of its own (ClusterCIDRSettings, which must not
// overlap the VPC); workers are node pools, each an auto-scaling group whose parameters are JSON
// strings in the AS API's own shape (AutoScalingGroupPara, LaunchConfigurePara). The kubeconfig
// comes from DescribeClusterKubeconfig with a token user TKE makes for the account.

const clusterIdPattern = /^cls-[a-z0-9]{8}$/;

function requireClusterId(id: string): void {
  if (!clusterIdPattern.test(id))
    throw new TencentError("InvalidParameter.ClusterNotFound", `The cluster \`${id}\` does not exist.`);
}

/** A cluster of the caller's region, or TKE's "not found". */
function clusterOf(cloud: AccountRegion, id: string): Cluster {
  requireClusterId(id);
  try {
    return cloud.clusters.get(id);
  } catch (error) {
    if (isWorldError(error, "NotFound"))
      throw new TencentError("InvalidParameter.ClusterNotFound", `The cluster \`${id}\` does not exist.`);
    throw error;
  }
}

function poolOf(cluster: Cluster, id: string): NodeGroup {
  const pool = cluster.nodeGroups.find((g) => g.id === id);
  if (!pool) throw new TencentError("ResourceNotFound.NodePoolNotFound", `The node pool \`${id}\` does not exist.`);
  return pool;
}

/** TKE's ClusterStatus. */
function clusterStatus(cluster: Cluster): string {
  switch (cluster.state) {
    case "creating":
      return "Creating";
    case "active":
      return "Running";
    case "updating":
      return "Upgrading";
    case "deleting":
      return "Deleting";
    case "failed":
      return "Abnormal";
  }
}

/** A node pool's LifeState. */
function lifeState(group: NodeGroup): string {
  switch (group.state) {
    case "creating":
      return "creating";
    case "updating":
      return "updating";
    case "deleting":
      return "deleting";
    case "failed":
      return "abnormal";
    case "active":
      return "normal";
  }
}

/** Changes need a running cluster (ResourceUnavailable.ClusterState otherwise). */
function requireRunning(cluster: Cluster): void {
  if (cluster.state !== "active")
    throw new TencentError(
      "ResourceUnavailable.ClusterState",
      `The cluster \`${cluster.id}\` is ${clusterStatus(cluster)}; the operation needs it Running.`,
    );
}

function renderCluster(c: ActionContext, cluster: Cluster): Record<string, unknown> {
  const meta = c.state.tke.get(cluster.id);
  return {
    ClusterId: cluster.id,
    ClusterName: cluster.name,
    ClusterDescription: meta?.description ?? "",
    ClusterVersion: cluster.version,
    ClusterOs: meta?.os ?? "tlinux3.1x86_64",
    ClusterType: "MANAGED_CLUSTER",
    ClusterNetworkSettings: {
      ClusterCIDR: meta?.clusterCidr ?? "",
      IgnoreClusterCIDRConflict: false,
      MaxNodePodNum: 256,
      MaxClusterServiceNum: 256,
      Ipvs: false,
      VpcId: cluster.vpc.id,
      Cni: true,
      ServiceCIDR: meta?.serviceCidr ?? "",
      Subnets: cluster.subnets.map((s) => s.id),
      SubnetId: cluster.subnets[0]?.id ?? "",
    },
    ClusterNodeNum: cluster.nodeGroups.reduce((n, g) => n + g.nodes.length, 0),
    ProjectId: 0,
    TagSpecification:
      meta && Object.keys(meta.tags).length > 0
        ? [{ ResourceType: "cluster", Tags: Object.entries(meta.tags).map(([Key, Value]) => ({ Key, Value })) }]
        : [],
    ClusterStatus: clusterStatus(cluster),
    Property: JSON.stringify({ NodeNameType: "lan-ip" }),
    ClusterMaterNodeNum: 0,
    ImageId: "",
    OsCustomizeType: "GENERAL",
    ContainerRuntime: "containerd",
    CreatedTime: plainTime(cluster.createdAt),
    DeletionProtection: false,
    EnableExternalNode: false,
    ClusterLevel: meta?.level ?? "L5",
    AutoUpgradeClusterLevel: false,
    QGPUShareEnable: false,
    RuntimeVersion: "1.6.9",
    ClusterEtcdNodeNum: 0,
    IsHighAvailability: true,
    ClusterCategory: "tke",
  };
}

function renderPool(c: ActionContext, cluster: Cluster, group: NodeGroup): Record<string, unknown> {
  const meta = c.state.tkePools.get(group.id);
  const running = group.nodes.length;
  return {
    NodePoolId: group.id,
    Name: group.name,
    ClusterInstanceId: cluster.id,
    LifeState: lifeState(group),
    LaunchConfigurationId: meta?.launchConfigurationId ?? "",
    AutoscalingGroupId: meta?.autoscalingGroupId ?? "",
    Labels: [],
    Taints: [],
    Annotations: [],
    NodeCountSummary: {
      ManuallyAdded: { Joining: 0, Initializing: 0, Normal: 0, Total: 0 },
      AutoscalingAdded: { Joining: 0, Initializing: 0, Normal: running, Total: running },
    },
    AutoscalingGroupStatus: group.autoScaling ? "enabled" : "disabled",
    MaxNodesNum: group.maxSize,
    MinNodesNum: group.minSize,
    DesiredNodesNum: group.desiredSize,
    NodePoolOs: meta?.os ?? "tlinux3.1x86_64",
    OsCustomizeType: "GENERAL",
    ImageId: group.image.id,
    Tags: Object.entries(meta?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    DeletionProtection: false,
  };
}

/** A JSON-string parameter (the AS API's parameters inside TKE's), parsed. */
function jsonParam(c: ActionContext, name: string): Params {
  const text = c.params.string(name);
  if (text === undefined || text === "") throw missingParameter(name);
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      return new Params(parsed as Record<string, unknown>, name);
  } catch {
    // The 400 below.
  }
  throw invalidValue(name, "It must be a JSON object string.", "InvalidParameter.Param");
}

/** Reads a node pool's AS parameters into the world's node group input. */
function poolInput(c: ActionContext, cloud: AccountRegion, cluster: Cluster, name: string): NodeGroupInput {
  const asg = jsonParam(c, "AutoScalingGroupPara");
  const launch = jsonParam(c, "LaunchConfigurePara");
  const max = asg.int("MaxSize", { min: 0, max: 2000 });
  const min = asg.int("MinSize", { min: 0, max: 2000 });
  if (max === undefined) throw missingParameter("AutoScalingGroupPara.MaxSize");
  if (min === undefined) throw missingParameter("AutoScalingGroupPara.MinSize");
  const desired = asg.int("DesiredCapacity", { min: 0, max: 2000 }) ?? min;
  if (min > desired || desired > max)
    throw invalidValue(
      "AutoScalingGroupPara",
      `MinSize <= DesiredCapacity <= MaxSize must hold (${min}, ${desired}, ${max}).`,
      "InvalidParameter.Param",
    );
  const vpcId = asg.string("VpcId") ?? cluster.vpc.id;
  if (vpcId !== cluster.vpc.id)
    throw invalidValue("AutoScalingGroupPara.VpcId", "It must be the cluster's VPC.", "InvalidParameter.Param");
  const subnetIds = asg.requiredStrings("SubnetIds");
  for (const id of subnetIds) {
    const subnet = cloud.subnets.list({ where: (s) => s.id === id }).items[0];
    if (!subnet || subnet.vpcId !== vpcId)
      throw invalidValue(
        "AutoScalingGroupPara.SubnetIds",
        `The subnet \`${id}\` is not in the cluster's VPC.`,
        "InvalidParameter.Param",
      );
  }
  const instanceType = launch.required("InstanceType");
  if (cloud.catalog.listSpecs({ where: (s) => s.name === instanceType }).items.length === 0)
    throw invalidValue(
      "LaunchConfigurePara.InstanceType",
      `The instance type \`${instanceType}\` is not offered.`,
      "InvalidParameter.Param",
    );
  const keyIds = launch.object("LoginSettings")?.strings("KeyIds") ?? [];
  for (const keyId of keyIds) cloud.keyPairs.get(keyId);
  const disk = launch.object("SystemDisk");
  const imageId = launch.string("ImageId");
  if (imageId !== undefined) cloud.catalog.getImage(imageId);
  const enable = c.params.bool("EnableAutoscale");
  if (enable === undefined) throw missingParameter("EnableAutoscale");
  return {
    name,
    specName: instanceType,
    imageId,
    keyPairId: keyIds[0],
    rootDisk: { type: disk?.string("DiskType"), sizeGB: disk?.int("DiskSize", { min: 20, max: 1024 }) },
    autoScaling: enable,
    desiredSize: desired,
    minSize: min,
    maxSize: max,
  };
}

async function describeVersions(c: ActionContext) {
  return c.call((cloud) => {
    const versions = offeredVersionsOf(cloud);
    return {
      TotalCount: versions.length,
      VersionInstanceSet: versions.map((v) => ({
        Name: v.version,
        Version: v.version,
        Remark: v.deprecated ? "deprecated" : "",
      })),
    };
  });
}

function offeredVersionsOf(cloud: AccountRegion): { version: string; deprecated?: boolean }[] {
  return cloud.clusters.versions();
}

async function createCluster(c: ActionContext) {
  const type = c.params.required("ClusterType");
  if (type !== "MANAGED_CLUSTER")
    throw invalidValue("ClusterType", "Only MANAGED_CLUSTER is served.", "InvalidParameter.Param");
  const cidr = c.params.requiredObject("ClusterCIDRSettings");
  const basic = c.params.requiredObject("ClusterBasicSettings");
  if (c.params.objects("RunInstancesForNode").length > 0 || c.params.objects("ExistedInstancesForNode").length > 0)
    throw invalidValue(
      "RunInstancesForNode",
      "Workers of managed clusters are node pools (CreateClusterNodePool).",
      "InvalidParameter.Param",
    );
  const name = basic.string("ClusterName") ?? "";
  if (name === "" || name.length > 50)
    throw invalidValue("ClusterBasicSettings.ClusterName", "It must be 1 to 50 characters.", "InvalidParameter.Param");
  const vpcId = basic.required("VpcId");
  const clusterCidr = cidr.required("ClusterCIDR");
  const serviceCidr = cidr.string("ServiceCIDR");
  const tags = basic
    .objects("TagSpecification")
    .flatMap((spec) => (spec.string("ResourceType") === "cluster" ? [spec] : []));
  return c.call((cloud, gate) => {
    const versions = offeredVersionsOf(cloud);
    const version = basic.string("ClusterVersion") ?? versions.find((v) => !v.deprecated)?.version ?? "";
    if (!versions.some((v) => v.version === version))
      throw invalidValue(
        "ClusterBasicSettings.ClusterVersion",
        `The version \`${version}\` is not offered.`,
        "InvalidParameter.Param",
      );
    const vpc = cloud.vpcs.get(vpcId);
    const containerNet = parseCidr(clusterCidr);
    const vpcNet = parseCidr(vpc.cidr ?? "");
    if (!containerNet)
      throw invalidValue(
        "ClusterCIDRSettings.ClusterCIDR",
        `\`${clusterCidr}\` is not a CIDR.`,
        "InvalidParameter.Param",
      );
    if (vpcNet && cidrOverlaps(containerNet, vpcNet))
      throw new TencentError(
        "InvalidParameter.CidrConflictWithVpcCidr",
        `The container CIDR ${clusterCidr} conflicts with the VPC CIDR ${vpc.cidr ?? ""}.`,
      );
    const subnetId = basic.string("SubnetId");
    const subnets = cloud.subnets.list({ where: (s) => s.vpcId === vpc.id }).items;
    const subnet = subnetId === undefined ? subnets[0] : subnets.find((s) => s.id === subnetId);
    if (!subnet)
      throw invalidValue(
        "ClusterBasicSettings.SubnetId",
        `No subnet \`${subnetId ?? ""}\` in ${vpc.id}.`,
        "InvalidParameter.Param",
      );
    const cluster = cloud.clusters.create(
      { name, version, vpcId: vpc.id, subnetIds: [subnet.id] },
      { failsLater: gate.failsLater },
    );
    c.state.tke.set(cluster.id, {
      description: basic.string("ClusterDescription") ?? "",
      os: basic.string("ClusterOs") ?? "tlinux3.1x86_64",
      clusterCidr,
      serviceCidr: serviceCidr ?? "",
      level: basic.string("ClusterLevel") ?? "L5",
      tags: tags.reduce((all, spec) => ({ ...all, ...tagsParam(spec.objects("Tags")) }), {}),
    });
    return { ClusterId: cluster.id };
  });
}

async function describeClusters(c: ActionContext) {
  const ids = c.params.strings("ClusterIds", { max: 100 });
  return c.call((cloud) => {
    const all = cloud.clusters
      .list()
      .items.filter((cl) => ids === undefined || ids.length === 0 || ids.includes(cl.id));
    const page = offsetPage(all, c.params, c.pages, { defaultLimit: 20, max: 100 });
    return { TotalCount: page.total, Clusters: page.items.map((cl) => renderCluster(c, cl)) };
  });
}

async function deleteCluster(c: ActionContext) {
  const id = c.params.required("ClusterId");
  const mode = c.params.required("InstanceDeleteMode");
  if (mode !== "terminate" && mode !== "retain")
    throw invalidValue("InstanceDeleteMode", "It must be terminate or retain.", "InvalidParameter.Param");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, id);
    if (cluster.state !== "deleting") cloud.clusters.beginDelete(cluster.id);
    return {};
  });
}

async function createNodePool(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const name = c.params.string("Name") ?? `np-${Date.now().toString(36)}`;
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    requireRunning(cluster);
    if (cluster.nodeGroups.some((g) => g.name === name))
      throw invalidValue("Name", `A node pool named \`${name}\` exists in the cluster.`, "InvalidParameter.Param");
    const input = poolInput(c, cloud, cluster, name);
    const group = cloud.clusters.addNodeGroup(cluster.id, input);
    c.state.tkePoolOwners.set(`asc-${group.id.slice(-8)}`, `${c.caller.account}/${c.region}`);
    c.state.tkePools.set(group.id, {
      os: c.params.string("NodePoolOs") ?? "tlinux3.1x86_64",
      tags: tagsParam(c.params.objects("Tags")),
      launchConfigurePara: c.params.string("LaunchConfigurePara") ?? "",
      autoScalingGroupPara: c.params.string("AutoScalingGroupPara") ?? "",
      launchConfigurationId: `asc-${group.id.slice(-8)}`,
      autoscalingGroupId: `asg-${group.id.slice(-8)}`,
    });
    return { NodePoolId: group.id };
  });
}

async function describeNodePools(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    const pools = cluster.nodeGroups.map((g) => renderPool(c, cluster, g));
    return { NodePoolSet: pools, TotalCount: pools.length };
  });
}

async function describeNodePoolDetail(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const poolId = c.params.required("NodePoolId");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    return { NodePool: renderPool(c, cluster, poolOf(cluster, poolId)) };
  });
}

async function modifyNodePool(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const poolId = c.params.required("NodePoolId");
  const max = c.params.int("MaxNodesNum", { min: 0, max: 2000 });
  const min = c.params.int("MinNodesNum", { min: 0, max: 2000 });
  const autoscale = c.params.bool("EnableAutoscale");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    requireRunning(cluster);
    const pool = poolOf(cluster, poolId);
    const next = { desired: pool.desiredSize, min: min ?? pool.minSize, max: max ?? pool.maxSize };
    if (next.min > next.max)
      throw invalidValue(
        "MinNodesNum",
        `MinNodesNum (${next.min}) must not exceed MaxNodesNum (${next.max}).`,
        "InvalidParameter.Param",
      );
    // The auto-scaling group keeps its desired count inside the new range.
    next.desired = Math.min(Math.max(next.desired, next.min), next.max);
    if (next.min !== pool.minSize || next.max !== pool.maxSize || next.desired !== pool.desiredSize)
      cloud.clusters.scaleNodeGroup(cluster.id, pool.id, next);
    if (autoscale !== undefined && autoscale !== pool.autoScaling)
      cloud.clusters.setAutoScaling(cluster.id, pool.id, autoscale);
    return {};
  });
}

async function modifyDesiredCapacity(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const poolId = c.params.required("NodePoolId");
  const desired = c.params.int("DesiredCapacity", { min: 0, max: 2000 });
  if (desired === undefined) throw missingParameter("DesiredCapacity");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    requireRunning(cluster);
    const pool = poolOf(cluster, poolId);
    if (desired < pool.minSize || desired > pool.maxSize)
      throw invalidValue(
        "DesiredCapacity",
        `It must be within the pool's range ${pool.minSize}..${pool.maxSize}.`,
        "InvalidParameter.Param",
      );
    cloud.clusters.scaleNodeGroup(cluster.id, pool.id, { desired, min: pool.minSize, max: pool.maxSize });
    return {};
  });
}

async function deleteNodePools(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const ids = c.params.requiredStrings("NodePoolIds", { max: 100 });
  if (c.params.bool("KeepInstance") === undefined) throw missingParameter("KeepInstance");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    requireRunning(cluster);
    for (const id of ids) poolOf(cluster, id);
    for (const id of ids) {
      cloud.clusters.removeNodeGroup(cluster.id, id);
      c.state.tkePools.delete(id);
    }
    return {};
  });
}

/** A node's InstanceState: running once booted, initializing while it boots, failed otherwise. */
function instanceState(state: string): string {
  if (state === "running") return "running";
  if (state === "pending") return "initializing";
  return "failed";
}

async function describeInstances(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const ids = c.params.strings("InstanceIds", { max: 100 });
  const role = c.params.string("InstanceRole") ?? "WORKER";
  const pools = filtersOf(c.params, ["nodepool-id", "nodepool-instance-type"]);
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    const all =
      role !== "WORKER" && role !== "ALL"
        ? []
        : cluster.nodeGroups
            .filter((g) => passes(pools, "nodepool-id", g.id) && passes(pools, "nodepool-instance-type", g.specName))
            .flatMap((g) =>
              g.nodes.map(({ id }) => {
                const vm = cloud.vms.get(id);
                return {
                  InstanceId: vm.id,
                  InstanceRole: "WORKER",
                  FailedReason: "",
                  InstanceState: instanceState(vm.state),
                  DrainStatus: "",
                  CreatedTime: plainTime(vm.createdAt),
                  LanIP: vm.privateIp,
                  NodePoolId: g.id,
                  AutoscalingGroupId: c.state.tkePools.get(g.id)?.autoscalingGroupId ?? "",
                };
              }),
            )
            .filter((i) => ids === undefined || ids.length === 0 || ids.includes(i.InstanceId));
    const page = offsetPage(all, c.params, c.pages, { defaultLimit: 20, max: 100 });
    return { TotalCount: page.total, InstanceSet: page.items };
  });
}

async function describeKubeconfig(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  return c.call(async (cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    if (cluster.state !== "active" && cluster.state !== "updating")
      throw new TencentError(
        "ResourceUnavailable.ClusterState",
        `The cluster \`${cluster.id}\` has no API server yet.`,
      );
    const access = await c.world.kube.access({
      provider: "TENCENT",
      account: c.caller.account,
      region: c.region,
      clusterId: cluster.id,
    });
    return {
      Kubeconfig: tokenKubeconfig({
        clusterId: cluster.id,
        user: c.caller.account,
        server: access.endpoint,
        caCertificate: access.caCertificate,
        token: cloud.clusters.adminToken(cluster.id),
      }),
    };
  });
}

async function availableVersions(c: ActionContext) {
  const id = c.params.string("ClusterId");
  const ids = c.params.strings("ClusterIds", { max: 100 }) ?? (id === undefined ? [] : [id]);
  return c.call((cloud) => {
    const offered = offeredVersionsOf(cloud).map((v) => v.version);
    const newer = (current: string) => offered.filter((v) => compareVersions(v, current) > 0);
    const clusters = ids.map((cid) => {
      const cluster = clusterOf(cloud, cid);
      return { ClusterId: cluster.id, Versions: newer(cluster.version) };
    });
    return { Versions: id !== undefined && clusters[0] ? clusters[0].Versions : offered, Clusters: clusters };
  });
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function updateVersion(c: ActionContext) {
  const clusterId = c.params.required("ClusterId");
  const target = c.params.required("DstVersion");
  return c.call((cloud) => {
    const cluster = clusterOf(cloud, clusterId);
    requireRunning(cluster);
    if (!offeredVersionsOf(cloud).some((v) => v.version === target) || compareVersions(target, cluster.version) <= 0)
      throw invalidValue(
        "DstVersion",
        `The cluster cannot be upgraded from ${cluster.version} to ${target}.`,
        "InvalidParameter.Param",
      );
    cloud.clusters.upgrade(cluster.id, target);
    return {};
  });
}

export const tkeActions: readonly ActionRegistration[] = [
  { service: tke, action: "DescribeVersions", handler: describeVersions },
  { service: tke, action: "DescribeAvailableClusterVersion", handler: availableVersions },
  { service: tke, action: "CreateCluster", handler: createCluster },
  { service: tke, action: "DescribeClusters", handler: describeClusters },
  { service: tke, action: "DeleteCluster", handler: deleteCluster },
  { service: tke, action: "CreateClusterNodePool", handler: createNodePool },
  { service: tke, action: "DescribeClusterNodePools", handler: describeNodePools },
  { service: tke, action: "DescribeClusterNodePoolDetail", handler: describeNodePoolDetail },
  { service: tke, action: "ModifyClusterNodePool", handler: modifyNodePool },
  { service: tke, action: "ModifyNodePoolDesiredCapacityAboutAsg", handler: modifyDesiredCapacity },
  { service: tke, action: "DeleteClusterNodePool", handler: deleteNodePools },
  { service: tke, action: "DescribeClusterInstances", handler: describeInstances },
  { service: tke, action: "DescribeClusterKubeconfig", handler: describeKubeconfig },
  { service: tke, action: "UpdateClusterVersion", handler: updateVersion },
];
