import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import { FrontError, badRequest, json, noContent, readJson } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { flag, integer, invalidField, readPatch, scalingOf, text } from "./input.js";
import { magnumPage } from "./paging.js";
import { apiAddress, clusterStatus, clusterView, isStable, specNameOf } from "./render.js";
import { magnumState } from "./state.js";
import type { ClusterEntry } from "./state.js";
import { labelsOf, templateOf, templateVersion } from "./templates.js";
import { requireVersion } from "./versions.js";
import type { Cluster } from "../../../world/types.js";

// Clusters (magnum/api/controllers/v1/cluster.py): create answers 202 with the uuid and builds in
// the background; changes (PATCH node_count, resize, upgrade) answer 202 and show UPDATE_*; a
// change is refused unless the cluster is in a *_COMPLETE state.

const namePattern = /^[a-zA-Z][a-zA-Z0-9_.-]*$/;

/** A cluster by uuid or name, with Magnum's overlay; Magnum's 404 otherwise. */
export function clusterOf(
  call: ServiceCall,
  cloud: AccountRegion,
  ident: string,
): { cluster: Cluster; entry: ClusterEntry | undefined } {
  const clusters = cloud.clusters;
  let cluster: Cluster | undefined;
  try {
    cluster = clusters.get(ident);
  } catch (error) {
    if (!isWorldError(error, "NotFound")) throw error;
    const named = clusters.list().items.filter((c) => c.name === ident);
    if (named.length > 1)
      throw new FrontError(
        409,
        `Multiple clusters exist with same name '${ident}'. Please use the cluster uuid instead.`,
      );
    cluster = named[0];
  }
  if (!cluster) throw new FrontError(404, `Cluster ${ident} could not be found.`);
  return { cluster, entry: magnumState(call.ctx.world).clusters.get(cluster.id) };
}

/** Magnum refuses changes to a cluster that is not in a *_COMPLETE state. */
export function requireStable(cluster: Cluster, entry: ClusterEntry | undefined): void {
  const status = clusterStatus(cluster, entry);
  if (!isStable(status)) throw badRequest(`Updating a cluster when status is "${status}" is not supported`);
}

/** Records a change: the cluster shows UPDATE_* from now on. */
export function touched(call: ServiceCall, entry: ClusterEntry | undefined): void {
  if (!entry) return;
  entry.action = "UPDATE";
  entry.updatedAt = call.ctx.world.clock.now();
}

