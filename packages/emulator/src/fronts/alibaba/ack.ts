import { randomUUID } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import { cidrOverlaps, parseCidr } from "../../world/cidr.js";
import { isWorldError } from "../../world/errors.js";
import type { GateContext, World } from "../../world/world.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { Caller } from "./authenticate.js";
import { AlibabaError, alibabaErrorOf } from "./errors.js";
import type { Cluster, NodeGroup } from "../../world/types.js";
import { certificateKubeconfig } from "./kubeconfig.js";

// Container Service for Kubernetes (cs 2015-12-15), a ROA API: JSON bodies on REST paths, signed
// with V3 (ACS3-HMAC-SHA256 over the path, see acs3.ts) by @alicloud/cs20151215, answers with the
// HTTP status and errors as `{ code, message, requestId }`. Managed clusters only
// (cluster_type ManagedKubernetes). Clusters are found by id in any region of the account, as
// ACK's global cluster ids are; lists and creates name their region.

type Json = Record<string, unknown>;

/** Container Service's API version. */
export const ackVersion = "2015-12-15";

export interface AckContext {
  world: World;
  caller: Caller;
  request: FrontRequest;
  requestId: string;
  /** Regions the world's ALIBABA catalog has. */
  regions: readonly string[];
  state: AckState;
}

export interface AckPoolMeta {
  vswitchIds: string[];
  securityGroupIds: string[];
  systemDiskCategory: string;
  keyPair: string;
  tags: { key: string; value: string }[];
}

export interface AckState {
  clusters: Map<
    string,
    {
      region: string;
      account: string;
      containerCidr: string;
      serviceCidr: string;
      tags: { key: string; value: string }[];
      securityGroupId: string;
    }
  >;
  pools: Map<string, AckPoolMeta>;
}

export function newAckState(): AckState {
  return { clusters: new Map(), pools: new Map() };
}

/** A time as ACK writes them: "2026-01-02T03:04:05+00:00". */
const ackTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");

function ackError(status: number, code: string, message: string): AlibabaError {
  return new AlibabaError(code, message, status);
}

