import type { protos } from "@google-cloud/container";
import { kubeconfig as makeKubeconfig } from "@cloud-barista/core/driver";
import type {
  CallContext,
  ClusterHandler,
  ClusterInfo,
  ClusterStatus,
  DriverNodeGroupRequest,
  IID,
  NodeGroupInfo,
} from "@cloud-barista/core/driver";
import type { GcpApi } from "../apis.js";
import type { GcpClients } from "../clients.js";
import { badAnswer, googleFailure, invalid } from "../errors.js";
import { lastSegment } from "../names.js";
import type { GcpSession } from "../session.js";

type Cluster = protos.google.container.v1.ICluster;
type NodePool = protos.google.container.v1.INodePool;
type Operation = protos.google.container.v1.IOperation;

// GKE (container.googleapis.com v1) behind the portable cluster handler. The translation:
//
// | portable                   | GKE                                                                    |
// |----------------------------|------------------------------------------------------------------------|
// | cluster                    | projects/{p}/locations/{zone}/clusters/{name}: a zonal cluster in the  |
// |                            | connection's zone                                                      |
// | version                    | initialClusterVersion / currentMasterVersion (serverConfig lists them) |
// | vpcIID / subnetIIDs[0]     | network / subnetwork                                                   |
// | securityGroupIIDs          | the node pools' network tags (the groups' firewall target tags)        |
// | node group                 | nodePools/{name}                                                       |
// | specName, rootDisk*        | config.machineType, config.diskSizeGb, config.diskType                 |
// | keyPairIID                 | the node label cb-key-pair (nodes take the project's SSH keys)         |
// | desired / min / max        | initialNodeCount (setSize) / autoscaling.minNodeCount, maxNodeCount    |
// |                            | (without autoscaling: the node label cb-scaling, "min-max")            |
// | nodes                      | the instances of the pool's managed instance groups                    |
// | status                     | status (PROVISIONING, RUNNING, RECONCILING, STOPPING, ERROR)           |
// | accessInfo.kubeconfig      | endpoint + masterAuth.clusterCaCertificate, and the credential's OAuth |
// |                            | access token as bearer (no gke-gcloud-auth-plugin; the token expires)  |
// | upgrade                    | update.desiredMasterVersion (GKE then upgrades the nodes)              |

export const keyPairLabel = "cb-key-pair";
/** The portable min and max ("1-3") of a pool without autoscaling, which GKE does not keep. */
export const scalingLabel = "cb-scaling";

/** The limits a scaling label holds, if it holds any. */
function limitsOf(label: string | undefined): { min: number; max: number } | undefined {
  const match = /^(\d+)-(\d+)$/.exec(label ?? "");
  return match ? { min: Number(match[1]), max: Number(match[2]) } : undefined;
}

const clusterStatus: Readonly<Record<string, ClusterStatus>> = {
  PROVISIONING: "Creating",
  RUNNING: "Active",
  RECONCILING: "Updating",
  STOPPING: "Deleting",
  ERROR: "Failed",
  DEGRADED: "Active",
  RUNNING_WITH_ERROR: "Active",
};

const namePattern = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;
const nameOf = (iid: IID) => lastSegment(iid.systemId) || iid.nameId;

function checkNodeGroup(request: DriverNodeGroupRequest, field: string): void {
  if (!namePattern.test(request.name)) {
    throw invalid(`${field}.name`, "gke-name", "node pool names are 1-40 lower-case letters, digits and hyphens");
  }
  if (request.imageIID && (request.imageIID.systemId || request.imageIID.nameId)) {
    throw invalid(`${field}.imageName`, "gke-node-image", "GKE picks the node image itself; leave it empty");
  }
  if (request.desiredNodeSize < 1) {
    throw invalid(`${field}.desiredNodeSize`, "gke-node-count", "a GKE node pool starts with at least one node");
  }
  if (request.rootDiskSizeGB !== undefined && request.rootDiskSizeGB < 10) {
    throw invalid(`${field}.rootDiskSizeGB`, "gke-disk-size", "GKE node disks are at least 10 GB");
  }
  if (request.onAutoScaling && request.maxNodeSize < 1) {
    throw invalid(`${field}.maxNodeSize`, "gke-autoscaling", "an autoscaled pool may grow to at least one node");
  }
}

