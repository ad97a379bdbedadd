import { ignoreNotFound } from "@cloud-barista/core/driver";
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
import { invalid, notFound, notSupported } from "../errors.js";
import type { IbmSession } from "../session.js";
import { kubeconfigOf } from "./kubeconfig.js";
import type { IksKubeconfig } from "./kubeconfig.js";

// IBM Cloud Kubernetes Service, VPC clusters. A worker pool runs `workerCount` workers in each of
// its zones (one subnet per zone), so a node group's desired size must divide by its zones. IKS
// leaves ranges and auto-scaling to its cluster-autoscaler add-on: the driver keeps a group's range
// (and the key pair asked for: IKS workers take no SSH key) in reserved worker pool labels. The
// kubeconfig carries the connection's IAM token, which expires with it (an hour): get the cluster
// again for a fresh one. IKS hands it out for kubectl's `oidc` auth provider, which kubectl removed
// in 1.26; the same ID token goes as a plain bearer token instead.

/** Reserved worker pool labels. */
export const minSizeLabel = "cloud-barista.io/min-size";
export const maxSizeLabel = "cloud-barista.io/max-size";
export const keyPairLabel = "cloud-barista.io/key-pair";

interface IksCluster {
  id: string;
  name: string;
  state: string;
  masterKubeVersion: string;
  createdDate?: string;
  vpcs?: string[];
  workerZones?: string[];
  securityGroups?: string[];
  serviceEndpoints?: { publicServiceEndpointURL?: string };
}

interface IksZone {
  id: string;
  workerCount: number;
  subnets?: { id: string }[];
}

interface IksWorkerPool {
  id: string;
  poolName: string;
  flavor: string;
  autoscaleEnabled?: boolean;
  labels?: Record<string, string>;
  lifecycle?: { actualState?: string };
  zones?: IksZone[];
}

interface IksWorker {
  id: string;
  poolID: string;
}

export function clusterStatusOf(state: string): ClusterStatus {
  switch (state) {
    case "deploying":
    case "pending":
    case "requested":
      return "Creating";
    case "normal":
    case "warning":
      return "Active";
    case "updating":
      return "Updating";
    case "deleting":
      return "Deleting";
    default:
      return "Failed";
  }
}

function poolStatusOf(state: string | undefined): NodeGroupStatus {
  if (state === "active") return "Active";
  if (state === "deleting") return "Deleting";
  return state === "provisioning" ? "Updating" : "Creating";
}

const iid = (id: string): IID => ({ nameId: id, systemId: id });

function poolInfo(pool: IksWorkerPool, nodes: IID[]): NodeGroupInfo {
  const desired = (pool.zones ?? []).reduce((n, z) => n + z.workerCount, 0);
  const labels = pool.labels ?? {};
  const key = labels[keyPairLabel];
  return {
    iid: { nameId: pool.poolName, systemId: pool.id },
    specName: pool.flavor,
    ...(key ? { keyPairIID: iid(key) } : {}),
    onAutoScaling: pool.autoscaleEnabled === true,
    desiredNodeSize: desired,
    minNodeSize: Number(labels[minSizeLabel] ?? desired),
    maxNodeSize: Number(labels[maxSizeLabel] ?? desired),
    status: poolStatusOf(pool.lifecycle?.actualState),
    nodes,
  };
}

