import { randomUUID } from "node:crypto";
import type { AccountRegion } from "../../../world/account-region.js";
import { FrontError, badRequest, json, noContent, readJson } from "../http.js";
import { derivedUuid, isoSeconds, operatorProjectId } from "../ids.js";
import type { Route, ServiceCall } from "../service.js";
import { magnumPage } from "./paging.js";
import { magnumState } from "./state.js";
import type { TemplateEntry } from "./state.js";

// Cluster templates: what a cluster is made from (image, flavors, networks, labels). Magnum's
// Kubernetes version is the template's `kube_tag` label, so the operator of a cloud publishes one
// public template per version it supports and hides the ones it retires; the emulator plays that
// operator with one public template per version the region offers ("k8s-v1.30.4").

const ownerOf = (call: ServiceCall): string => `${call.account}/${call.region}`;

/** The operator's public templates of the region: one per offered version, deprecated ones hidden. */
function operatorTemplates(call: ServiceCall, cloud: AccountRegion): TemplateEntry[] {
  const image = cloud.catalog.listImages({ where: (i) => i.osPlatform === "linux" && i.architecture === "x86_64" })
    .items[0];
  return cloud.clusters.versions().map((v) => ({
    uuid: derivedUuid("clustertemplate", call.region, v.version),
    name: `k8s-${v.version}`,
    owner: undefined,
    public: true,
    hidden: v.deprecated === true,
    imageId: image?.id ?? "fedora-coreos-40",
    keypairId: null,
    flavorId: null,
    masterFlavorId: null,
    externalNetworkId: null,
    fixedNetwork: null,
    fixedSubnet: null,
    networkDriver: "calico",
    dockerVolumeSize: null,
    labels: { kube_tag: v.version },
    masterLbEnabled: true,
    floatingIpEnabled: true,
    createdAt: 0,
    updatedAt: null,
  }));
}

/** The templates the project sees: the operator's and its own, oldest first. */
export function visibleTemplates(call: ServiceCall, cloud: AccountRegion): TemplateEntry[] {
  const own = [...magnumState(call.ctx.world).templates.values()].filter((t) => t.owner === ownerOf(call));
  return [...operatorTemplates(call, cloud), ...own];
}

/** A template by uuid or name (Magnum's `get_resource`), or Magnum's 404. */
export function templateOf(call: ServiceCall, cloud: AccountRegion, ident: string): TemplateEntry {
  const all = visibleTemplates(call, cloud);
  const found = all.find((t) => t.uuid === ident) ?? all.filter((t) => t.name === ident);
  if (Array.isArray(found)) {
    if (found.length > 1)
      throw new FrontError(
        409,
        `Multiple clustertemplates exist with same name '${ident}'. Please use the clustertemplate uuid instead.`,
      );
    if (found[0]) return found[0];
    throw new FrontError(404, `ClusterTemplate ${ident} could not be found.`);
  }
  return found;
}

/** The Kubernetes version a template makes (its kube_tag, "v1.30.4"), or a 400. */
export function templateVersion(template: TemplateEntry): string {
  const tag = template.labels["kube_tag"];
  if (tag === undefined) throw badRequest(`ClusterTemplate ${template.uuid} has no kube_tag label.`);
  return tag;
}

export function templateView(call: ServiceCall, t: TemplateEntry): Record<string, unknown> {
  const href = `${call.endpoint}/v1/clustertemplates/${t.uuid}`;
  return {
    uuid: t.uuid,
    name: t.name,
    coe: "kubernetes",
    server_type: "vm",
    cluster_distro: "fedora-coreos",
    driver: "k8s_fedora_coreos_v1",
    image_id: t.imageId,
    keypair_id: t.keypairId,
    flavor_id: t.flavorId,
    master_flavor_id: t.masterFlavorId,
    external_network_id: t.externalNetworkId,
    fixed_network: t.fixedNetwork,
    fixed_subnet: t.fixedSubnet,
    network_driver: t.networkDriver,
    volume_driver: "cinder",
    docker_volume_size: t.dockerVolumeSize,
    docker_storage_driver: "overlay2",
    dns_nameserver: "8.8.8.8",
    apiserver_port: null,
    http_proxy: null,
    https_proxy: null,
    no_proxy: null,
    labels: t.labels,
    tls_disabled: false,
    public: t.public,
    hidden: t.hidden,
    registry_enabled: false,
    insecure_registry: null,
    master_lb_enabled: t.masterLbEnabled,
    floating_ip_enabled: t.floatingIpEnabled,
    project_id: t.owner === undefined ? operatorProjectId : call.projectId,
    user_id: null,
    tags: null,
    created_at: isoSeconds(t.createdAt),
    updated_at: t.updatedAt === null ? null : isoSeconds(t.updatedAt),
    links: [
      { href, rel: "self" },
      { href, rel: "bookmark" },
    ],
  };
}

