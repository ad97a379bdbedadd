import { randomUUID } from "node:crypto";
import type { FrontRequest, FrontResponse } from "../../http-front.js";
import type { World } from "../../../world/world.js";
import { isWorldError } from "../../../world/errors.js";
import type { Cluster, ClusterVersion, NodeGroup } from "../../../world/types.js";
import type { AccountRegion } from "../../../world/account-region.js";
import type { Authenticated } from "../authenticate.js";
import { AwsFault, isAwsFault } from "../fault.js";

// Amazon EKS's REST-JSON API (the paths and shapes of the EKS API reference, as @aws-sdk/client-eks
// sends them) over the world's clusters: clusters, managed node groups, version updates with their
// update records, and the Kubernetes versions offered.

export interface EksDeps {
  world: World;
}

/** Update records of `UpdateClusterVersion` and `UpdateNodegroupConfig`, by id (DescribeUpdate reads them back). */
interface UpdateRecord {
  id: string;
  cluster: string;
  nodegroup?: string;
  type: "VersionUpdate" | "ConfigUpdate";
  params: { type: string; value: string }[];
  createdAt: number;
}

const updates = new WeakMap<World, Map<string, UpdateRecord>>();

function respond(status: number, requestId: string, body: unknown, errorType?: string): FrontResponse {
  return {
    status,
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": requestId,
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    },
    body: JSON.stringify(body),
  };
}

/** EKS errors: the type in X-Amzn-ErrorType, the text in `message`. */
export function eksErrorResponse(fault: AwsFault, requestId: string): FrontResponse {
  return respond(fault.status, requestId, { message: fault.message }, fault.code);
}

function eksFaultOf(error: unknown): AwsFault {
  if (isAwsFault(error)) return error;
  if (!isWorldError(error)) return new AwsFault("ServerException", "An internal error occurred.", 500);
  switch (error.code) {
    case "NotFound":
      return new AwsFault("ResourceNotFoundException", error.message, 404);
    case "Duplicate":
    case "DependencyViolation":
    case "IncorrectState":
      return new AwsFault("ResourceInUseException", error.message, 409);
    case "InvalidParameter":
      return new AwsFault("InvalidParameterException", error.message, 400);
    case "QuotaExceeded":
      return new AwsFault("ResourceLimitExceededException", error.message, 400);
    case "InsufficientCapacity":
      return new AwsFault("UnsupportedAvailabilityZoneException", error.message, 400);
    case "Throttled":
      return new AwsFault("ThrottlingException", "Rate exceeded", 429);
    case "Unavailable":
      return new AwsFault("ServiceUnavailableException", "Service unavailable", 503);
    default:
      return new AwsFault("ServerException", error.message, 500);
  }
}

const epochSeconds = (ms: number) => ms / 1000;

const clusterStatus: Record<Cluster["state"], string> = {
  creating: "CREATING",
  active: "ACTIVE",
  updating: "UPDATING",
  deleting: "DELETING",
  failed: "FAILED",
};

const nodegroupStatus: Record<NodeGroup["state"], string> = {
  creating: "CREATING",
  active: "ACTIVE",
  updating: "UPDATING",
  deleting: "DELETING",
  failed: "CREATE_FAILED",
};

/** Role ARNs the world does not keep: remembered per cluster and node group as given. */
const roles = new WeakMap<World, Map<string, string>>();

function roleOf(world: World, key: string): string {
  return roles.get(world)?.get(key) ?? "";
}

async function clusterJson(cloud: AccountRegion, caller: Authenticated, world: World, c: Cluster) {
  const serving = c.state === "active" || c.state === "updating";
  const access = serving ? await cloud.clusters.access(c.id) : undefined;
  return {
    name: c.name,
    arn: `arn:aws:eks:${caller.region}:${caller.account}:cluster/${c.name}`,
    createdAt: epochSeconds(c.createdAt),
    version: c.version,
    ...(access ? { endpoint: access.endpoint } : {}),
    roleArn: roleOf(world, `cluster/${caller.account}/${caller.region}/${c.name}`),
    resourcesVpcConfig: {
      subnetIds: c.subnets.map((s) => s.id),
      securityGroupIds: c.securityGroups.map((g) => g.id),
      vpcId: c.vpc.id,
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
      publicAccessCidrs: ["0.0.0.0/0"],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: "10.100.0.0/16", ipFamily: "ipv4" },
    status: clusterStatus[c.state],
    certificateAuthority: access ? { data: Buffer.from(access.caCertificate).toString("base64") } : {},
    platformVersion: "eks.1",
    tags: c.tags,
  };
}

