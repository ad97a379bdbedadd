import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags } from "../../world/types.js";
import { clustersOf, withEndpoint } from "../world-clusters.js";
import type { ClusterStore, ClusterView } from "../world-clusters.js";
import { agentPoolInput, checkPoolName } from "./agent-pool-input.js";
import type { AgentPoolProperties } from "./agent-pool-input.js";
import { serveAgentPools, serveMachines } from "./agent-pools.js";
import { poolProperties, provisioningOf, requireIdle } from "./pool-properties.js";
import { isWorldError } from "../../world/errors.js";
import { ArmError, badRequest } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { ManagedClusterEntry } from "./front-state.js";
import { clusterKubeconfig } from "./kubeconfig.js";
import { pickVersion } from "./kubernetes-versions.js";
import { startOperation } from "./operations.js";
import { etagOf, guidOf, inGroup, resourceId } from "./resource-ids.js";

// AKS managed clusters (Microsoft.ContainerService/managedClusters): PUT makes one with its agent
// pools (201, provisioningState Creating, an Azure-AsyncOperation that ends when the world's cluster
// runs) or upgrades it (a new kubernetesVersion); GET, list, DELETE (202); POST
// listClusterUserCredential hands out the user kubeconfig, base64 as ARM carries it.

export const clusterType = "Microsoft.ContainerService/managedClusters";

interface ManagedClusterBody {
  location?: unknown;
  tags?: Tags;
  properties?: {
    kubernetesVersion?: unknown;
    dnsPrefix?: unknown;
    agentPoolProfiles?: AgentPoolProperties[];
    linuxProfile?: { adminUsername?: unknown; ssh?: { publicKeys?: { keyData?: unknown }[] } };
  };
}

/** The cluster's entry and its world cluster (entries of clusters the world no longer has are dropped). */
export function findCluster(
  ctx: ArmContext,
  id: string,
): { entry: ManagedClusterEntry; cluster: ClusterView; clusters: ClusterStore } | undefined {
  const entry = ctx.state.managedClusters.get(keyOf(id));
  if (!entry) return undefined;
  const clusters = clustersOf(cloudOf(ctx, entry.region));
  const cluster = clusters.list().find((c) => c.id === entry.worldId);
  if (!cluster) {
    ctx.state.managedClusters.delete(keyOf(id));
    return undefined;
  }
  return { entry, cluster, clusters };
}

function cloudOf(ctx: ArmContext, region: string): AccountRegion {
  return ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region });
}