function nodePoolBody(request: DriverNodeGroupRequest, tags: string[]): NodePool {
  return {
    name: request.name,
    initialNodeCount: request.desiredNodeSize,
    config: {
      machineType: request.specName,
      ...(request.rootDiskSizeGB !== undefined ? { diskSizeGb: request.rootDiskSizeGB } : {}),
      ...(request.rootDiskType ? { diskType: request.rootDiskType } : {}),
      tags,
      labels: {
        ...request.tags,
        [keyPairLabel]: nameOf(request.keyPairIID),
        [scalingLabel]: `${request.minNodeSize}-${request.maxNodeSize}`,
      },
    },
    autoscaling: request.onAutoScaling
      ? { enabled: true, minNodeCount: request.minNodeSize, maxNodeCount: request.maxNodeSize }
      : { enabled: false },
  };
}

function nodeGroupOf(pool: NodePool, nodes: IID[]): NodeGroupInfo {
  const labels = { ...pool.config?.labels };
  const keyPair = labels[keyPairLabel];
  const kept = limitsOf(labels[scalingLabel]);
  delete labels[keyPairLabel];
  delete labels[scalingLabel];
  const count = pool.initialNodeCount ?? 0;
  const on = pool.autoscaling?.enabled ?? false;
  return {
    iid: { nameId: pool.name ?? "", systemId: pool.name ?? "" },
    specName: pool.config?.machineType ?? "",
    ...(pool.config?.diskType ? { rootDiskType: pool.config.diskType } : {}),
    ...(pool.config?.diskSizeGb ? { rootDiskSizeGB: pool.config.diskSizeGb } : {}),
    ...(keyPair ? { keyPairIID: { nameId: keyPair, systemId: keyPair } } : {}),
    onAutoScaling: on,
    desiredNodeSize: count,
    minNodeSize: on ? (pool.autoscaling?.minNodeCount ?? count) : (kept?.min ?? count),
    maxNodeSize: on ? (pool.autoscaling?.maxNodeCount ?? count) : (kept?.max ?? count),
    status: clusterStatus[String(pool.status)] ?? "Inactive",
    nodes,
    ...(Object.keys(labels).length > 0 ? { tags: labels } : {}),
    extra: { version: pool.version ?? "" },
  };
}

