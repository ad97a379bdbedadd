import { Memo, collect, ignoreNotFound, kubeconfig } from "@cloud-barista/core/driver";
import type {
  CallContext,
  ClusterHandler,
  ClusterInfo,
  ClusterStatus,
  ClusterVersionInfo,
  DriverNodeGroupRequest,
  IID,
  NodeGroupInfo,
} from "@cloud-barista/core/driver";
import { clientKeyAndCsr } from "../cluster/csr.js";
import { badAnswer, invalid, notSupported } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { factsTtlMs } from "../session.js";

// Magnum clusters. The Kubernetes version is a cluster template's `kube_tag` label, so the
// versions offered are those of the templates the project sees (hidden ones are deprecated), and
// a cluster is made from the template of its version. Magnum's first worker group is its
// "default-worker", made with the cluster; further groups are node groups of their own (API 1.9).
// Access is a client certificate: a key made here, its CSR signed by the cluster's CA.

interface MagnumTemplate {
  uuid: string;
  name: string;
  coe: string;
  image_id: string;
  hidden?: boolean;
  labels: Record<string, string> | null;
}

interface MagnumCluster {
  uuid: string;
  name: string;
  status: string;
  health_status?: string | null;
  cluster_template_id: string;
  labels: Record<string, string> | null;
  api_address: string | null;
  coe_version: string | null;
  fixed_network: string | null;
  fixed_subnet: string | null;
  created_at: string | null;
}

interface MagnumNodeGroup {
  uuid: string;
  name: string;
  flavor_id: string | null;
  image_id: string | null;
  node_count: number;
  min_node_count: number;
  max_node_count: number | null;
  role: string;
  is_default?: boolean;
  status: string;
  node_addresses: string[];
  docker_volume_size: number | null;
  labels: Record<string, string> | null;
}

/** Labels the driver keeps on a cluster: what Magnum has no field for. */
const securityGroupsLabel = "cb_security_groups";
/**
 * Set on a cluster asked for without node groups: Magnum still makes its default-worker, which
 * then holds no node and is not one of the user's groups.
 */
const noDefaultWorkerLabel = "cb_no_default_worker";
/** The name the user gave the first node group, which Magnum calls "default-worker". */
const defaultWorkerNameLabel = "cb_default_worker_name";