const str = (body: Record<string, unknown>, key: string): string | null => {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string")
    throw badRequest(
      `Invalid input for field/attribute ${key}. Value: ${JSON.stringify(value)}. Wrong type. Expected 'str'`,
    );
  return value;
};

/** Labels: a map of strings (Magnum's wsme type `wtypes.DictType(str, str)`). */
export function labelsOf(body: Record<string, unknown>, key = "labels"): Record<string, string> | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw badRequest(`Invalid input for field/attribute ${key}.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== "string")
      throw badRequest(`Invalid input for field/attribute ${key}. Value of '${k}' must be a string.`);
    out[k] = v;
  }
  return out;
}

function create(call: ServiceCall) {
  const body = readJson(call.request);
  const name = str(body, "name") ?? `clustertemplate-${randomUUID().slice(0, 8)}`;
  const coe = str(body, "coe");
  if (coe !== "kubernetes") throw badRequest(`Cluster type (vm, None, ${coe ?? "None"}) not supported.`);
  const imageId = str(body, "image_id");
  if (imageId === null) throw badRequest("Mandatory field missing: image_id");
  const external = str(body, "external_network_id");
  const labels = labelsOf(body) ?? {};
  return call.call((cloud) => {
    if (external !== null) cloud.vpcs.get(external);
    if (cloud.catalog.listImages({ where: (i) => i.id === imageId || i.name === imageId }).items.length === 0)
      throw new FrontError(404, `Image ${imageId} could not be found.`);
    const now = call.ctx.world.clock.now();
    const entry: TemplateEntry = {
      uuid: randomUUID(),
      name,
      owner: ownerOf(call),
      public: body["public"] === true,
      hidden: body["hidden"] === true,
      imageId,
      keypairId: str(body, "keypair_id"),
      flavorId: str(body, "flavor_id"),
      masterFlavorId: str(body, "master_flavor_id"),
      externalNetworkId: external,
      fixedNetwork: str(body, "fixed_network"),
      fixedSubnet: str(body, "fixed_subnet"),
      networkDriver: str(body, "network_driver") ?? "flannel",
      dockerVolumeSize: typeof body["docker_volume_size"] === "number" ? body["docker_volume_size"] : null,
      labels,
      masterLbEnabled: body["master_lb_enabled"] === true,
      floatingIpEnabled: body["floating_ip_enabled"] !== false,
      createdAt: now,
      updatedAt: null,
    };
    magnumState(call.ctx.world).templates.set(entry.uuid, entry);
    return json(201, templateView(call, entry));
  });
}

function remove(call: ServiceCall) {
  return call.call((cloud) => {
    const t = templateOf(call, cloud, call.params[0] ?? "");
    if (t.owner !== ownerOf(call)) throw new FrontError(403, `Not authorized to delete ClusterTemplate ${t.uuid}.`);
    const state = magnumState(call.ctx.world);
    if ([...state.clusters.values()].some((c) => c.templateId === t.uuid))
      throw badRequest(`ClusterTemplate ${t.uuid} is referenced by one or multiple clusters.`);
    state.templates.delete(t.uuid);
    return noContent(204);
  });
}

const listFields = ["uuid", "name", "links", "hidden", "tags"] as const;

export const templateRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/clustertemplates(\/detail)?$/,
    api: "magnum:ListClusterTemplates",
    handle: (call) =>
      call.call((cloud) => {
        const detailed = call.url.pathname.endsWith("/detail");
        const views = visibleTemplates(call, cloud).map((t) => {
          const full = templateView(call, t);
          return detailed ? full : Object.fromEntries(listFields.map((f) => [f, full[f]]));
        });
        return json(200, magnumPage(call, "clustertemplates", views));
      }),
  },
  {
    method: "GET",
    path: /^\/clustertemplates\/([^/]+)$/,
    api: "magnum:ShowClusterTemplate",
    handle: (call) =>
      call.call((cloud) => json(200, templateView(call, templateOf(call, cloud, call.params[0] ?? "")))),
  },
  { method: "POST", path: /^\/clustertemplates$/, api: "magnum:CreateClusterTemplate", handle: create },
  { method: "DELETE", path: /^\/clustertemplates\/([^/]+)$/, api: "magnum:DeleteClusterTemplate", handle: remove },
];