export function createClusterHandler(session: GcpSession): ClusterHandler {
  const location = () => `projects/${session.project}/locations/${session.settings.zone}`;
  const clusterPath = (name: string) => `${location()}/clusters/${name}`;

  /** One GKE call through the runtime (attempts, history, error mapping). */
  const gke = <T>(ctx: CallContext, api: GcpApi, fn: (c: GcpClients) => Promise<T>) =>
    session.raw(ctx, api, (clients) => fn(clients));

  const options = () => ({ retry: null, timeout: session.driverSettings.requestTimeoutMs }) as never;

  /** Polls a GKE Operation until DONE; an Operation that ends in error is its failure. */
  const finish = async (ctx: CallContext, api: GcpApi, op: Operation, description: string) => {
    const name = `${location()}/operations/${op.name ?? ""}`;
    const judge = (current: Operation) => {
      if (String(current.status) === "DONE" && current.error?.message) {
        const code = current.error.code === 5 ? 404 : current.error.code === 8 ? 429 : 409;
        throw googleFailure(
          api,
          { status: code, body: { error: { message: current.error.message } } },
          ctx.clock.now(),
        );
      }
      return current;
    };
    if (String(op.status) === "DONE") {
      judge(op);
      return;
    }
    await ctx.waitUntil({
      description,
      deadline: "cluster",
      read: async () => {
        const [current] = await gke(ctx, "container.projects.locations.operations.get", (c) =>
          c.container.getOperation({ name }, options()),
        );
        return judge(current);
      },
      accept: (current) => (String(current.status) === "DONE" ? "success" : "retry"),
    });
  };

  const getCluster = async (ctx: CallContext, name: string) =>
    (
      await gke(ctx, "container.projects.locations.clusters.get", (c) =>
        c.container.getCluster({ name: clusterPath(name) }, options()),
      )
    )[0];

  const accessToken = (ctx: CallContext) =>
    gke(ctx, "oauth2.token", async (c) => {
      const { token } = await c.tokenAuth.getAccessToken();
      if (!token) throw badAnswer("the credential gave no access token");
      return token;
    });

  /** A pool's nodes: the instances of its managed instance groups (`instanceGroupUrls`). */
  const nodesOf = async (ctx: CallContext, pool: NodePool): Promise<IID[]> => {
    const nodes: IID[] = [];
    for (const url of pool.instanceGroupUrls ?? []) {
      const path = url.slice(url.indexOf("/compute/v1/") + "/compute/v1/".length);
      const answer = await session.rest<{ managedInstances?: { instance?: string }[] }>(
        ctx,
        "compute.instanceGroupManagers.listManagedInstances",
        "POST",
        (c) => `${c.computeBase}/compute/v1/${path}/listManagedInstances`,
      );
      for (const m of answer.managedInstances ?? []) {
        const name = lastSegment(m.instance ?? "");
        if (name) nodes.push({ nameId: name, systemId: name });
      }
    }
    return nodes;
  };

  /** Writes the portable limits of a pool without autoscaling into its labels (UpdateNodePool). */
  const keepLimits = async (ctx: CallContext, cluster: string, pool: string, limits: { min: number; max: number }) => {
    const name = `${clusterPath(cluster)}/nodePools/${pool}`;
    const [current] = await gke(ctx, "container.projects.locations.clusters.nodePools.get", (c) =>
      c.container.getNodePool({ name }, options()),
    );
    const labels = { ...current.config?.labels, [scalingLabel]: `${limits.min}-${limits.max}` };
    const [op] = await gke(ctx, "container.projects.locations.clusters.nodePools.update", (c) =>
      c.container.updateNodePool({ name, labels: { labels } }, options()),
    );
    await finish(ctx, "container.projects.locations.clusters.nodePools.update", op, `node pool ${pool} labels`);
  };

  const poolInfo = async (ctx: CallContext, pool: NodePool) => nodeGroupOf(pool, await nodesOf(ctx, pool));

  const toInfo = async (ctx: CallContext, cluster: Cluster): Promise<ClusterInfo> => {
    const status = clusterStatus[String(cluster.status)] ?? "Inactive";
    const pools = cluster.nodePools ?? [];
    const tags = [...new Set(pools.flatMap((p) => p.config?.tags ?? []))];
    let kubeconfig = "";
    const server = cluster.endpoint ? `https://${cluster.endpoint}` : "";
    const ca = cluster.masterAuth?.clusterCaCertificate ?? "";
    if (status === "Active" && server && ca) {
      const context = `gke_${session.project}_${cluster.location ?? session.settings.zone}_${cluster.name ?? ""}`;
      kubeconfig = makeKubeconfig({
        name: context,
        server,
        caCertificate: Buffer.from(ca, "base64").toString("utf8"),
        user: { token: await accessToken(ctx) },
      });
    }
    const labels = { ...cluster.resourceLabels };
    return {
      iid: { nameId: cluster.name ?? "", systemId: cluster.name ?? "" },
      version: cluster.currentMasterVersion ?? "",
      network: {
        vpcIID: { nameId: cluster.network ?? "", systemId: cluster.network ?? "" },
        subnetIIDs: cluster.subnetwork ? [{ nameId: cluster.subnetwork, systemId: cluster.subnetwork }] : [],
        securityGroupIIDs: tags.map((t) => ({ nameId: t, systemId: t })),
      },
      nodeGroups: await Promise.all(pools.map((p) => poolInfo(ctx, p))),
      accessInfo: { endpoint: kubeconfig ? server : "", kubeconfig },
      status,
      ...(cluster.createTime ? { createdAt: new Date(cluster.createTime) } : {}),
      ...(Object.keys(labels).length > 0 ? { tags: labels } : {}),
      extra: { location: cluster.location ?? "", selfLink: cluster.selfLink ?? "", status: String(cluster.status) },
    };
  };

  const readPool = async (ctx: CallContext, cluster: string, pool: string) =>
    poolInfo(
      ctx,
      (
        await gke(ctx, "container.projects.locations.clusters.nodePools.get", (c) =>
          c.container.getNodePool({ name: `${clusterPath(cluster)}/nodePools/${pool}` }, options()),
        )
      )[0],
    );

  return {
    async *versions(ctx) {
      const [config] = await gke(ctx, "container.projects.locations.getServerConfig", (c) =>
        c.container.getServerConfig({ name: location() }, options()),
      );
      const masters = [...(config.validMasterVersions ?? [])].sort((a, b) =>
        a.localeCompare(b, undefined, { numeric: true }),
      );
      for (const version of masters) {
        yield { version, ...(version === config.defaultClusterVersion ? { default: true } : {}) };
      }
    },

    async create(request, ctx) {
      if (!namePattern.test(request.name)) {
        throw invalid("name", "gke-name", "GKE cluster names are 1-40 lower-case letters, digits and hyphens");
      }
      if (request.nodeGroups.length === 0) {
        throw invalid("nodeGroups", "gke-node-pool", "GKE makes a cluster with at least one node pool");
      }
      request.nodeGroups.forEach((g, i) => checkNodeGroup(g, `nodeGroups[${i}]`));
      const subnet = request.subnetIIDs[0];
      if (!subnet) throw invalid("subnetNames", "required", "a GKE cluster needs a subnetwork");
      const tags = request.securityGroupIIDs.map(nameOf);
      const [op] = await gke(ctx, "container.projects.locations.clusters.create", (c) =>
        c.container.createCluster(
          {
            parent: location(),
            cluster: {
              name: request.name,
              initialClusterVersion: request.version,
              network: nameOf(request.vpcIID),
              subnetwork: nameOf(subnet),
              nodePools: request.nodeGroups.map((g) => nodePoolBody(g, tags)),
              ...(request.tags ? { resourceLabels: { ...request.tags } } : {}),
            },
          },
          options(),
        ),
      );
      if (!op.name) throw badAnswer("container.projects.locations.clusters.create: no Operation");
      return toInfo(ctx, await getCluster(ctx, request.name));
    },

    async get(cluster, ctx) {
      return toInfo(ctx, await getCluster(ctx, nameOf(cluster)));
    },

    async *list(ctx) {
      const [answer] = await gke(ctx, "container.projects.locations.clusters.list", (c) =>
        c.container.listClusters({ parent: location() }, options()),
      );
      for (const cluster of answer.clusters ?? []) yield await toInfo(ctx, cluster);
    },

    async delete(cluster, ctx) {
      await gke(ctx, "container.projects.locations.clusters.delete", (c) =>
        c.container.deleteCluster({ name: clusterPath(nameOf(cluster)) }, options()),
      );
    },

    async addNodeGroup(cluster, request, ctx) {
      checkNodeGroup(request, "nodeGroup");
      const current = await getCluster(ctx, nameOf(cluster));
      const tags = [...new Set((current.nodePools ?? []).flatMap((p) => p.config?.tags ?? []))];
      const [op] = await gke(ctx, "container.projects.locations.clusters.nodePools.create", (c) =>
        c.container.createNodePool(
          { parent: clusterPath(nameOf(cluster)), nodePool: nodePoolBody(request, tags) },
          options(),
        ),
      );
      await finish(ctx, "container.projects.locations.clusters.nodePools.create", op, `node pool ${request.name}`);
      return readPool(ctx, nameOf(cluster), request.name);
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      const [op] = await gke(ctx, "container.projects.locations.clusters.nodePools.delete", (c) =>
        c.container.deleteNodePool(
          { name: `${clusterPath(nameOf(cluster))}/nodePools/${nameOf(nodeGroup)}` },
          options(),
        ),
      );
      await finish(
        ctx,
        "container.projects.locations.clusters.nodePools.delete",
        op,
        `node pool ${nameOf(nodeGroup)} to go`,
      );
    },

    async setNodeGroupAutoScaling(cluster, nodeGroup, on, ctx) {
      const pool = await readPool(ctx, nameOf(cluster), nameOf(nodeGroup));
      if (pool.onAutoScaling === on) return;
      const [op] = await gke(ctx, "container.projects.locations.clusters.nodePools.setAutoscaling", (c) =>
        c.container.setNodePoolAutoscaling(
          {
            name: `${clusterPath(nameOf(cluster))}/nodePools/${nameOf(nodeGroup)}`,
            autoscaling: on
              ? { enabled: true, minNodeCount: pool.minNodeSize, maxNodeCount: pool.maxNodeSize }
              : { enabled: false },
          },
          options(),
        ),
      );
      await finish(ctx, "container.projects.locations.clusters.nodePools.setAutoscaling", op, "autoscaling");
      // GKE drops the limits with autoscaling: the pool's labels keep them.
      if (!on)
        await keepLimits(ctx, nameOf(cluster), nameOf(nodeGroup), { min: pool.minNodeSize, max: pool.maxNodeSize });
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const poolName = `${clusterPath(nameOf(cluster))}/nodePools/${nameOf(nodeGroup)}`;
      const pool = await readPool(ctx, nameOf(cluster), nameOf(nodeGroup));
      if (pool.onAutoScaling && (pool.minNodeSize !== size.min || pool.maxNodeSize !== size.max)) {
        const [op] = await gke(ctx, "container.projects.locations.clusters.nodePools.setAutoscaling", (c) =>
          c.container.setNodePoolAutoscaling(
            { name: poolName, autoscaling: { enabled: true, minNodeCount: size.min, maxNodeCount: size.max } },
            options(),
          ),
        );
        await finish(ctx, "container.projects.locations.clusters.nodePools.setAutoscaling", op, "autoscaling limits");
      }
      const [op] = await gke(ctx, "container.projects.locations.clusters.nodePools.setSize", (c) =>
        c.container.setNodePoolSize({ name: poolName, nodeCount: size.desired }, options()),
      );
      await finish(
        ctx,
        "container.projects.locations.clusters.nodePools.setSize",
        op,
        `node pool ${nameOf(nodeGroup)} size`,
      );
      if (!pool.onAutoScaling && (pool.minNodeSize !== size.min || pool.maxNodeSize !== size.max)) {
        await keepLimits(ctx, nameOf(cluster), nameOf(nodeGroup), size);
      }
      return readPool(ctx, nameOf(cluster), nameOf(nodeGroup));
    },

    async upgrade(cluster, version, ctx) {
      const [op] = await gke(ctx, "container.projects.locations.clusters.update", (c) =>
        c.container.updateCluster(
          { name: clusterPath(nameOf(cluster)), update: { desiredMasterVersion: version } },
          options(),
        ),
      );
      await finish(ctx, "container.projects.locations.clusters.update", op, `cluster ${nameOf(cluster)} to ${version}`);
      return toInfo(ctx, await getCluster(ctx, nameOf(cluster)));
    },
  };
}