function create(call: ServiceCall) {
  const body = readJson(call.request);
  const name = text(body, "name");
  if (name === undefined) invalidField("name", null, "Mandatory field missing.");
  if (!namePattern.test(name) || name.length > 242) throw badRequest(`Cluster name ${name} is invalid.`);
  const templateId = text(body, "cluster_template_id");
  if (templateId === undefined) invalidField("cluster_template_id", null, "Mandatory field missing.");
  const nodeCount = integer(body, "node_count", 0) ?? 1;
  const masterCount = integer(body, "master_count", 1) ?? 1;
  const createTimeout = integer(body, "create_timeout", 0) ?? 60;
  const mergeLabels = flag(body, "merge_labels") ?? false;
  const bodyLabels = labelsOf(body);
  return call.call((cloud, gate) => {
    const template = templateOf(call, cloud, templateId);
    const labels =
      bodyLabels === undefined
        ? { ...template.labels }
        : mergeLabels
          ? { ...template.labels, ...bodyLabels }
          : { ...bodyLabels };
    // kube_tag stays the template's: the version is the template's to say.
    if (template.labels["kube_tag"] !== undefined) labels["kube_tag"] = template.labels["kube_tag"];
    // A key pair is optional since Rocky; one named must exist.
    const keypair = text(body, "keypair") ?? template.keypairId ?? undefined;
    const key =
      keypair === undefined
        ? undefined
        : cloud.keyPairs.list({ where: (k) => k.name === keypair || k.id === keypair }).items[0];
    if (keypair !== undefined && !key) throw new FrontError(404, `Unable to find keypair ${keypair}.`);
    const flavor = text(body, "flavor_id") ?? template.flavorId ?? "m1.small";
    const specName = specNameOf(cloud, flavor);
    if (specName === undefined) throw new FrontError(404, `Unable to find flavor ${flavor}.`);
    const masterFlavor = text(body, "master_flavor_id") ?? template.masterFlavorId ?? flavor;
    if (specNameOf(cloud, masterFlavor) === undefined)
      throw new FrontError(404, `Unable to find flavor ${masterFlavor}.`);
    const network = text(body, "fixed_network") ?? template.fixedNetwork ?? undefined;
    const subnet = text(body, "fixed_subnet") ?? template.fixedSubnet ?? undefined;
    // A Magnum without fixed_network makes a private network of its own; the emulator's clusters
    // live in a network the project has.
    if (network === undefined) invalidField("fixed_network", null, "Mandatory field missing.");
    const vpc = cloud.vpcs.list({ where: (v) => v.id === network || v.name === network }).items[0];
    if (!vpc) throw new FrontError(404, `Unable to find network ${network}.`);
    const subnets = cloud.subnets.list({ where: (s) => s.vpcId === vpc.id }).items;
    const fixedSubnet = subnet === undefined ? subnets[0] : subnets.find((s) => s.id === subnet || s.name === subnet);
    if (!fixedSubnet) throw new FrontError(404, `Unable to find subnet ${subnet ?? "of network " + vpc.id}.`);
    const scaling = scalingOf(labels, nodeCount);
    if (scaling.max < nodeCount || scaling.min > nodeCount)
      throw badRequest(
        `Resizing default-worker outside the allowed range: min_node_count = ${scaling.min}, max_node_count = ${scaling.max}`,
      );
    const cluster = cloud.clusters.create(
      {
        name,
        version: templateVersion(template),
        vpcId: vpc.id,
        subnetIds: [fixedSubnet.id],
        nodeGroups: [
          {
            name: "default-worker",
            specName,
            imageId: imageOf(cloud, template.imageId),
            keyPairId: key?.id,
            rootDisk: { sizeGB: integer(body, "docker_volume_size", 1) ?? template.dockerVolumeSize ?? undefined },
            autoScaling: scaling.autoScaling,
            desiredSize: nodeCount,
            minSize: scaling.min,
            maxSize: scaling.max,
          },
        ],
      },
      { failsLater: gate.failsLater },
    );
    const worker = cluster.nodeGroups[0];
    magnumState(call.ctx.world).clusters.set(cluster.id, {
      templateId: template.uuid,
      keypair: key?.name ?? null,
      masterCount,
      masterFlavorId: masterFlavor,
      labels,
      createTimeout,
      action: "CREATE",
      defaultWorker: worker?.id,
      nodeGroups: new Map(worker ? [[worker.id, { role: "worker", labels: {}, imageId: template.imageId }]] : []),
      updatedAt: null,
    });
    return json(202, { uuid: cluster.id });
  });
}

function remove(call: ServiceCall) {
  return call.call((cloud) => {
    const { cluster } = clusterOf(call, cloud, call.params[0] ?? "");
    cloud.clusters.beginDelete(cluster.id);
    return noContent(204);
  });
}

/** Resizes one worker group to `nodeCount` within its range. */
export function resize(call: ServiceCall, cloud: AccountRegion, ident: string, nodeCount: number, groupIdent?: string) {
  const { cluster, entry } = clusterOf(call, cloud, ident);
  requireStable(cluster, entry);
  const group =
    groupIdent === undefined
      ? cluster.nodeGroups.find((g) => g.id === entry?.defaultWorker)
      : cluster.nodeGroups.find((g) => g.id === groupIdent || g.name === groupIdent);
  if (!group) {
    if (groupIdent !== undefined && groupIdent === "default-master")
      throw badRequest("Resizing a master nodegroup is not supported.");
    throw new FrontError(404, `Nodegroup ${groupIdent ?? "default-worker"} could not be found.`);
  }
  if (nodeCount < group.minSize || nodeCount > group.maxSize)
    throw badRequest(
      `Resizing ${group.name} outside the allowed range: min_node_count = ${group.minSize}, max_node_count = ${group.maxSize}`,
    );
  cloud.clusters.scaleNodeGroup(cluster.id, group.id, { desired: nodeCount, min: group.minSize, max: group.maxSize });
  touched(call, entry);
  return cluster.id;
}