export function createClusterHandler(session: IbmSession): ClusterHandler {
  const getCluster = (ctx: CallContext, id: string) => session.call<IksCluster>(ctx, "iks:GetCluster", { cluster: id });
  const pools = (ctx: CallContext, id: string) =>
    session.call<IksWorkerPool[]>(ctx, "iks:GetWorkerPools", { cluster: id });

  /** The zone of each subnet (a subnet never moves). */
  async function zonesOf(ctx: CallContext, subnets: readonly IID[]): Promise<{ id: string; subnetID: string }[]> {
    const out = [];
    for (const subnet of subnets) {
      const zone = await session.subnetZones.get(subnet.systemId, async () => {
        const answer = await session.call<{ zone?: { name?: string } }>(ctx, "get_subnet", { id: subnet.systemId });
        return answer.zone?.name ?? "";
      });
      out.push({ id: zone, subnetID: subnet.systemId });
    }
    return out;
  }

  /** A worker pool's body: its workers spread evenly over its zones, its range and key in labels. */
  function poolBody(request: DriverNodeGroupRequest, zones: { id: string; subnetID: string }[]) {
    if (zones.length === 0 || request.desiredNodeSize % zones.length !== 0)
      throw invalid(
        "nodeGroups.desiredNodeSize",
        "per-zone",
        `an IKS worker pool runs the same number of workers in each of its ${zones.length} zones`,
      );
    return {
      name: request.name,
      flavor: request.specName,
      workerCount: request.desiredNodeSize / zones.length,
      zones,
      labels: {
        [minSizeLabel]: String(request.minNodeSize),
        [maxSizeLabel]: String(request.maxNodeSize),
        [keyPairLabel]: request.keyPairIID.systemId,
      },
    };
  }

  async function infoOf(ctx: CallContext, cluster: IksCluster): Promise<ClusterInfo> {
    const status = clusterStatusOf(cluster.state);
    const list = status === "Deleting" ? [] : await pools(ctx, cluster.id);
    const workers =
      list.length === 0 ? [] : await session.call<IksWorker[]>(ctx, "iks:GetWorkers", { cluster: cluster.id });
    let kubeconfig = "";
    if (status === "Active" || status === "Updating") {
      kubeconfig = kubeconfigOf(
        await session.call<IksKubeconfig>(ctx, "iks:GetKubeconfig", {}, { cluster: cluster.id }),
      );
    }
    const subnets = [
      ...new Set(list.flatMap((p) => (p.zones ?? []).flatMap((z) => (z.subnets ?? []).map((s) => s.id)))),
    ];
    return {
      iid: { nameId: cluster.name, systemId: cluster.id },
      version: cluster.masterKubeVersion,
      network: {
        vpcIID: iid(cluster.vpcs?.[0] ?? ""),
        subnetIIDs: subnets.map(iid),
        securityGroupIIDs: (cluster.securityGroups ?? []).map(iid),
      },
      nodeGroups: list.map((p) =>
        poolInfo(
          p,
          workers.filter((w) => w.poolID === p.id).map((w) => iid(w.id)),
        ),
      ),
      accessInfo: { endpoint: cluster.serviceEndpoints?.publicServiceEndpointURL ?? "", kubeconfig },
      status,
      ...(cluster.createdDate ? { createdAt: new Date(cluster.createdDate) } : {}),
      extra: { state: cluster.state },
    };
  }

  /** Worker pools change only on a running cluster. */
  const normal = (ctx: CallContext, id: string) =>
    ctx.waitUntil({
      description: `cluster ${id} to be normal`,
      deadline: "cluster",
      read: () => getCluster(ctx, id),
      accept: (c) =>
        clusterStatusOf(c.state) === "Active" ? "success" : clusterStatusOf(c.state) === "Failed" ? "failure" : "retry",
      describeFailure: (c) => c.state,
    });

  async function poolOf(ctx: CallContext, cluster: IID, nodeGroup: IID): Promise<IksWorkerPool> {
    const found = (await pools(ctx, cluster.systemId)).find((p) => p.id === nodeGroup.systemId);
    if (!found) throw notFound("node group", nodeGroup.nameId || nodeGroup.systemId, cluster.nameId);
    return found;
  }

  return {
    async *versions(ctx) {
      const answer = await session.call<{
        kubernetes?: { major: number; minor: number; patch: number; default?: boolean; end_of_service?: string }[];
      }>(ctx, "iks:GetVersions");
      for (const v of answer.kubernetes ?? []) {
        yield {
          version: `${v.major}.${v.minor}.${v.patch}`,
          ...(v.default ? { default: true } : {}),
          ...(v.end_of_service ? { deprecated: true } : {}),
        };
      }
    },

    async create(request, ctx) {
      if (request.subnetIIDs.length === 0) throw invalid("subnetNames", "min-items", "an IKS cluster needs a subnet");
      const [first, ...others] = request.nodeGroups;
      const zones = await zonesOf(ctx, request.subnetIIDs);
      // A cluster without node groups starts with an empty default pool.
      const workerPool = first
        ? poolBody(first, zones)
        : { name: "default", flavor: "bx2.2x8", workerCount: 0, zones: zones.slice(0, 1), labels: {} };
      return ctx.compensate(async (undo) => {
        const { clusterID } = await session.call<{ clusterID: string }>(
          ctx,
          "iks:CreateCluster",
          {},
          {
            name: request.name,
            provider: "vpc-gen2",
            kubeVersion: request.version,
            securityGroupIDs: request.securityGroupIIDs.map((s) => s.systemId),
            workerPool: { ...workerPool, vpcID: request.vpcIID.systemId },
          },
        );
        ctx.created(clusterID);
        undo(`delete cluster ${request.name}`, (c) =>
          session.call(c, "iks:RemoveCluster", { id: clusterID, deleteResources: true }),
        );
        if (others.length > 0) {
          await normal(ctx, clusterID);
          for (const group of others)
            await session.call(
              ctx,
              "iks:CreateWorkerPool",
              {},
              {
                cluster: clusterID,
                vpcID: request.vpcIID.systemId,
                ...poolBody(group, zones),
              },
            );
        }
        return infoOf(ctx, await ctx.whenVisible([clusterID], () => getCluster(ctx, clusterID)));
      });
    },

    async get(cluster, ctx) {
      return infoOf(ctx, await getCluster(ctx, cluster.systemId));
    },

    async *list(ctx) {
      for (const cluster of await session.call<IksCluster[]>(ctx, "iks:GetClusters", { provider: "vpc-gen2" }))
        yield await infoOf(ctx, cluster);
    },

    async delete(cluster, ctx) {
      await session
        .call(ctx, "iks:RemoveCluster", { id: cluster.systemId, deleteResources: true })
        .catch(ignoreNotFound);
    },

    async addNodeGroup(cluster, request, ctx) {
      const existing = await pools(ctx, cluster.systemId);
      const zones: { id: string; subnetID: string }[] = [
        ...new Map(
          existing.flatMap((p) =>
            (p.zones ?? []).map((z) => [z.id, { id: z.id, subnetID: z.subnets?.[0]?.id ?? "" }] as const),
          ),
        ).values(),
      ];
      const info = await getCluster(ctx, cluster.systemId);
      if (zones.length === 0) {
        // No pool to follow: the cluster's zones, each with a subnet of its VPC there.
        const vpc = info.vpcs?.[0] ?? "";
        const subnets = await session.all<{ id: string; vpc?: { id?: string }; zone?: { name?: string } }>(
          ctx,
          "list_subnets",
          "subnets",
        );
        for (const zone of info.workerZones ?? []) {
          const subnet = subnets.find((s) => s.vpc?.id === vpc && s.zone?.name === zone);
          if (subnet) zones.push({ id: zone, subnetID: subnet.id });
        }
      }
      if (zones.length === 0)
        throw invalid("nodeGroup", "zones", `cluster ${cluster.nameId} has no zone with a subnet for a worker pool`);
      const { workerPoolID } = await session.call<{ workerPoolID: string }>(
        ctx,
        "iks:CreateWorkerPool",
        {},
        {
          cluster: cluster.systemId,
          vpcID: info.vpcs?.[0] ?? "",
          ...poolBody(request, zones),
        },
      );
      return poolInfo(await poolOf(ctx, cluster, { nameId: request.name, systemId: workerPoolID }), []);
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      await session
        .call(ctx, "iks:RemoveWorkerPool", {}, { cluster: cluster.systemId, workerpool: nodeGroup.systemId })
        .catch(ignoreNotFound);
    },

    setNodeGroupAutoScaling() {
      return Promise.reject(
        notSupported("switching auto-scaling of an IKS worker pool (the cluster-autoscaler add-on's)", "onAutoScaling"),
      );
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const pool = await poolOf(ctx, cluster, nodeGroup);
      const zones = (pool.zones ?? []).length || 1;
      if (size.desired % zones !== 0)
        throw invalid(
          "size.desired",
          "per-zone",
          `an IKS worker pool runs the same number of workers in each of its ${zones} zones`,
        );
      const current = (pool.zones ?? []).reduce((n, z) => n + z.workerCount, 0);
      const labels = (min: number, max: number) =>
        session.call(
          ctx,
          "iks:SetWorkerPoolLabels",
          {},
          {
            cluster: cluster.systemId,
            workerpool: pool.id,
            labels: { ...(pool.labels ?? {}), [minSizeLabel]: String(min), [maxSizeLabel]: String(max) },
          },
        );
      // The range must hold the workers at every step: widen, resize, narrow.
      await labels(Math.min(size.min, current), Math.max(size.max, current));
      await session.call(
        ctx,
        "iks:ResizeWorkerPool",
        {},
        {
          cluster: cluster.systemId,
          workerpool: pool.id,
          size: size.desired / zones,
        },
      );
      await labels(size.min, size.max);
      return poolInfo(await poolOf(ctx, cluster, nodeGroup), []);
    },

    async upgrade(cluster, version, ctx) {
      await session.call(ctx, "iks:UpdateCluster", { id: cluster.systemId }, { action: "update", version });
      return infoOf(ctx, await getCluster(ctx, cluster.systemId));
    },
  };
}