export function clusterNotFound(group: string, name: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${clusterType}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** A cluster's provisioningState covers its agent pools: Creating until those made with it run. */
function clusterProvisioning(cluster: ClusterView): string {
  const busy = cluster.nodeGroups.filter((g) => g.state !== "active" && g.state !== "failed");
  if (cluster.state !== "active" || busy.length === 0) return provisioningOf(cluster.state);
  return busy.length === cluster.nodeGroups.length && busy.every((g) => g.state === "creating")
    ? "Creating"
    : "Updating";
}

function render(entry: ManagedClusterEntry, cluster: ClusterView) {
  const subnetId = cluster.subnetIds[0] ?? "";
  const fqdn = `${entry.dnsPrefix}-${guidOf(entry.id, entry.createdAt).slice(0, 8)}.hcp.${entry.region}.azmk8s.io`;
  const body = {
    id: entry.id,
    location: entry.region,
    name: entry.name,
    tags: entry.tags,
    type: clusterType,
    sku: { name: "Base", tier: "Free" },
    identity: {
      type: "SystemAssigned",
      principalId: guidOf(`${entry.id}/identity`, entry.createdAt),
      tenantId: guidOf(entry.group, 0),
    },
    properties: {
      provisioningState: clusterProvisioning(cluster),
      powerState: { code: "Running" },
      maxAgentPools: 100,
      kubernetesVersion: cluster.version,
      currentKubernetesVersion: cluster.version,
      dnsPrefix: entry.dnsPrefix,
      fqdn,
      azurePortalFQDN: fqdn.replace(".hcp.", ".portal.hcp."),
      agentPoolProfiles: cluster.nodeGroups.map((pool) => ({
        name: pool.name,
        ...poolProperties(entry, cluster, pool, subnetId),
      })),
      ...(entry.adminUsername
        ? {
            linuxProfile: {
              adminUsername: entry.adminUsername,
              ssh: { publicKeys: entry.publicKeys.map((keyData) => ({ keyData })) },
            },
          }
        : {}),
      nodeResourceGroup: `MC_${entry.group}_${entry.name}_${entry.region}`,
      enableRBAC: true,
      supportPlan: "KubernetesOfficial",
      networkProfile: {
        networkPlugin: "azure",
        loadBalancerSku: "standard",
        serviceCidr: "10.0.0.0/16",
        dnsServiceIP: "10.0.0.10",
        outboundType: "loadBalancer",
      },
      disableLocalAccounts: false,
      resourceUID: guidOf(entry.id, entry.createdAt).replace(/-/g, "").slice(0, 24),
    },
  };
  return { ...body, eTag: etagOf(body) };
}

/** The world subnet of an ARM subnet id in the region, or 400 as AKS refuses it. */
function subnetOf(cloud: AccountRegion, id: string, field: string) {
  const subnet = cloud.vpcs
    .list()
    .items.flatMap((v) => v.subnets)
    .find((s) => s.id.toLowerCase() === id.toLowerCase());
  if (!subnet) {
    throw badRequest(
      "InvalidParameter",
      `The value of parameter ${field} is invalid. Error details: subnet '${id}' was not found in the cluster's location.`,
      field,
    );
  }
  return subnet;
}

function pathNotFound(ctx: ArmContext): ArmError {
  return new ArmError(
    404,
    "NotFound",
    `No HTTP resource was found that matches the request URI '${ctx.request.url.pathname}'.`,
  );
}

/** The world's per-region cluster quota as AKS answers it: 400 QuotaExceeded (not Compute's 409). */
function withClusterQuota<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (isWorldError(error, "QuotaExceeded") && error.resourceId === "clusters") {
      throw new ArmError(
        400,
        "QuotaExceeded",
        `Managed cluster quota exceeded: the subscription reached its limit of managed clusters in this region. ${error.message}`,
      );
    }
    throw error;
  }
}