function patch(call: ServiceCall) {
  const ops = readPatch(call.request.body);
  return call.call((cloud) => {
    let id = call.params[0] ?? "";
    for (const op of ops) {
      if (op.path !== "/node_count" || op.op !== "replace")
        throw badRequest(`'${op.path}' is an internal attribute and can not be updated`);
      const count = integer({ node_count: op.value }, "node_count", 0) ?? 0;
      id = resize(call, cloud, id, count);
    }
    return json(202, { uuid: id });
  });
}

function resizeAction(call: ServiceCall) {
  requireVersion(call.microversion, 1, 7);
  const body = readJson(call.request);
  const count = integer(body, "node_count", 0);
  if (count === undefined) invalidField("node_count", null, "Mandatory field missing.");
  const group = text(body, "nodegroup");
  return call.call((cloud) => json(202, { uuid: resize(call, cloud, call.params[0] ?? "", count, group) }));
}

/** Compares "v1.30.4"-style versions. */
function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, "").split(/[.-]/).map(Number);
  const pb = b.replace(/^v/, "").split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The world image a template names (by id or name); the region's default node image when none. */
function imageOf(cloud: AccountRegion, ident: string): string | undefined {
  return cloud.catalog.listImages({ where: (i) => i.id === ident || i.name === ident }).items[0]?.id;
}

function upgradeAction(call: ServiceCall) {
  requireVersion(call.microversion, 1, 8);
  const body = readJson(call.request);
  const templateIdent = text(body, "cluster_template");
  if (templateIdent === undefined) invalidField("cluster_template", null, "Mandatory field missing.");
  integer(body, "max_batch_size", 1);
  return call.call((cloud) => {
    const { cluster, entry } = clusterOf(call, cloud, call.params[0] ?? "");
    requireStable(cluster, entry);
    const template = templateOf(call, cloud, templateIdent);
    const version = templateVersion(template);
    if (compareVersions(version, cluster.version) < 0)
      throw badRequest(`Downgrading a cluster from ${cluster.version} to ${version} is not supported.`);
    cloud.clusters.upgrade(cluster.id, version);
    if (entry) {
      entry.templateId = template.uuid;
      entry.labels = { ...entry.labels, kube_tag: version };
    }
    touched(call, entry);
    return json(202, { uuid: cluster.id });
  });
}

export const clusterRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/clusters(\/detail)?$/,
    api: "magnum:ListClusters",
    handle: (call) =>
      call.call(async (cloud) => {
        const detailed = call.url.pathname.endsWith("/detail");
        const state = magnumState(call.ctx.world).clusters;
        const views = [];
        for (const c of cloud.clusters.list().items)
          views.push(
            clusterView(call, cloud, c, state.get(c.id), detailed, detailed ? await apiAddress(call, c) : undefined),
          );
        return json(200, magnumPage(call, "clusters", views));
      }),
  },
  {
    method: "GET",
    path: /^\/clusters\/([^/]+)$/,
    api: "magnum:ShowCluster",
    handle: (call) =>
      call.call(async (cloud) => {
        const { cluster, entry } = clusterOf(call, cloud, call.params[0] ?? "");
        return json(200, clusterView(call, cloud, cluster, entry, true, await apiAddress(call, cluster)));
      }),
  },
  { method: "POST", path: /^\/clusters$/, api: "magnum:CreateCluster", handle: create },
  { method: "PATCH", path: /^\/clusters\/([^/]+)$/, api: "magnum:UpdateCluster", handle: patch },
  { method: "DELETE", path: /^\/clusters\/([^/]+)$/, api: "magnum:DeleteCluster", handle: remove },
  { method: "POST", path: /^\/clusters\/([^/]+)\/actions\/resize$/, api: "magnum:ResizeCluster", handle: resizeAction },
  {
    method: "POST",
    path: /^\/clusters\/([^/]+)\/actions\/upgrade$/,
    api: "magnum:UpgradeCluster",
    handle: upgradeAction,
  },
];
