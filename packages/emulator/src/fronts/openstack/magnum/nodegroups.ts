import { FrontError, badRequest, json, noContent, readJson } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { clusterOf, requireStable, touched } from "./clusters.js";
import { integer, invalidField, readPatch, scalingOf, text } from "./input.js";
import { magnumPage } from "./paging.js";
import { apiAddress, defaultMasterId, masterGroupView, nodeGroupView, specNameOf } from "./render.js";
import { labelsOf } from "./templates.js";
import { requireVersion } from "./versions.js";

// Node groups (API 1.9, magnum/api/controllers/v1/nodegroup.py): every cluster has a
// "default-master" and a "default-worker"; more worker groups may be added and removed. A group's
// node count changes through the cluster's resize action; PATCH changes only its range.

const base = /^\/clusters\/([^/]+)\/nodegroups/;
const one = /^\/clusters\/([^/]+)\/nodegroups\/([^/]+)$/;

function views(call: ServiceCall, detailed: boolean) {
  return call.call(async (cloud) => {
    const { cluster, entry } = clusterOf(call, cloud, call.params[0] ?? "");
    const ident = call.params[1];
    const all = [
      masterGroupView(call, cluster, entry, detailed, await apiAddress(call, cluster)),
      ...cluster.nodeGroups.map((g) => nodeGroupView(call, cloud, cluster, entry, g, detailed)),
    ];
    if (ident === undefined) {
      const role = call.url.searchParams.get("role");
      return json(
        200,
        magnumPage(
          call,
          "nodegroups",
          all.filter((v) => role === null || v["role"] === role),
        ),
      );
    }
    const found = all.find((v) => v["uuid"] === ident) ?? all.find((v) => v["name"] === ident);
    if (!found) throw new FrontError(404, `Nodegroup ${ident} could not be found.`);
    return json(200, found);
  });
}

function create(call: ServiceCall) {
  requireVersion(call.microversion, 1, 9);
  const body = readJson(call.request);
  const name = text(body, "name");
  if (name === undefined) invalidField("name", null, "Mandatory field missing.");
  const nodeCount = integer(body, "node_count", 0) ?? 1;
  const min = integer(body, "min_node_count", 0) ?? 0;
  const max = integer(body, "max_node_count", 0);
  const role = text(body, "role") ?? "worker";
  if (role === "master") throw badRequest("Creating master nodegroups is currently not supported.");
  const labels = labelsOf(body) ?? {};
  return call.call((cloud) => {
    const { cluster, entry } = clusterOf(call, cloud, call.params[0] ?? "");
    requireStable(cluster, entry);
    if (name === "default-master" || cluster.nodeGroups.some((g) => g.name === name))
      throw new FrontError(409, `A node group with name ${name} already exists in the cluster ${cluster.id}.`);
    const flavor = text(body, "flavor_id") ?? cluster.nodeGroups[0]?.specName ?? "m1.small";
    const specName = specNameOf(cloud, flavor);
    if (specName === undefined) throw new FrontError(404, `Unable to find flavor ${flavor}.`);
    if (min > nodeCount)
      throw badRequest(`Min node count (${min}) should be less or equal to the node count (${nodeCount}).`);
    if (max !== undefined && max < nodeCount)
      throw badRequest(`Max node count (${max}) should be greater or equal to the node count (${nodeCount}).`);
    const worker = cluster.nodeGroups.find((g) => g.id === entry?.defaultWorker) ?? cluster.nodeGroups[0];
    const imageId = text(body, "image_id") ?? worker?.image.id;
    const rootDisk = integer(body, "docker_volume_size", 1);
    const scaling = scalingOf(
      { ...labels, min_node_count: String(min), max_node_count: String(max ?? nodeCount) },
      nodeCount,
    );
    const group = cloud.clusters.addNodeGroup(cluster.id, {
      name,
      specName,
      imageId,
      keyPairId: worker?.keyPair?.id,
      rootDisk: { sizeGB: rootDisk ?? worker?.rootDisk.sizeGB },
      autoScaling: scaling.autoScaling,
      desiredSize: nodeCount,
      minSize: scaling.min,
      maxSize: scaling.max,
    });
    entry?.nodeGroups.set(group.id, { role, labels, imageId: imageId ?? "" });
    return json(202, nodeGroupView(call, cloud, cluster, entry, group, true));
  });
}

function patch(call: ServiceCall) {
  requireVersion(call.microversion, 1, 9);
  const ops = readPatch(call.request.body);
  return call.call((cloud) => {
    const { cluster, entry } = clusterOf(call, cloud, call.params[0] ?? "");
    requireStable(cluster, entry);
    const ident = call.params[1] ?? "";
    const group = cluster.nodeGroups.find((g) => g.id === ident || g.name === ident);
    if (!group) throw new FrontError(404, `Nodegroup ${ident} could not be found.`);
    let min = group.minSize;
    let max = group.maxSize;
    for (const op of ops) {
      const value = op.op === "remove" ? undefined : op.value;
      if (op.path === "/min_node_count") min = integer({ min_node_count: value }, "min_node_count", 0) ?? 0;
      else if (op.path === "/max_node_count")
        max = integer({ max_node_count: value }, "max_node_count", 0) ?? group.desiredSize;
      else throw badRequest(`'${op.path}' is an internal attribute and can not be updated`);
    }
    const count = group.desiredSize;
    if (min > count) throw badRequest(`Min node count (${min}) should be less or equal to the node count (${count}).`);
    if (max < count)
      throw badRequest(`Max node count (${max}) should be greater or equal to the node count (${count}).`);
    const after = cloud.clusters.scaleNodeGroup(cluster.id, group.id, { desired: count, min, max });
    touched(call, entry);
    return json(202, nodeGroupView(call, cloud, cluster, entry, after, true));
  });
}

function remove(call: ServiceCall) {
  requireVersion(call.microversion, 1, 9);
  return call.call((cloud) => {
    const { cluster, entry } = clusterOf(call, cloud, call.params[0] ?? "");
    const ident = call.params[1] ?? "";
    const group = cluster.nodeGroups.find((g) => g.id === ident || g.name === ident);
    if (
      ident === defaultMasterId(cluster.id) ||
      ident === "default-master" ||
      (group && group.id === entry?.defaultWorker)
    )
      throw badRequest("Deleting a default nodegroup is not supported.");
    if (!group) throw new FrontError(404, `Nodegroup ${ident} could not be found.`);
    requireStable(cluster, entry);
    cloud.clusters.removeNodeGroup(cluster.id, group.id);
    entry?.nodeGroups.delete(group.id);
    return noContent(204);
  });
}

export const nodeGroupRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/clusters\/([^/]+)\/nodegroups(?:\/detail)?$/,
    api: "magnum:ListNodegroups",
    handle: (call) => {
      requireVersion(call.microversion, 1, 9);
      return views(call, call.url.pathname.endsWith("/detail"));
    },
  },
  {
    method: "GET",
    path: one,
    api: "magnum:ShowNodegroup",
    handle: (call) => {
      requireVersion(call.microversion, 1, 9);
      return views(call, true);
    },
  },
  { method: "POST", path: new RegExp(`${base.source}$`), api: "magnum:CreateNodegroup", handle: create },
  { method: "PATCH", path: one, api: "magnum:UpdateNodegroup", handle: patch },
  { method: "DELETE", path: one, api: "magnum:DeleteNodegroup", handle: remove },
];