async function create(ctx: ArmContext, group: ResourceGroup, name: string, id: string, body: ManagedClusterBody) {
  const region = checkLocation(ctx, body.location, clusterType);
  const props = body.properties ?? {};
  const profiles = props.agentPoolProfiles ?? [];
  if (profiles.length === 0) {
    throw badRequest(
      "InvalidParameter",
      "The value of parameter agentPoolProfiles is invalid. Error details: at least one agent pool is required.",
      "agentPoolProfiles",
    );
  }
  const inputs = profiles.map((p, i) =>
    agentPoolInput(
      checkPoolName(p.name, `properties.agentPoolProfiles[${i}].name`),
      p,
      `properties.agentPoolProfiles[${i}]`,
    ),
  );
  if (!inputs.some((p) => p.mode === "System")) {
    throw badRequest("MustDefineAtLeastOneSystemPool", "Must define at least one system pool.", "agentPoolProfiles");
  }
  if (new Set(inputs.map((p) => p.name)).size !== inputs.length) {
    throw badRequest("InvalidParameter", "Agent pool names must be unique within a cluster.", "agentPoolProfiles");
  }
  const subnetIds = [...new Set(inputs.map((p) => p.subnetId))];
  const [subnetId] = subnetIds;
  if (subnetId === undefined) {
    throw badRequest(
      "InvalidParameter",
      "The value of parameter agentPoolProfiles.vnetSubnetID is invalid. Error details: the emulator makes no virtual network of its own; give each agent pool a subnet.",
      "properties.agentPoolProfiles[0].vnetSubnetID",
    );
  }
  const dnsPrefix = typeof props.dnsPrefix === "string" && props.dnsPrefix !== "" ? props.dnsPrefix : name;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9-]{0,52}[a-zA-Z0-9]$|^[a-zA-Z0-9]$/.test(dnsPrefix)) {
    throw badRequest(
      "InvalidDnsPrefix",
      `The value of parameter dnsPrefix '${dnsPrefix}' is invalid: 1-54 letters, digits and hyphens, starting and ending with a letter or digit.`,
      "properties.dnsPrefix",
    );
  }
  const keys = props.linuxProfile?.ssh?.publicKeys ?? [];
  const admin = props.linuxProfile?.adminUsername;
  const entry = await gate(ctx, region, "ManagedClusters_CreateOrUpdate", (cloud) => {
    const clusters = clustersOf(cloud);
    const subnets = subnetIds.map((s, i) =>
      subnetOf(cloud, s ?? "", `properties.agentPoolProfiles[${i}].vnetSubnetID`),
    );
    const vpcIds = new Set(subnets.map((s) => s.vpcId));
    if (vpcIds.size !== 1) {
      throw badRequest(
        "InvalidParameter",
        "All agent pools must use subnets of the same virtual network.",
        "properties.agentPoolProfiles",
      );
    }
    const version = pickVersion(clusters, props.kubernetesVersion);
    const cluster = withClusterQuota(() =>
      clusters.create({
        name,
        tags: body.tags,
        version,
        vpcId: subnets[0]?.vpcId ?? "",
        subnetIds: subnets.map((s) => s.id),
        securityGroupIds: [],
        resourceGroup: group.name,
        nodeGroups: inputs,
      }),
    );
    const made: ManagedClusterEntry = {
      id,
      name,
      group: group.name,
      region,
      createdAt: ctx.world.clock.now(),
      worldId: cluster.id,
      tags: body.tags ?? {},
      dnsPrefix,
      adminUsername: typeof admin === "string" ? admin : undefined,
      publicKeys: keys.map((k) => (typeof k.keyData === "string" ? k.keyData : "")).filter((k) => k !== ""),
      pools: new Map(
        inputs.map((p, i) => [p.name, { mode: p.mode, osDiskType: p.osDiskType, tags: profiles[i]?.tags ?? {} }]),
      ),
    };
    ctx.state.managedClusters.set(keyOf(id), made);
    return { entry: made, cluster };
  });
  const headers = startOperation(ctx, {
    region,
    resourceId: id,
    watch: { region, cluster: entry.cluster.id, until: "settled" },
  });
  return json(201, render(entry.entry, entry.cluster), headers);
}

/** A PUT of an existing cluster: tags, and an upgrade when kubernetesVersion changes. */
async function update(ctx: ArmContext, found: NonNullable<ReturnType<typeof findCluster>>, body: ManagedClusterBody) {
  const { entry, cluster } = found;
  if (body.location !== undefined && checkLocation(ctx, body.location, clusterType) !== entry.region) {
    throw badRequest("InvalidParameter", "The location of an existing resource cannot be changed.", "location");
  }
  const asked = body.properties?.kubernetesVersion;
  const result = await gate(ctx, entry.region, "ManagedClusters_CreateOrUpdate", () => {
    let upgrading = false;
    if (asked !== undefined && asked !== cluster.version) {
      const version = pickVersion(found.clusters, asked);
      if (version !== cluster.version) {
        if (compareVersions(version, cluster.version) < 0) {
          throw badRequest(
            "NotAllowedK8sVersionDowngrading",
            `Changing to kubernetes version ${version} from ${cluster.version} is a downgrade, which is not allowed.`,
            "properties.kubernetesVersion",
          );
        }
        requireIdle(cluster, "the upgrade");
        found.clusters.upgrade(cluster.id, version);
        upgrading = true;
      }
    }
    if (body.tags !== undefined) entry.tags = body.tags;
    return { upgrading, cluster: found.clusters.list().find((c) => c.id === cluster.id) ?? cluster };
  });
  const headers = startOperation(ctx, {
    region: entry.region,
    resourceId: entry.id,
    watch: { region: entry.region, cluster: cluster.id, until: "settled" },
  });
  return json(200, render(entry, result.cluster), headers);
}

/** "1.30.4" < "1.31.1", numerically part by part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * PUT, GET, DELETE .../managedClusters/{name}; GET lists the group's; POST
 * .../{name}/listClusterUserCredential; .../{name}/agentPools[/{pool}].
 */