function nodegroupJson(caller: Authenticated, world: World, c: Cluster, g: NodeGroup) {
  return {
    nodegroupName: g.name,
    nodegroupArn: `arn:aws:eks:${caller.region}:${caller.account}:nodegroup/${c.name}/${g.name}/${g.id}`,
    clusterName: c.name,
    version: c.version,
    releaseVersion: `${c.version}.0-20241001`,
    createdAt: epochSeconds(g.createdAt),
    modifiedAt: epochSeconds(g.createdAt),
    status: nodegroupStatus[g.state],
    capacityType: "ON_DEMAND",
    scalingConfig: { minSize: g.minSize, maxSize: g.maxSize, desiredSize: g.desiredSize },
    instanceTypes: [g.specName],
    subnets: c.subnets.map((s) => s.id),
    ...(g.keyPair ? { remoteAccess: { ec2SshKey: g.keyPair.name } } : {}),
    amiType: "AL2023_x86_64_STANDARD",
    nodeRole: roleOf(world, `nodegroup/${caller.account}/${caller.region}/${c.name}/${g.name}`),
    labels: {},
    resources: { autoScalingGroups: [{ name: `eks-${g.name}-${g.id}` }] },
    ...(g.rootDisk.sizeGB ? { diskSize: g.rootDisk.sizeGB } : {}),
    health: { issues: [] },
    tags: g.tags,
  };
}

function versionJson(v: ClusterVersion) {
  return {
    clusterVersion: v.version,
    clusterType: "eks",
    defaultPlatformVersion: "eks.1",
    defaultVersion: v.default === true,
    status: v.deprecated ? "extended-support" : "standard-support",
    versionStatus: v.deprecated ? "EXTENDED_SUPPORT" : "STANDARD_SUPPORT",
  };
}

function body(request: FrontRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString("utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new AwsFault("InvalidParameterException", "The request body is not a JSON object");
}

function text(input: Record<string, unknown>, field: string, required = true): string | undefined {
  const value = input[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "")
    throw new AwsFault("InvalidParameterException", `${field} is required`);
  return value;
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new AwsFault("InvalidParameterException", `${field} must be a list of strings`);
  return value as string[];
}

function tagsOf(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== "object") throw new AwsFault("InvalidParameterException", "tags must be a map");
  return value as Record<string, string>;
}

function scaling(value: unknown): { desired: number; min: number; max: number } {
  const s = (value ?? {}) as { minSize?: unknown; maxSize?: unknown; desiredSize?: unknown };
  const n = (v: unknown, name: string): number => {
    if (typeof v !== "number" || !Number.isInteger(v))
      throw new AwsFault("InvalidParameterException", `scalingConfig.${name} must be an integer`);
    return v;
  };
  return {
    min: n(s.minSize ?? 1, "minSize"),
    max: n(s.maxSize ?? 2, "maxSize"),
    desired: n(s.desiredSize ?? 2, "desiredSize"),
  };
}

const roleArn = /^arn:aws[a-z-]*:iam::[^:]+:role\/.+$/;

function requireRole(input: Record<string, unknown>, field: string): string {
  const value = text(input, field) ?? "";
  if (!roleArn.test(value)) throw new AwsFault("InvalidParameterException", `${field} is not a valid IAM role ARN`);
  return value;
}

/** `/clusters/{name}/...` split into its segments (decoded). */
function segments(request: FrontRequest): string[] {
  return request.url.pathname
    .split("/")
    .filter((s) => s !== "")
    .map(decodeURIComponent);
}

