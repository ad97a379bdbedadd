import type { AgentPool, Machine, ManagedCluster, ManagedClusterAgentPoolProfile } from "@azure/arm-containerservice";
import type {
  CallContext,
  ClusterHandler,
  ClusterInfo,
  ClusterStatus,
  DriverNodeGroupRequest,
  IID,
  NodeGroupInfo,
} from "@cloud-barista/core/driver";
import { badAnswer, invalid } from "../errors.js";
import type { AzureSession } from "../session.js";
import { ignoreMissingGroup } from "./missing.js";

// AKS (Microsoft.ContainerService) behind the portable cluster handler. The translation:
//
// | portable                      | AKS                                                                  |
// |-------------------------------|----------------------------------------------------------------------|
// | cluster                       | managedClusters/{name} in the connection's resource group            |
// | version                       | properties.kubernetesVersion (kubernetesVersions lists the offered)  |
// | network.subnetIIDs[0]         | every agent pool's vnetSubnetID (vpcIID: the subnet's vnet)          |
// | network.securityGroupIIDs     | kept in the cluster tag cb-security-groups (AKS makes its own NSG)   |
// | node group                    | agentPools/{name} (the first System, the rest User), name a-z0-9 ≤12 |
// | specName / rootDiskSizeGB     | vmSize / osDiskSizeGB; rootDiskType Managed or Ephemeral (osDiskType)|
// | keyPairIID                    | linuxProfile.ssh.publicKeys (one per cluster: all groups share it),  |
// |                               | named in the pool tag cb-key-pair                                    |
// | min / max without autoscaling | the pool tag cb-scaling ("min-max"): AKS keeps limits only with it   |
// | nodes                         | agentPools/{pool}/machines                                           |
// | desired / min / max, scaling  | count / minCount / maxCount, enableAutoScaling                       |
// | status                        | provisioningState (Creating, Succeeded, Updating, Deleting, Failed)  |
// | accessInfo.kubeconfig         | listClusterUserCredential's clusterUser kubeconfig (as AKS gives it) |
// | upgrade                       | PUT of the cluster with a new kubernetesVersion                      |

export const securityGroupsTag = "cb-security-groups";
export const nodeGroupNameTag = "cb-name";
export const keyPairTag = "cb-key-pair";
/** The portable min and max ("1-3") of a pool without autoscaling, which AKS does not keep. */
export const scalingTag = "cb-scaling";

function limitsOf(tag: string | undefined): { min: number; max: number } | undefined {
  const match = /^(\d+)-(\d+)$/.exec(tag ?? "");
  return match ? { min: Number(match[1]), max: Number(match[2]) } : undefined;
}

const aksPoolName = /^[a-z][a-z0-9]{0,11}$/;

/** The agent pool name of a node group's cloud name: lower-case letters and digits, at most 12. */
export function poolNameOf(name: string): string {
  const pool = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const fixed = /^[a-z]/.test(pool) ? pool : `p${pool}`;
  return fixed.slice(0, 12);
}

const statusOf = (state: string | undefined): ClusterStatus => {
  switch (state) {
    case "Creating":
      return "Creating";
    case "Succeeded":
      return "Active";
    case "Deleting":
      return "Deleting";
    case "Failed":
      return "Failed";
    case "Canceled":
    case "Stopped":
      return "Inactive";
    default:
      return "Updating";
  }
};

const lastOf = (id: string) => id.split("/").pop() ?? id;
const nameOf = (iid: IID) => (iid.systemId ? lastOf(iid.systemId) : iid.nameId);

/** The `server:` of a kubeconfig's (first) cluster. */
function serverOf(kubeconfig: string): string {
  const value = /^\s*server:\s*(\S+)\s*$/m.exec(kubeconfig)?.[1] ?? "";
  return value.replace(/^"(.*)"$/, "$1");
}