function body(c: AckContext): Json {
  if (c.request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(c.request.body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // The 400 below.
  }
  throw ackError(400, "ErrorParamInvalid", "The request body is not a JSON object.");
}

const str = (o: Json, key: string): string | undefined => (typeof o[key] === "string" ? o[key] : undefined);
const num = (o: Json, key: string): number | undefined => (typeof o[key] === "number" ? o[key] : undefined);
const obj = (o: Json, key: string): Json =>
  o[key] !== null && typeof o[key] === "object" && !Array.isArray(o[key]) ? (o[key] as Json) : {};
const strs = (o: Json, key: string): string[] =>
  Array.isArray(o[key]) ? (o[key] as unknown[]).filter((v): v is string => typeof v === "string") : [];

function requireInt(value: number | undefined, field: string, min: number, max: number): number {
  if (value === undefined || !Number.isInteger(value) || value < min || value > max)
    throw ackError(400, "ErrorParamInvalid", `${field} must be an integer from ${min} to ${max}.`);
  return value;
}

/** ACK's cluster state. */
function clusterState(cluster: Cluster): string {
  switch (cluster.state) {
    case "creating":
      return "initial";
    case "active":
      return "running";
    case "updating":
      return "upgrading";
    case "deleting":
      return "deleting";
    case "failed":
      return "failed";
  }
}

function poolState(group: NodeGroup): string {
  switch (group.state) {
    case "creating":
      return "initial";
    case "updating":
      return "scaling";
    case "deleting":
      return "deleting";
    case "failed":
      return "failed";
    case "active":
      return "active";
  }
}

/** The cluster with this id in any region of the caller's account. */
function locate(c: AckContext, id: string): { region: string } {
  const meta = c.state.clusters.get(id);
  if (!meta || meta.account !== c.caller.account)
    throw ackError(404, "ErrorClusterNotFound", `cluster ${id} not found`);
  return { region: meta.region };
}

/** The API server of a cluster whose control plane answers. */
async function endpointOf(c: AckContext, region: string, cluster: Cluster): Promise<string | undefined> {
  if (cluster.state !== "active" && cluster.state !== "updating") return undefined;
  const access = await c.world.kube.access({
    provider: "ALIBABA",
    account: c.caller.account,
    region,
    clusterId: cluster.id,
  });
  return access.endpoint;
}

/** Runs `fn` through the world's gate as `api` in `region`. */
function gated<T>(
  c: AckContext,
  region: string,
  api: string,
  fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>,
): Promise<T> {
  return c.world.call({ provider: "ALIBABA", account: c.caller.account, region, api }, fn);
}

function clusterOf(cloud: AccountRegion, id: string): Cluster {
  try {
    return cloud.clusters.get(id);
  } catch (error) {
    if (isWorldError(error, "NotFound")) throw ackError(404, "ErrorClusterNotFound", `cluster ${id} not found`);
    throw error;
  }
}

function renderCluster(c: AckContext, cluster: Cluster, endpoint: string | undefined): Json {
  const meta = c.state.clusters.get(cluster.id);
  return {
    cluster_id: cluster.id,
    name: cluster.name,
    cluster_type: "ManagedKubernetes",
    cluster_spec: "ack.pro.small",
    profile: "Default",
    region_id: meta?.region ?? "",
    state: clusterState(cluster),
    size: cluster.nodeGroups.reduce((n, g) => n + g.nodes.length, 0),
    current_version: cluster.version,
    init_version: cluster.version,
    vpc_id: cluster.vpc.id,
    vswitch_ids: cluster.subnets.map((s) => s.id),
    vswitch_id: cluster.subnets.map((s) => s.id).join(","),
    security_group_id: meta?.securityGroupId ?? "",
    container_cidr: meta?.containerCidr ?? "",
    service_cidr: meta?.serviceCidr ?? "",
    tags: meta?.tags ?? [],
    created: ackTime(cluster.createdAt),
    updated: ackTime(cluster.createdAt),
    deletion_protection: false,
    resource_group_id: "",
    master_url: JSON.stringify(endpoint ? { api_server_endpoint: "", intranet_api_server_endpoint: endpoint } : {}),
  };
}

function renderPool(c: AckContext, group: NodeGroup): Json {
  const meta = c.state.pools.get(group.id);
  return {
    nodepool_info: { nodepool_id: group.id, name: group.name, type: "ess", is_default: false },
    scaling_group: {
      vswitch_ids: meta?.vswitchIds ?? [],
      instance_types: [group.specName],
      system_disk_category: meta?.systemDiskCategory ?? "cloud_essd",
      system_disk_size: group.rootDisk.sizeGB ?? 120,
      key_pair: meta?.keyPair ?? "",
      desired_size: group.desiredSize,
      security_group_ids: meta?.securityGroupIds ?? [],
      image_id: group.image.id,
      image_type: "AliyunLinux3",
      scaling_group_id: `asg-${group.id.slice(-10)}`,
      tags: meta?.tags ?? [],
    },
    auto_scaling: {
      enable: group.autoScaling,
      min_instances: group.minSize,
      max_instances: group.maxSize,
      type: "cpu",
    },
    status: {
      state: poolState(group),
      total_nodes: group.nodes.length,
      healthy_nodes: group.nodes.length,
      serving_nodes: group.nodes.length,
      initial_nodes: 0,
      failed_nodes: 0,
      offline_nodes: 0,
      removing_nodes: 0,
      spot_nodes: 0,
    },
  };
}

/** A pool's scaling group, read from CreateClusterNodePool's body. */
function poolInput(c: AckContext, cloud: AccountRegion, cluster: Cluster, input: Json) {
  const info = obj(input, "nodepool_info");
  const name = str(info, "name");
  if (name === undefined || name === "") throw ackError(400, "ErrorParamInvalid", "nodepool_info.name is required.");
  if (cluster.nodeGroups.some((g) => g.name === name))
    throw ackError(400, "ErrorNodePoolNameDuplicated", `node pool ${name} already exists in cluster ${cluster.id}`);
  const group = obj(input, "scaling_group");
  const auto = obj(input, "auto_scaling");
  const types = strs(group, "instance_types");
  const spec = types[0];
  if (spec === undefined || cloud.catalog.listSpecs({ where: (s) => s.name === spec }).items.length === 0)
    throw ackError(400, "ErrorParamInvalid", `scaling_group.instance_types: ${spec ?? "none"} is not offered.`);
  const vswitchIds = strs(group, "vswitch_ids");
  if (vswitchIds.length === 0) throw ackError(400, "ErrorParamInvalid", "scaling_group.vswitch_ids is required.");
  for (const id of vswitchIds) {
    const subnet = cloud.subnets.list({ where: (s) => s.id === id }).items[0];
    if (!subnet || subnet.vpcId !== cluster.vpc.id)
      throw ackError(400, "ErrorParamInvalid", `vswitch ${id} is not in the cluster's VPC ${cluster.vpc.id}.`);
  }
  const keyPair = str(group, "key_pair") ?? "";
  const key =
    keyPair === "" ? undefined : cloud.keyPairs.list({ where: (k) => k.name === keyPair || k.id === keyPair }).items[0];
  if (keyPair !== "" && !key) throw ackError(400, "ErrorParamInvalid", `key pair ${keyPair} does not exist.`);
  const enable = auto["enable"] === true;
  // With auto-scaling the range is required and the group starts at its minimum unless a desired
  // size is given; without it the desired size is, and a range given is kept for later.
  const given = num(group, "desired_size");
  const desired = enable ? given : requireInt(given, "scaling_group.desired_size", 0, 1000);
  const min =
    enable || num(auto, "min_instances") !== undefined
      ? requireInt(num(auto, "min_instances"), "auto_scaling.min_instances", 0, 1000)
      : (desired ?? 0);
  const max =
    enable || num(auto, "max_instances") !== undefined
      ? requireInt(num(auto, "max_instances"), "auto_scaling.max_instances", min, 1000)
      : (desired ?? 0);
  if (desired !== undefined && (desired < min || desired > max))
    throw ackError(400, "ErrorParamInvalid", `scaling_group.desired_size ${desired} is outside ${min}..${max}.`);
  const imageId = str(group, "image_id");
  if (imageId !== undefined && imageId !== "") cloud.catalog.getImage(imageId);
  return {
    world: {
      name,
      specName: spec,
      imageId: imageId === "" ? undefined : imageId,
      keyPairId: key?.id,
      rootDisk: { type: str(group, "system_disk_category"), sizeGB: num(group, "system_disk_size") },
      autoScaling: enable,
      desiredSize: desired ?? min,
      minSize: min,
      maxSize: max,
    },
    meta: {
      vswitchIds,
      securityGroupIds: strs(group, "security_group_ids"),
      systemDiskCategory: str(group, "system_disk_category") ?? "cloud_essd",
      keyPair,
      tags: Array.isArray(group["tags"]) ? (group["tags"] as { key: string; value: string }[]) : [],
    } satisfies AckPoolMeta,
  };
}

function requireRunning(cluster: Cluster): void {
  if (cluster.state !== "active")
    throw ackError(
      400,
      "ErrorClusterState",
      `cluster ${cluster.id} is ${clusterState(cluster)}, the operation needs it running`,
    );
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

type Handler = (c: AckContext, params: string[]) => Promise<Json | Json[]>;

async function createCluster(c: AckContext): Promise<Json> {
  const input = body(c);
  const region = str(input, "region_id");
  if (region === undefined || !c.regions.includes(region))
    throw ackError(400, "ErrorParamInvalid", `region_id ${region ?? ""} is not valid.`);
  const type = str(input, "cluster_type") ?? "Kubernetes";
  if (type !== "ManagedKubernetes")
    throw ackError(400, "ErrorParamInvalid", "Only cluster_type ManagedKubernetes is served.");
  const name = str(input, "name") ?? "";
  if (!/^[\p{L}\d][\p{L}\d_-]{0,62}$/u.test(name))
    throw ackError(400, "ErrorParamInvalid", `name ${name} is not valid.`);
  const vpcId = str(input, "vpcid");
  if (vpcId === undefined) throw ackError(400, "ErrorParamInvalid", "vpcid is required.");
  const vswitchIds = strs(input, "vswitch_ids");
  if (vswitchIds.length === 0) throw ackError(400, "ErrorParamInvalid", "vswitch_ids is required.");
  const containerCidr = str(input, "container_cidr") ?? "172.20.0.0/16";
  const serviceCidr = str(input, "service_cidr") ?? "172.21.0.0/20";
  return gated(c, region, "CreateCluster", (cloud, gate) => {
    const versions = cloud.clusters.versions();
    const version = str(input, "kubernetes_version") ?? versions.find((v) => !v.deprecated)?.version ?? "";
    if (!versions.some((v) => v.version === version))
      throw ackError(400, "ErrorVersionNotSupport", `kubernetes_version ${version} is not supported.`);
    const vpc = cloud.vpcs.get(vpcId);
    for (const id of vswitchIds) {
      const subnet = cloud.subnets.list({ where: (s) => s.id === id }).items[0];
      if (!subnet || subnet.vpcId !== vpc.id)
        throw ackError(400, "ErrorParamInvalid", `vswitch ${id} is not in ${vpc.id}.`);
    }
    for (const [field, text] of [
      ["container_cidr", containerCidr],
      ["service_cidr", serviceCidr],
    ] as const) {
      const net = parseCidr(text);
      const vpcNet = parseCidr(vpc.cidr ?? "");
      if (!net) throw ackError(400, "ErrorParamInvalid", `${field} ${text} is not a CIDR.`);
      if (vpcNet && cidrOverlaps(net, vpcNet))
        throw ackError(400, "ErrorCidrConflict", `${field} ${text} conflicts with the VPC's ${vpc.cidr ?? ""}.`);
    }
    const securityGroupId = str(input, "security_group_id") ?? "";
    if (securityGroupId !== "") cloud.securityGroups.get(securityGroupId);
    const cluster = cloud.clusters.create(
      {
        name,
        version,
        vpcId: vpc.id,
        subnetIds: vswitchIds,
        securityGroupIds: securityGroupId ? [securityGroupId] : [],
      },
      { failsLater: gate.failsLater },
    );
    c.state.clusters.set(cluster.id, {
      region,
      account: c.caller.account,
      containerCidr,
      serviceCidr,
      securityGroupId,
      tags: Array.isArray(input["tags"]) ? (input["tags"] as { key: string; value: string }[]) : [],
    });
    return {
      cluster_id: cluster.id,
      request_id: c.requestId,
      task_id: `T-${randomUUID().slice(0, 18)}`,
      instanceId: cluster.id,
    };
  });
}

const routes: readonly { method: string; path: RegExp; api: string; handle: Handler }[] = [
  {
    method: "GET",
    path: /^\/api\/v1\/metadata\/versions$/,
    api: "DescribeKubernetesVersionMetadata",
    handle: async (c) => {
      const region = c.request.url.searchParams.get("Region") ?? "";
      if (!c.regions.includes(region)) throw ackError(400, "ErrorParamInvalid", `Region ${region} is not valid.`);
      return gated(c, region, "DescribeKubernetesVersionMetadata", (cloud) => {
        const versions = cloud.clusters.versions();
        return versions.map((v) => ({
          version: v.version,
          creatable: v.deprecated !== true,
          upgradable_versions: versions.filter((w) => compareVersions(w.version, v.version) > 0).map((w) => w.version),
          release_date: "",
          expiration_date: "",
          capabilities: {},
          images: [],
          meta_data: {},
          runtimes: [{ name: "containerd", version: "1.6.28" }],
        }));
      });
    },
  },
  { method: "POST", path: /^\/clusters$/, api: "CreateCluster", handle: createCluster },
  {
    method: "GET",
    path: /^\/api\/v1\/clusters$/,
    api: "DescribeClustersV1",
    handle: async (c) => {
      const q = c.request.url.searchParams;
      const region = q.get("region_id");
      const pageSize = Math.min(Number(q.get("page_size") ?? "10") || 10, 100);
      const pageNumber = Math.max(Number(q.get("page_number") ?? "1") || 1, 1);
      const regions = region === null ? c.regions : [region];
      const all: Json[] = [];
      for (const r of regions) {
        const mine = [...c.state.clusters].filter(([, m]) => m.region === r && m.account === c.caller.account);
        if (mine.length === 0 && region === null) continue;
        const found = await gated(c, r, "DescribeClustersV1", async (cloud) => {
          const out: Json[] = [];
          for (const cl of cloud.clusters.list().items) {
            if (!c.state.clusters.has(cl.id) || (q.get("name") !== null && cl.name !== q.get("name"))) continue;
            out.push(renderCluster(c, cl, await endpointOf(c, r, cl)));
          }
          return out;
        });
        all.push(...found);
      }
      return {
        clusters: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
        page_info: { page_number: pageNumber, page_size: pageSize, total_count: all.length },
      };
    },
  },
  {
    method: "GET",
    path: /^\/clusters\/([^/]+)$/,
    api: "DescribeClusterDetail",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      return gated(c, region, "DescribeClusterDetail", async (cloud) => {
        const cluster = clusterOf(cloud, id);
        return renderCluster(c, cluster, await endpointOf(c, region, cluster));
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/clusters\/([^/]+)$/,
    api: "DeleteCluster",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      return gated(c, region, "DeleteCluster", (cloud) => {
        const cluster = clusterOf(cloud, id);
        if (cluster.state !== "deleting") cloud.clusters.beginDelete(cluster.id);
        return { cluster_id: id, request_id: c.requestId, task_id: `T-${randomUUID().slice(0, 18)}` };
      });
    },
  },
  {
    method: "POST",
    path: /^\/clusters\/([^/]+)\/nodepools$/,
    api: "CreateClusterNodePool",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      const input = body(c);
      return gated(c, region, "CreateClusterNodePool", (cloud) => {
        const cluster = clusterOf(cloud, id);
        requireRunning(cluster);
        const { world, meta } = poolInput(c, cloud, cluster, input);
        const group = cloud.clusters.addNodeGroup(cluster.id, world);
        c.state.pools.set(group.id, meta);
        return { nodepool_id: group.id, request_id: c.requestId, task_id: `T-${randomUUID().slice(0, 18)}` };
      });
    },
  },
  {
    method: "GET",
    path: /^\/clusters\/([^/]+)\/nodepools$/,
    api: "DescribeClusterNodePools",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      return gated(c, region, "DescribeClusterNodePools", (cloud) => ({
        nodepools: clusterOf(cloud, id).nodeGroups.map((g) => renderPool(c, g)),
      }));
    },
  },
  {
    method: "PUT",
    path: /^\/clusters\/([^/]+)\/nodepools\/([^/]+)$/,
    api: "ModifyClusterNodePool",
    handle: async (c, [id = "", poolId = ""]) => {
      const { region } = locate(c, id);
      const input = body(c);
      return gated(c, region, "ModifyClusterNodePool", (cloud) => {
        const cluster = clusterOf(cloud, id);
        requireRunning(cluster);
        const pool = cluster.nodeGroups.find((g) => g.id === poolId);
        if (!pool) throw ackError(404, "ErrorNodePoolNotFound", `node pool ${poolId} not found`);
        const auto = obj(input, "auto_scaling");
        const group = obj(input, "scaling_group");
        const enable = typeof auto["enable"] === "boolean" ? auto["enable"] : pool.autoScaling;
        const min = num(auto, "min_instances") ?? pool.minSize;
        const max = num(auto, "max_instances") ?? pool.maxSize;
        const desired = num(group, "desired_size") ?? pool.desiredSize;
        requireInt(min, "auto_scaling.min_instances", 0, 1000);
        requireInt(max, "auto_scaling.max_instances", min, 1000);
        requireInt(desired, "scaling_group.desired_size", 0, 1000);
        if (desired < min || desired > max)
          throw ackError(400, "ErrorParamInvalid", `desired_size ${desired} is outside ${min}..${max}.`);
        if (min !== pool.minSize || max !== pool.maxSize || desired !== pool.desiredSize)
          cloud.clusters.scaleNodeGroup(cluster.id, pool.id, { desired, min, max });
        if (enable !== pool.autoScaling) cloud.clusters.setAutoScaling(cluster.id, pool.id, enable);
        return { request_id: c.requestId, task_id: `T-${randomUUID().slice(0, 18)}`, nodepool_id: pool.id };
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/clusters\/([^/]+)\/nodepools\/([^/]+)$/,
    api: "DeleteClusterNodepool",
    handle: async (c, [id = "", poolId = ""]) => {
      const { region } = locate(c, id);
      return gated(c, region, "DeleteClusterNodepool", (cloud) => {
        const cluster = clusterOf(cloud, id);
        requireRunning(cluster);
        if (!cluster.nodeGroups.some((g) => g.id === poolId))
          throw ackError(404, "ErrorNodePoolNotFound", `node pool ${poolId} not found`);
        cloud.clusters.removeNodeGroup(cluster.id, poolId);
        c.state.pools.delete(poolId);
        return { request_id: c.requestId, task_id: `T-${randomUUID().slice(0, 18)}` };
      });
    },
  },
  {
    method: "GET",
    path: /^\/clusters\/([^/]+)\/nodes$/,
    api: "DescribeClusterNodes",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      const q = c.request.url.searchParams;
      const pageSize = Math.min(Number(q.get("pageSize") ?? "10") || 10, 100);
      const pageNumber = Math.max(Number(q.get("pageNumber") ?? "1") || 1, 1);
      const pool = q.get("nodepool_id");
      return gated(c, region, "DescribeClusterNodes", (cloud) => {
        const nodes = clusterOf(cloud, id)
          .nodeGroups.filter((g) => pool === null || g.id === pool)
          .flatMap((g) =>
            g.nodes.map(({ id: vmId }) => {
              const vm = cloud.vms.get(vmId);
              return {
                instance_id: vm.id,
                instance_name: vm.name,
                instance_type: g.specName,
                instance_role: "Worker",
                instance_status: vm.state === "running" ? "Running" : vm.state === "pending" ? "Starting" : "Stopped",
                node_name: `${region}.${vm.privateIp}`,
                node_status: vm.state === "running" ? "Ready" : "Unknown",
                nodepool_id: g.id,
                ip_address: [vm.privateIp],
                host_name: vm.name,
                state: vm.state === "running" ? "running" : vm.state === "pending" ? "initial" : "failed",
                creation_time: ackTime(vm.createdAt),
                source: "ess_attach",
              };
            }),
          );
        return {
          nodes: nodes.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
          page: { page_number: pageNumber, page_size: pageSize, total_count: nodes.length },
        };
      });
    },
  },
  {
    method: "GET",
    path: /^\/k8s\/([^/]+)\/user_config$/,
    api: "DescribeClusterUserKubeconfig",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      const minutes = Number(c.request.url.searchParams.get("TemporaryDurationMinutes") ?? "0");
      return gated(c, region, "DescribeClusterUserKubeconfig", async (cloud) => {
        const cluster = clusterOf(cloud, id);
        const endpoint = await endpointOf(c, region, cluster);
        if (endpoint === undefined) throw ackError(400, "ErrorClusterState", `cluster ${id} has no API server yet`);
        const ttlMs = minutes > 0 ? minutes * 60_000 : 3 * 365 * 86_400_000;
        // ACK's kubeconfig: a client certificate for the RAM identity, bound to cluster-admin.
        const user = `${c.caller.account}-${c.caller.accessKeyId}`;
        const client = cloud.clusters.issueClientCertificate(cluster.id, {
          commonName: user,
          organizations: ["system:masters"],
        });
        return {
          config: certificateKubeconfig({
            clusterId: cluster.id,
            user,
            server: endpoint,
            caCertificate: cluster.caCertificate,
            ...client,
          }),
          expiration: new Date(c.world.clock.now() + ttlMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
        };
      });
    },
  },
  {
    method: "POST",
    path: /^\/api\/v2\/clusters\/([^/]+)\/upgrade$/,
    api: "UpgradeCluster",
    handle: async (c, [id = ""]) => {
      const { region } = locate(c, id);
      const input = body(c);
      const next = str(input, "next_version");
      if (next === undefined) throw ackError(400, "ErrorParamInvalid", "next_version is required.");
      return gated(c, region, "UpgradeCluster", (cloud) => {
        const cluster = clusterOf(cloud, id);
        requireRunning(cluster);
        if (!cloud.clusters.versions().some((v) => v.version === next) || compareVersions(next, cluster.version) <= 0)
          throw ackError(
            400,
            "ErrorVersionNotSupport",
            `cluster ${id} cannot be upgraded from ${cluster.version} to ${next}`,
          );
        cloud.clusters.upgrade(cluster.id, next);
        return { request_id: c.requestId, task_id: `T-${randomUUID().slice(0, 18)}` };
      });
    },
  },
];

/** Serves one ROA request of Container Service; errors as `{ code, message, requestId }`. */
export async function serveAck(c: AckContext): Promise<FrontResponse> {
  const headers = { "content-type": "application/json;charset=utf-8", "x-acs-request-id": c.requestId };
  try {
    const path = c.request.url.pathname;
    const candidates = routes.filter((r) => r.path.test(path));
    const route = candidates.find((r) => r.method === c.request.method);
    if (!route)
      throw ackError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    const action = c.request.headers["x-acs-action"];
    if (typeof action === "string" && action !== route.api)
      throw ackError(400, "InvalidAction", `x-acs-action ${action} does not match ${c.request.method} ${path}.`);
    const params = (route.path.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
    const result = await route.handle(c, params);
    return { status: 200, headers, body: JSON.stringify(result) };
  } catch (error) {
    const e = alibabaErrorOf(error);
    return {
      status: e.status,
      headers,
      body: JSON.stringify({ code: e.code, message: e.message, requestId: c.requestId }),
    };
  }
}