/** Serves one EKS request of an authenticated caller. */
export async function serveEks(
  request: FrontRequest,
  caller: Authenticated,
  deps: EksDeps,
  requestId: string,
): Promise<FrontResponse> {
  const { world } = deps;
  const [root, name, sub, child, action] = segments(request);
  const method = request.method;
  const target = (api: string) => ({ provider: "AWS", account: caller.account, region: caller.region, api });
  const roleBook = roles.get(world) ?? new Map<string, string>();
  roles.set(world, roleBook);
  const updateBook = updates.get(world) ?? new Map<string, UpdateRecord>();
  updates.set(world, updateBook);
  const ok = (value: unknown) => respond(200, requestId, value);
  try {
    if (root === "cluster-versions" && name === undefined && method === "GET") {
      const versions = await world.call(target("DescribeClusterVersions"), (cloud) => cloud.clusters.versions());
      return ok({ clusterVersions: versions.map(versionJson) });
    }
    if (root !== "clusters")
      throw new AwsFault("ResourceNotFoundException", `No route ${method} ${request.url.pathname}`, 404);
    if (name === undefined) {
      if (method === "GET") {
        const max = Number(request.url.searchParams.get("maxResults") ?? 100);
        const token = request.url.searchParams.get("nextToken") ?? undefined;
        const page = await world.call(target("ListClusters"), (cloud) =>
          cloud.clusters.list({ maxResults: Math.min(Math.max(1, max), 100), nextToken: token }),
        );
        return ok({
          clusters: page.items.map((c) => c.name),
          ...(page.nextToken ? { nextToken: page.nextToken } : {}),
        });
      }
      if (method === "POST") {
        const input = body(request);
        const clusterName = text(input, "name") ?? "";
        const role = requireRole(input, "roleArn");
        const vpcConfig = (input["resourcesVpcConfig"] ?? {}) as Record<string, unknown>;
        const subnetIds = strings(vpcConfig["subnetIds"], "resourcesVpcConfig.subnetIds");
        const cluster = await world.call(target("CreateCluster"), async (cloud, gate) => {
          const subnets = subnetIds.map((id) => cloud.subnets.get(id));
          if (new Set(subnets.map((sn) => sn.zone)).size < 2)
            throw new AwsFault("InvalidParameterException", "Subnets specified must be in at least two different AZs");
          const vpcId = subnets[0]?.vpcId ?? "";
          const made = cloud.clusters.create(
            {
              name: clusterName,
              version: text(input, "version", false),
              vpcId,
              subnetIds,
              securityGroupIds: strings(vpcConfig["securityGroupIds"], "resourcesVpcConfig.securityGroupIds"),
              tags: tagsOf(input["tags"]),
              clientToken: text(input, "clientRequestToken", false),
            },
            { failsLater: gate.failsLater },
          );
          roleBook.set(`cluster/${caller.account}/${caller.region}/${made.name}`, role);
          return clusterJson(cloud, caller, world, made);
        });
        return ok({ cluster });
      }
    }
    if (name !== undefined && sub === undefined) {
      if (method === "GET") {
        const cluster = await world.call(target("DescribeCluster"), (cloud) =>
          clusterJson(cloud, caller, world, cloud.clusters.byName(name)),
        );
        return ok({ cluster });
      }
      if (method === "DELETE") {
        const cluster = await world.call(target("DeleteCluster"), (cloud) => {
          const c = cloud.clusters.byName(name);
          if (c.nodeGroups.length > 0)
            throw new AwsFault("ResourceInUseException", `Cluster has nodegroups attached`, 409);
          return clusterJson(cloud, caller, world, cloud.clusters.beginDelete(c.id, { requireNoNodeGroups: true }));
        });
        return ok({ cluster });
      }
    }
    if (name !== undefined && sub === "updates") {
      if (child === undefined && method === "POST") {
        const input = body(request);
        const version = text(input, "version") ?? "";
        const update = await world.call(target("UpdateClusterVersion"), (cloud) => {
          const c = cloud.clusters.byName(name);
          cloud.clusters.upgrade(c.id, version);
          const record: UpdateRecord = {
            id: randomUUID(),
            cluster: c.id,
            type: "VersionUpdate",
            params: [
              { type: "Version", value: version },
              { type: "PlatformVersion", value: "eks.1" },
            ],
            createdAt: world.clock.now(),
          };
          updateBook.set(record.id, record);
          return updateJson(cloud, record);
        });
        return ok({ update });
      }
      if (child !== undefined && method === "GET") {
        const record = updateBook.get(child);
        if (!record) throw new AwsFault("ResourceNotFoundException", `No update found for ID: ${child}`, 404);
        const update = await world.call(target("DescribeUpdate"), (cloud) => updateJson(cloud, record));
        return ok({ update });
      }
    }
    if (name !== undefined && sub === "node-groups") {
      if (child === undefined && method === "GET") {
        const groups = await world.call(target("ListNodegroups"), (cloud) => cloud.clusters.byName(name).nodeGroups);
        return ok({ nodegroups: groups.map((g) => g.name) });
      }
      if (child === undefined && method === "POST") {
        const input = body(request);
        const groupName = text(input, "nodegroupName") ?? "";
        const role = requireRole(input, "nodeRole");
        const size = scaling(input["scalingConfig"]);
        const instanceTypes = strings(input["instanceTypes"], "instanceTypes");
        const remote = (input["remoteAccess"] ?? {}) as Record<string, unknown>;
        const nodegroup = await world.call(target("CreateNodegroup"), (cloud, gate) => {
          const c = cloud.clusters.byName(name);
          if (c.state !== "active")
            throw new AwsFault("InvalidRequestException", `Cluster '${name}' is not in ACTIVE status`, 400);
          const keyName = typeof remote["ec2SshKey"] === "string" ? remote["ec2SshKey"] : undefined;
          const keyPair = keyName
            ? cloud.keyPairs.list({ maxResults: 1000 }).items.find((k) => k.name === keyName)
            : undefined;
          if (keyName && !keyPair)
            throw new AwsFault("InvalidParameterException", `The key pair '${keyName}' does not exist`);
          const diskSize = input["diskSize"];
          const g = cloud.clusters.addNodeGroup(
            c.id,
            {
              name: groupName,
              specName: instanceTypes[0] ?? "t3.medium",
              rootDisk: typeof diskSize === "number" ? { sizeGB: diskSize } : undefined,
              keyPairId: keyPair?.id,
              autoScaling: size.min !== size.max,
              desiredSize: size.desired,
              minSize: size.min,
              maxSize: size.max,
              tags: tagsOf(input["tags"]),
            },
            { failsLater: gate.failsLater },
          );
          roleBook.set(`nodegroup/${caller.account}/${caller.region}/${c.name}/${g.name}`, role);
          return nodegroupJson(caller, world, c, g);
        });
        return ok({ nodegroup });
      }
      if (child !== undefined && action === undefined && method === "GET") {
        const nodegroup = await world.call(target("DescribeNodegroup"), (cloud) => {
          const c = cloud.clusters.byName(name);
          return nodegroupJson(caller, world, c, cloud.clusters.nodeGroupByName(c.id, child));
        });
        return ok({ nodegroup });
      }
      if (child !== undefined && action === undefined && method === "DELETE") {
        const nodegroup = await world.call(target("DeleteNodegroup"), (cloud) => {
          const c = cloud.clusters.byName(name);
          const g = cloud.clusters.nodeGroupByName(c.id, child);
          return nodegroupJson(caller, world, c, cloud.clusters.removeNodeGroup(c.id, g.id));
        });
        return ok({ nodegroup });
      }
      if (child !== undefined && action === "update-config" && method === "POST") {
        const input = body(request);
        const update = await world.call(target("UpdateNodegroupConfig"), (cloud) => {
          const c = cloud.clusters.byName(name);
          const g = cloud.clusters.nodeGroupByName(c.id, child);
          const size = scaling({
            minSize: g.minSize,
            maxSize: g.maxSize,
            desiredSize: g.desiredSize,
            ...(input["scalingConfig"] as object | undefined),
          });
          cloud.clusters.scaleNodeGroup(c.id, g.id, size);
          const record: UpdateRecord = {
            id: randomUUID(),
            cluster: c.id,
            nodegroup: g.name,
            type: "ConfigUpdate",
            params: [
              { type: "MinSize", value: String(size.min) },
              { type: "MaxSize", value: String(size.max) },
              { type: "DesiredSize", value: String(size.desired) },
            ],
            createdAt: world.clock.now(),
          };
          updateBook.set(record.id, record);
          return updateJson(cloud, record);
        });
        return ok({ update });
      }
    }
    throw new AwsFault("ResourceNotFoundException", `No route ${method} ${request.url.pathname}`, 404);
  } catch (error) {
    return eksErrorResponse(eksFaultOf(error), requestId);
  }
}

/** An update's record with its status now: in progress while its cluster or group is updating. */
function updateJson(cloud: AccountRegion, record: UpdateRecord) {
  let status = "Successful";
  try {
    const c = cloud.clusters.get(record.cluster);
    const state = record.nodegroup ? c.nodeGroups.find((g) => g.name === record.nodegroup)?.state : c.state;
    if (state === "updating") status = "InProgress";
    if (state === "failed") status = "Failed";
  } catch (error) {
    if (!isWorldError(error, "NotFound")) throw error;
    status = "Cancelled";
  }
  return {
    id: record.id,
    status,
    type: record.type,
    params: record.params,
    createdAt: record.createdAt / 1000,
    errors: [],
  };
}