export async function serveManagedClusters(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
  rest: string[],
): Promise<FrontResponse> {
  const method = ctx.request.method;
  if (name === undefined) {
    if (method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists managed clusters.");
    return listClusters(ctx, "ManagedClusters_ListByResourceGroup", (id) => inGroup(ctx, group, id));
  }
  const id = resourceId(ctx, group, clusterType, name);
  const [sub, subName, ...deeper] = rest;
  if (sub !== undefined) {
    const found = findCluster(ctx, id);
    if (sub.toLowerCase() === "agentpools" && deeper.length === 0) {
      if (!found) throw clusterNotFound(group.name, name);
      return serveAgentPools(ctx, found, subName);
    }
    if (sub.toLowerCase() === "agentpools" && subName !== undefined && deeper.length === 1) {
      if (deeper[0]?.toLowerCase() !== "machines") throw pathNotFound(ctx);
      if (!found) throw clusterNotFound(group.name, name);
      return serveMachines(ctx, found, subName);
    }
    if (sub.toLowerCase() === "listclusterusercredential" && subName === undefined && method === "POST") {
      const region = found?.entry.region ?? group.location;
      return gate(ctx, region, "ManagedClusters_ListClusterUserCredentials", async (cloud) => {
        if (!found) throw clusterNotFound(group.name, name);
        if (found.cluster.state !== "active" && found.cluster.state !== "updating") {
          throw new ArmError(
            409,
            "OperationNotAllowed",
            "The cluster's API server is not provisioned yet; try again once provisioningState is Succeeded.",
          );
        }
        const served = await withEndpoint(
          ctx.world,
          { provider: "AZURE", account: ctx.account, region },
          found.cluster,
        );
        // AKS's clusterUser of a cluster with local accounts: a client certificate of its CA.
        const user = cloud.clusters.issueClientCertificate(found.cluster.id, {
          commonName: "clusterUser",
          organizations: ["system:masters"],
        });
        const kubeconfig = clusterKubeconfig(found.entry, served, user);
        return json(200, { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] });
      });
    }
    throw new ArmError(
      404,
      "NotFound",
      `No HTTP resource was found that matches the request URI '${ctx.request.url.pathname}'.`,
    );
  }
  switch (method) {
    case "GET":
      return gate(ctx, findCluster(ctx, id)?.entry.region ?? group.location, "ManagedClusters_Get", () => {
        const found = findCluster(ctx, id);
        if (!found) throw clusterNotFound(group.name, name);
        return json(200, render(found.entry, found.cluster));
      });
    case "PUT": {
      const body = bodyOf<ManagedClusterBody>(ctx.request);
      const found = findCluster(ctx, id);
      return found ? update(ctx, found, body) : create(ctx, group, name, id, body);
    }
    case "DELETE": {
      const found = findCluster(ctx, id);
      if (!found) {
        await gate(ctx, group.location, "ManagedClusters_Delete", () => undefined);
        return { status: 204 };
      }
      const { entry, cluster, clusters } = found;
      await gate(ctx, entry.region, "ManagedClusters_Delete", () => {
        if (cluster.state !== "deleting") clusters.beginDelete(cluster.id);
      });
      const headers = startOperation(ctx, {
        region: entry.region,
        resourceId: id,
        withLocation: true,
        watch: { region: entry.region, cluster: cluster.id, until: "gone" },
      });
      return { status: 202, headers };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${method}' is not allowed.`);
  }
}

/** Every managed cluster of the subscription that `where` keeps (one page: clusters are few). */
async function listClusters(ctx: ArmContext, api: string, where: (id: string) => boolean): Promise<FrontResponse> {
  const region = ctx.world.catalog("AZURE").regions[0]?.name ?? "";
  return gate(ctx, region, api, () => {
    const value = [...ctx.state.managedClusters.values()]
      .filter((e) => where(e.id))
      .flatMap((e) => {
        const found = findCluster(ctx, e.id);
        return found ? [render(found.entry, found.cluster)] : [];
      });
    return json(200, { value });
  });
}

/** GET /subscriptions/{s}/providers/Microsoft.ContainerService/managedClusters. */
export function serveAllManagedClusters(ctx: ArmContext): Promise<FrontResponse> {
  if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists managed clusters.");
  return listClusters(ctx, "ManagedClusters_List", () => true);
}