/** Checks a node group against AKS's rules before any call. `field` names it in errors. */
function checkNodeGroup(request: DriverNodeGroupRequest, field: string, system: boolean): void {
  if (request.imageIID && (request.imageIID.systemId || request.imageIID.nameId)) {
    throw invalid(`${field}.imageName`, "aks-node-image", "AKS picks the node image itself; leave it empty");
  }
  if (request.rootDiskType && request.rootDiskType !== "Managed" && request.rootDiskType !== "Ephemeral") {
    throw invalid(`${field}.rootDiskType`, "aks-os-disk-type", 'must be "Managed" or "Ephemeral" on AKS');
  }
  if (request.rootDiskSizeGB !== undefined && (request.rootDiskSizeGB < 30 || request.rootDiskSizeGB > 2048)) {
    throw invalid(`${field}.rootDiskSizeGB`, "aks-os-disk-size", "must be 30 to 2048 GB on AKS");
  }
  const least = system ? 1 : 0;
  const { desiredNodeSize: desired, minNodeSize: min, maxNodeSize: max } = request;
  if (desired < least || desired > 1000 || (request.onAutoScaling && (min < least || max > 1000))) {
    throw invalid(
      `${field}.desiredNodeSize`,
      "aks-node-count",
      `AKS node groups hold ${least} to 1000 nodes${system ? " (the first group is the system pool)" : ""}`,
    );
  }
  if (!aksPoolName.test(poolNameOf(request.name))) {
    throw invalid(
      `${field}.name`,
      "aks-pool-name",
      "an agent pool name needs a letter and at most 12 letters and digits",
    );
  }
}

/** An agent pool's properties from a node group request. */
function poolProperties(request: DriverNodeGroupRequest, subnetId: string, mode: "System" | "User") {
  return {
    count: request.desiredNodeSize,
    vmSize: request.specName,
    ...(request.rootDiskSizeGB !== undefined ? { osDiskSizeGB: request.rootDiskSizeGB } : {}),
    osDiskType: (request.rootDiskType || "Managed") as "Managed" | "Ephemeral",
    vnetSubnetID: subnetId,
    type: "VirtualMachineScaleSets" as const,
    mode,
    osType: "Linux" as const,
    enableAutoScaling: request.onAutoScaling,
    ...(request.onAutoScaling ? { minCount: request.minNodeSize, maxCount: request.maxNodeSize } : {}),
    tags: {
      ...request.tags,
      [nodeGroupNameTag]: request.name,
      [keyPairTag]: nameOf(request.keyPairIID),
      [scalingTag]: `${request.minNodeSize}-${request.maxNodeSize}`,
    },
  };
}

type PoolLike = ManagedClusterAgentPoolProfile | (AgentPool & { name?: string });