/** The version a template makes: its `kube_tag` as Magnum spells it ("v1.30.4"). */
const versionOf = (template: MagnumTemplate): string | undefined =>
  template.coe === "kubernetes" ? template.labels?.["kube_tag"] : undefined;

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, "").split(/[.-]/).map(Number);
  const pb = b.replace(/^v/, "").split(/[.-]/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Magnum's Heat-style statuses, portable. */
export function clusterStatusOf(status: string, health?: string | null): ClusterStatus {
  if (status.endsWith("_IN_PROGRESS"))
    return status.startsWith("CREATE") ? "Creating" : status.startsWith("DELETE") ? "Deleting" : "Updating";
  if (status.endsWith("_FAILED")) return "Failed";
  return health === "UNHEALTHY" ? "Inactive" : "Active";
}

const iid = (id: string | null | undefined): IID => ({ nameId: id ?? "", systemId: id ?? "" });

function nodeGroupInfo(group: MagnumNodeGroup, keyPair: string | undefined): NodeGroupInfo {
  return {
    iid: { nameId: group.name, systemId: group.uuid },
    ...(group.image_id ? { imageIID: iid(group.image_id) } : {}),
    specName: group.flavor_id ?? "",
    ...(group.docker_volume_size ? { rootDiskSizeGB: group.docker_volume_size } : {}),
    ...(keyPair ? { keyPairIID: iid(keyPair) } : {}),
    onAutoScaling: group.labels?.["auto_scaling_enabled"] === "true",
    desiredNodeSize: group.node_count,
    minNodeSize: group.min_node_count,
    maxNodeSize: group.max_node_count ?? group.node_count,
    status: clusterStatusOf(group.status),
    nodes: group.node_addresses.map((a) => ({ nameId: a, systemId: a })),
    extra: { role: group.role },
  };
}

/** Magnum's labels for a group's range and the cluster autoscaler. */
function scalingLabels(request: DriverNodeGroupRequest): Record<string, string> {
  return {
    auto_scaling_enabled: String(request.onAutoScaling),
    min_node_count: String(request.minNodeSize),
    max_node_count: String(request.maxNodeSize),
  };
}

export function createClusterHandler(session: OpenStackSession): ClusterHandler {
  /** Kubeconfigs by cluster and API address: a certificate signing is two calls, not one per read. */
  const kubeconfigs = new Memo<string>({ clock: session.clock, ttlMs: factsTtlMs });

  const templates = (ctx: CallContext) => session.listArray<MagnumTemplate>(ctx, "magnum:ListClusterTemplates");

  /** The template of a version: a visible one before a hidden one. */
  async function templateFor(ctx: CallContext, version: string, field: string): Promise<MagnumTemplate> {
    const all = (await templates(ctx)).filter((t) => versionOf(t) === version);
    const found = all.find((t) => t.hidden !== true) ?? all[0];
    if (!found) throw invalid(field, "offered-version", `Kubernetes ${version} is not offered in ${session.region}`);
    return found;
  }

  const show = (ctx: CallContext, id: string) => session.call<MagnumCluster>(ctx, "magnum:ShowCluster", { id });

  async function kubeconfigOf(ctx: CallContext, cluster: MagnumCluster): Promise<string> {
    const server = cluster.api_address;
    if (!server || clusterStatusOf(cluster.status) === "Creating" || cluster.status.endsWith("_FAILED")) return "";
    return kubeconfigs.get(`${cluster.uuid} ${server}`, async () => {
      const ca = await session.call<{ pem: string }>(ctx, "magnum:ShowCertificate", { cluster: cluster.uuid });
      const { key, csr } = clientKeyAndCsr("admin", ["system:masters"]);
      const signed = await session.call<{ pem: string }>(
        ctx,
        "magnum:SignCertificate",
        {},
        {
          cluster_uuid: cluster.uuid,
          csr,
        },
      );
      if (!ca.pem || !signed.pem) throw badAnswer("magnum:SignCertificate: no certificate in the answer");
      return kubeconfig({
        name: cluster.name,
        server,
        caCertificate: ca.pem,
        user: { clientCertificate: signed.pem, clientKey: key },
      });
    });
  }

  async function infoOf(ctx: CallContext, cluster: MagnumCluster): Promise<ClusterInfo> {
    const groups =
      clusterStatusOf(cluster.status) === "Deleting"
        ? []
        : await session.listArray<MagnumNodeGroup>(ctx, "magnum:ListNodegroups", { cluster: cluster.uuid });
    const status = clusterStatusOf(cluster.status, cluster.health_status);
    const keyPair = (cluster as { keypair?: string | null }).keypair ?? undefined;
    const securityGroups = cluster.labels?.[securityGroupsLabel]?.split(",").filter((s) => s !== "") ?? [];
    return {
      iid: { nameId: cluster.name, systemId: cluster.uuid },
      version: cluster.coe_version ?? cluster.labels?.["kube_tag"] ?? "",
      network: {
        vpcIID: iid(cluster.fixed_network),
        subnetIIDs: cluster.fixed_subnet ? [iid(cluster.fixed_subnet)] : [],
        securityGroupIIDs: securityGroups.map(iid),
      },
      nodeGroups: groups
        .filter((g) => g.role !== "master")
        .filter((g) => !(g.is_default === true && cluster.labels?.[noDefaultWorkerLabel] === "true"))
        .map((g) => {
          const info = nodeGroupInfo(g, keyPair);
          const name = cluster.labels?.[defaultWorkerNameLabel];
          return g.is_default === true && name ? { ...info, iid: { ...info.iid, nameId: name } } : info;
        }),
      accessInfo: { endpoint: cluster.api_address ?? "", kubeconfig: await kubeconfigOf(ctx, cluster) },
      status,
      ...(cluster.created_at ? { createdAt: new Date(cluster.created_at) } : {}),
      extra: { status: cluster.status, templateId: cluster.cluster_template_id },
    };
  }

  /** Magnum changes a cluster only in a *_COMPLETE state: waits for one after each change. */
  const settled = (ctx: CallContext, id: string) =>
    ctx.waitUntil({
      description: `cluster ${id} to be *_COMPLETE`,
      deadline: "cluster",
      read: () => show(ctx, id),
      accept: (c) =>
        c.status.endsWith("_COMPLETE") ? "success" : c.status.endsWith("_IN_PROGRESS") ? "retry" : "failure",
      describeFailure: (c) => c.status,
    });

  async function addGroup(
    ctx: CallContext,
    clusterId: string,
    request: DriverNodeGroupRequest,
  ): Promise<MagnumNodeGroup> {
    return session.call<MagnumNodeGroup>(
      ctx,
      "magnum:CreateNodegroup",
      { cluster: clusterId },
      {
        name: request.name,
        flavor_id: request.specName,
        node_count: request.desiredNodeSize,
        min_node_count: request.minNodeSize,
        max_node_count: request.maxNodeSize,
        ...(request.imageIID ? { image_id: request.imageIID.systemId } : {}),
        ...(request.rootDiskSizeGB ? { docker_volume_size: request.rootDiskSizeGB } : {}),
        labels: scalingLabels(request),
        merge_labels: true,
      },
    );
  }

  async function groupOf(ctx: CallContext, cluster: IID, nodeGroup: IID): Promise<MagnumNodeGroup> {
    const groups = await session.listArray<MagnumNodeGroup>(ctx, "magnum:ListNodegroups", {
      cluster: cluster.systemId,
    });
    const found = groups.find((g) => g.uuid === nodeGroup.systemId) ?? groups.find((g) => g.name === nodeGroup.nameId);
    if (!found) throw invalid("nodeGroup", "exists", `cluster ${cluster.nameId} has no node group ${nodeGroup.nameId}`);
    return found;
  }

  return {
    async *versions(ctx) {
      const offered = new Map<string, boolean>();
      for (const t of await templates(ctx)) {
        const version = versionOf(t);
        if (version !== undefined) offered.set(version, (offered.get(version) ?? true) && t.hidden === true);
      }
      const sorted = [...offered.keys()].sort((a, b) => compareVersions(b, a));
      const newest = sorted.find((v) => offered.get(v) !== true);
      for (const version of sorted) {
        const info: ClusterVersionInfo = { version };
        if (version === newest) info.default = true;
        if (offered.get(version) === true) info.deprecated = true;
        yield info;
      }
    },

    async create(request, ctx) {
      const [first, ...others] = request.nodeGroups;
      const [subnet, ...moreSubnets] = request.subnetIIDs;
      if (!subnet || moreSubnets.length > 0)
        throw invalid("subnetNames", "one-subnet", "a Magnum cluster lives in exactly one subnet (its fixed_subnet)");
      const template = await templateFor(ctx, request.version, "version");
      return ctx.compensate(async (undo) => {
        const { uuid } = await session.call<{ uuid: string }>(
          ctx,
          "magnum:CreateCluster",
          {},
          {
            name: request.name,
            cluster_template_id: template.uuid,
            // Without node groups Magnum's default-worker is still made, empty (it cannot be left out).
            ...(first
              ? { keypair: first.keyPairIID.systemId || first.keyPairIID.nameId, flavor_id: first.specName }
              : {}),
            node_count: first ? first.desiredNodeSize : 0,
            master_count: 1,
            fixed_network: request.vpcIID.systemId,
            fixed_subnet: subnet.systemId,
            ...(first?.rootDiskSizeGB ? { docker_volume_size: first.rootDiskSizeGB } : {}),
            labels: {
              ...(first
                ? { ...scalingLabels(first), [defaultWorkerNameLabel]: first.name }
                : { min_node_count: "0", max_node_count: "1", [noDefaultWorkerLabel]: "true" }),
              [securityGroupsLabel]: request.securityGroupIIDs.map((s) => s.systemId).join(","),
            },
            merge_labels: true,
          },
        );
        ctx.created(uuid);
        undo(`delete cluster ${request.name}`, (c) => session.call(c, "magnum:DeleteCluster", { id: uuid }));
        if (others.length > 0) {
          // Node groups can be added only to a finished cluster.
          await settled(ctx, uuid);
          for (const group of others) {
            await addGroup(ctx, uuid, group);
            await settled(ctx, uuid);
          }
        }
        return infoOf(ctx, await ctx.whenVisible([uuid], () => show(ctx, uuid)));
      });
    },

    async get(cluster, ctx) {
      return infoOf(ctx, await show(ctx, cluster.systemId));
    },

    async *list(ctx) {
      for (const cluster of await collect(session.list<MagnumCluster>(ctx, "magnum:ListClusters"))) {
        yield await infoOf(ctx, cluster);
      }
    },

    async delete(cluster, ctx) {
      await session.call(ctx, "magnum:DeleteCluster", { id: cluster.systemId }).catch(ignoreNotFound);
    },

    async addNodeGroup(cluster, request, ctx) {
      const group = await addGroup(ctx, cluster.systemId, request);
      return nodeGroupInfo(group, request.keyPairIID.systemId || request.keyPairIID.nameId);
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      await session
        .call(ctx, "magnum:DeleteNodegroup", { cluster: cluster.systemId, id: nodeGroup.systemId })
        .catch(ignoreNotFound);
    },

    setNodeGroupAutoScaling() {
      // A node group's autoscaler labels are fixed when it is made; Magnum has no call to change them.
      return Promise.reject(notSupported("changing auto-scaling of an existing Magnum node group", "onAutoScaling"));
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const id = cluster.systemId;
      const current = await groupOf(ctx, cluster, nodeGroup);
      const range = async (min: number, max: number) => {
        if (min === current.min_node_count && max === (current.max_node_count ?? current.node_count)) return;
        await session.call(ctx, "magnum:UpdateNodegroup", { cluster: id, id: current.uuid }, [
          { op: "replace", path: "/min_node_count", value: min },
          { op: "replace", path: "/max_node_count", value: max },
        ]);
        current.min_node_count = min;
        current.max_node_count = max;
        await settled(ctx, id);
      };
      // The range must hold the node count at every step: widen, resize, then narrow.
      await range(Math.min(size.min, current.node_count), Math.max(size.max, current.node_count));
      if (size.desired !== current.node_count) {
        await session.call(ctx, "magnum:ResizeCluster", { id }, { node_count: size.desired, nodegroup: current.uuid });
        current.node_count = size.desired;
        await settled(ctx, id);
      }
      await range(size.min, size.max);
      return nodeGroupInfo(await groupOf(ctx, cluster, nodeGroup), undefined);
    },

    async upgrade(cluster, version, ctx) {
      const template = await templateFor(ctx, version, "version");
      await session.call(
        ctx,
        "magnum:UpgradeCluster",
        { id: cluster.systemId },
        {
          cluster_template: template.uuid,
          max_batch_size: 1,
        },
      );
      return infoOf(ctx, await show(ctx, cluster.systemId));
    },
  };
}