export function createClusterHandler(session: AzureSession): ClusterHandler {
  const clusters = () => session.clients.containers.managedClusters;
  const pools = () => session.clients.containers.agentPools;
  const { group } = session;

  const getCluster = (ctx: CallContext, name: string) =>
    session.call(ctx, "ManagedClusters_Get", (o) => clusters().get(group, name, o));

  const nodeGroupOf = (pool: PoolLike, nodes: IID[]): NodeGroupInfo => {
    const name = pool.name ?? "";
    const tags = { ...pool.tags };
    const nameId = tags[nodeGroupNameTag] ?? name;
    const key = tags[keyPairTag];
    const keyPair = key ? { nameId: key, systemId: session.idOf("Microsoft.Compute/sshPublicKeys", key) } : undefined;
    const kept = limitsOf(tags[scalingTag]);
    delete tags[nodeGroupNameTag];
    delete tags[keyPairTag];
    delete tags[scalingTag];
    const count = pool.count ?? 0;
    return {
      iid: { nameId, systemId: name },
      specName: pool.vmSize ?? "",
      ...(pool.osDiskType ? { rootDiskType: pool.osDiskType } : {}),
      ...(pool.osDiskSizeGB ? { rootDiskSizeGB: pool.osDiskSizeGB } : {}),
      ...(keyPair ? { keyPairIID: keyPair } : {}),
      onAutoScaling: pool.enableAutoScaling ?? false,
      desiredNodeSize: count,
      minNodeSize: pool.enableAutoScaling ? (pool.minCount ?? count) : (kept?.min ?? count),
      maxNodeSize: pool.enableAutoScaling ? (pool.maxCount ?? count) : (kept?.max ?? count),
      status: statusOf(pool.provisioningState),
      nodes,
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      extra: { mode: pool.mode ?? "", orchestratorVersion: pool.currentOrchestratorVersion ?? "" },
    };
  };

  /** A pool's nodes: its machines (named as the Kubernetes nodes are). */
  const nodesOf = async (ctx: CallContext, cluster: string, pool: string): Promise<IID[]> => {
    const nodes: IID[] = [];
    const machines = session.pages(
      ctx,
      "Machines_List",
      (o) => session.clients.containers.machines.list(group, cluster, pool, o),
      (m: Machine) => ({ nameId: m.name ?? "", systemId: m.id ?? "" }),
    );
    for await (const node of machines) nodes.push(node);
    return nodes;
  };

  const toInfo = async (ctx: CallContext, cluster: ManagedCluster): Promise<ClusterInfo> => {
    const name = cluster.name ?? "";
    const status = statusOf(cluster.provisioningState);
    const profiles = cluster.agentPoolProfiles ?? [];
    const subnetId = profiles[0]?.vnetSubnetID ?? "";
    const vnetId = subnetId.split("/subnets/")[0] ?? "";
    const tags = { ...cluster.tags };
    const groups = (tags[securityGroupsTag] ?? "").split(",").filter((g) => g !== "");
    delete tags[securityGroupsTag];
    let kubeconfig = "";
    if (status === "Active") {
      const credentials = await session.call(ctx, "ManagedClusters_ListClusterUserCredentials", (o) =>
        clusters().listClusterUserCredentials(group, name, o),
      );
      const value = credentials.kubeconfigs?.[0]?.value;
      if (!value) throw badAnswer("ManagedClusters_ListClusterUserCredentials: no kubeconfig");
      kubeconfig = Buffer.from(value).toString("utf8");
    }
    return {
      iid: { nameId: name, systemId: cluster.id ?? "" },
      version: cluster.currentKubernetesVersion ?? cluster.kubernetesVersion ?? "",
      network: {
        vpcIID: { nameId: lastOf(vnetId), systemId: vnetId },
        subnetIIDs: subnetId ? [{ nameId: lastOf(subnetId), systemId: subnetId }] : [],
        securityGroupIIDs: groups.map((g) => ({
          nameId: g,
          systemId: session.idOf("Microsoft.Network/networkSecurityGroups", g),
        })),
      },
      nodeGroups: await Promise.all(profiles.map(async (p) => nodeGroupOf(p, await nodesOf(ctx, name, p.name ?? "")))),
      accessInfo: { endpoint: kubeconfig ? serverOf(kubeconfig) : "", kubeconfig },
      status,
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      extra: {
        fqdn: cluster.fqdn ?? "",
        nodeResourceGroup: cluster.nodeResourceGroup ?? "",
        provisioningState: cluster.provisioningState ?? "",
      },
    };
  };

  const readPool = async (ctx: CallContext, cluster: string, pool: string) =>
    nodeGroupOf(
      await session.call(ctx, "AgentPools_Get", (o) => pools().get(group, cluster, pool, o)),
      await nodesOf(ctx, cluster, pool),
    );

  /** PUT of a pool (new or changed), waited for to the end, read back. */
  const putPool = async (ctx: CallContext, cluster: string, pool: string, properties: AgentPool) => {
    const operation = await session.start(ctx, "AgentPools_CreateOrUpdate", (o) =>
      pools().createOrUpdate(group, cluster, pool, properties, o),
    );
    await session.finish(ctx, operation, `agent pool ${pool} of ${cluster} to settle`, "cluster");
    return readPool(ctx, cluster, pool);
  };

  const currentPool = (ctx: CallContext, cluster: IID, nodeGroup: IID) =>
    session.call(ctx, "AgentPools_Get", (o) => pools().get(group, nameOf(cluster), nameOf(nodeGroup), o));

  const publicKeyOf = async (ctx: CallContext, keyPair: IID) => {
    const key = await session.call(ctx, "SshPublicKeys_Get", (o) =>
      session.clients.compute.sshPublicKeys.get(group, nameOf(keyPair), o),
    );
    if (!key.publicKey) throw invalid("keyPairName", "aks-key-pair", `key pair ${keyPair.nameId} has no public key`);
    return key.publicKey;
  };

  return {
    async *versions(ctx) {
      const list = await session.call(ctx, "ManagedClusters_ListKubernetesVersions", (o) =>
        clusters().listKubernetesVersions(session.settings.region, o),
      );
      for (const minor of list.values ?? []) {
        const patches = Object.keys(minor.patchVersions ?? {}).sort((a, b) =>
          a.localeCompare(b, undefined, { numeric: true }),
        );
        const lts = !(minor.capabilities?.supportPlan ?? []).includes("KubernetesOfficial");
        for (const version of patches) {
          yield {
            version,
            ...(minor.isDefault && version === patches.at(-1) ? { default: true } : {}),
            ...(lts ? { deprecated: true } : {}),
          };
        }
      }
    },

    async create(request, ctx) {
      if (request.nodeGroups.length === 0) {
        throw invalid("nodeGroups", "aks-system-pool", "AKS needs at least one node group (its system pool)");
      }
      request.nodeGroups.forEach((g, i) => checkNodeGroup(g, `nodeGroups[${i}]`, i === 0));
      const poolNames = request.nodeGroups.map((g) => poolNameOf(g.name));
      if (new Set(poolNames).size !== poolNames.length) {
        throw invalid(
          "nodeGroups",
          "aks-pool-name",
          "node group names must differ in their first 12 letters and digits",
        );
      }
      const keyPairs = new Set(request.nodeGroups.map((g) => g.keyPairIID.systemId || g.keyPairIID.nameId));
      if (keyPairs.size > 1) {
        throw invalid(
          "nodeGroups.keyPairName",
          "aks-one-key-pair",
          "all node groups of an AKS cluster share one key pair",
        );
      }
      const subnet = request.subnetIIDs[0];
      if (!subnet) throw invalid("subnetNames", "required", "AKS node pools need a subnet");
      const subnetId = subnet.systemId;
      await session.ensureGroup(ctx);
      const first = request.nodeGroups[0];
      const publicKey = first ? await publicKeyOf(ctx, first.keyPairIID) : "";
      const groups = request.securityGroupIIDs.map(nameOf);
      const body: ManagedCluster = {
        location: session.settings.region,
        tags: { ...request.tags, ...(groups.length > 0 ? { [securityGroupsTag]: groups.join(",") } : {}) },
        identity: { type: "SystemAssigned" },
        kubernetesVersion: request.version,
        dnsPrefix: request.name.replace(/[^a-zA-Z0-9-]/g, "").slice(0, 54) || "aks",
        agentPoolProfiles: request.nodeGroups.map((g, i) => ({
          name: poolNames[i] ?? "",
          ...poolProperties(g, subnetId, i === 0 ? "System" : "User"),
        })),
        linuxProfile: { adminUsername: "azureuser", ssh: { publicKeys: [{ keyData: publicKey }] } },
        networkProfile: { networkPlugin: "azure", loadBalancerSku: "standard" },
        enableRbac: true,
      };
      await session.start(ctx, "ManagedClusters_CreateOrUpdate", (o) =>
        clusters().createOrUpdate(group, request.name, body, o),
      );
      ctx.created(session.idOf("Microsoft.ContainerService/managedClusters", request.name));
      return toInfo(ctx, await getCluster(ctx, request.name));
    },

    async get(cluster, ctx) {
      return toInfo(ctx, await getCluster(ctx, nameOf(cluster)));
    },

    async *list(ctx) {
      const items = session.pages(
        ctx,
        "ManagedClusters_ListByResourceGroup",
        (o) => clusters().listByResourceGroup(group, o),
        (c: ManagedCluster) => c,
      );
      for await (const cluster of ignoreMissingGroup(items)) yield await toInfo(ctx, cluster);
    },

    async delete(cluster, ctx) {
      await session.start(ctx, "ManagedClusters_Delete", (o) => clusters().delete(group, nameOf(cluster), o));
    },

    async addNodeGroup(cluster, request, ctx) {
      checkNodeGroup(request, "nodeGroup", false);
      const current = await getCluster(ctx, nameOf(cluster));
      const subnetId = current.agentPoolProfiles?.[0]?.vnetSubnetID ?? "";
      const pool = poolNameOf(request.name);
      if ((current.agentPoolProfiles ?? []).some((p) => p.name === pool)) {
        throw invalid("nodeGroup.name", "aks-pool-name", `the cluster already has an agent pool ${pool}`);
      }
      return putPool(ctx, nameOf(cluster), pool, poolProperties(request, subnetId, "User"));
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      const operation = await session.start(ctx, "AgentPools_Delete", (o) =>
        pools().delete(group, nameOf(cluster), nameOf(nodeGroup), o),
      );
      await session.finish(ctx, operation, `agent pool ${nameOf(nodeGroup)} to be deleted`, "cluster");
    },

    async setNodeGroupAutoScaling(cluster, nodeGroup, on, ctx) {
      const pool = await currentPool(ctx, cluster, nodeGroup);
      if ((pool.enableAutoScaling ?? false) === on) return;
      const count = pool.count ?? 0;
      // Off, AKS drops the limits: the pool's tag keeps them; on, they come back from it.
      const limits = on
        ? (limitsOf(pool.tags?.[scalingTag]) ?? { min: count, max: count })
        : { min: pool.minCount ?? count, max: pool.maxCount ?? count };
      await putPool(ctx, nameOf(cluster), nameOf(nodeGroup), {
        ...pool,
        enableAutoScaling: on,
        minCount: on ? Math.min(limits.min, count) : undefined,
        maxCount: on ? Math.max(limits.max, count) : undefined,
        tags: { ...pool.tags, [scalingTag]: `${limits.min}-${limits.max}` },
      });
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const pool = await currentPool(ctx, cluster, nodeGroup);
      const system = pool.mode === "System";
      if (size.desired < (system ? 1 : 0) || size.desired > 1000 || size.max > 1000) {
        throw invalid("desiredNodeSize", "aks-node-count", `AKS node groups hold ${system ? 1 : 0} to 1000 nodes`);
      }
      const on = pool.enableAutoScaling ?? false;
      return putPool(ctx, nameOf(cluster), nameOf(nodeGroup), {
        ...pool,
        count: size.desired,
        ...(on ? { minCount: size.min, maxCount: size.max } : {}),
        tags: { ...pool.tags, [scalingTag]: `${size.min}-${size.max}` },
      });
    },

    async upgrade(cluster, version, ctx) {
      const current = await getCluster(ctx, nameOf(cluster));
      const operation = await session.start(ctx, "ManagedClusters_CreateOrUpdate", (o) =>
        clusters().createOrUpdate(group, nameOf(cluster), { ...current, kubernetesVersion: version }, o),
      );
      await session.finish(ctx, operation, `cluster ${nameOf(cluster)} to upgrade to ${version}`, "cluster");
      return toInfo(ctx, await getCluster(ctx, nameOf(cluster)));
    },
  };
}
