import type { AccountRegion } from "../../world/account-region.js";
import type { Image } from "../../world/resources/catalog-service.js";
import { hasTag } from "../../world/resources/tag-rules.js";
import type { MyImage } from "../../world/types.js";
import { FrontError, noContent, json } from "./http.js";
import { derivedHexId, isoSeconds, operatorProjectId } from "./ids.js";
import { pageOf, pageRequest } from "./paging.js";
import { below } from "./service.js";
import type { Route, ServiceCall, ServiceDef } from "./service.js";
import { fromWorldTags, toWorldTags } from "./tags.js";

const catalogEpoch = Date.UTC(2025, 0, 1);

/** "Ubuntu 24.04 LTS" -> os_distro "ubuntu", os_version "24.04" (Glance's common image properties). */
function distroProperties(distribution: string): { os_distro: string; os_version?: string } {
  const words = distribution.split(/\s+/);
  const version = words.find((w) => /\d/.test(w));
  return { os_distro: (words[0] ?? "").toLowerCase(), ...(version ? { os_version: version } : {}) };
}

function common(id: string): Record<string, unknown> {
  return {
    self: `/v2/images/${id}`,
    file: `/v2/images/${id}/file`,
    schema: "/v2/schemas/image",
    container_format: "bare",
    disk_format: "qcow2",
    protected: false,
    min_ram: 0,
  };
}

function publicView(image: Image): Record<string, unknown> {
  return {
    ...common(image.id),
    id: image.id,
    name: image.name,
    status: "active",
    visibility: "public",
    owner: operatorProjectId,
    size: image.diskSizeGB * 64 * 1024 * 1024,
    min_disk: image.diskSizeGB,
    architecture: image.architecture === "arm64" ? "aarch64" : "x86_64",
    os_type: image.osPlatform,
    ...distroProperties(image.osDistribution),
    ...(image.osPlatform === "windows" ? { os_admin_user: "Administrator" } : { os_admin_user: image.loginUser }),
    tags: [],
    created_at: isoSeconds(catalogEpoch),
    updated_at: isoSeconds(catalogEpoch),
  };
}

/** A snapshot Nova made of a server (a world my-image): private, owned by the project. */
function snapshotView(call: ServiceCall, image: MyImage): Record<string, unknown> {
  return {
    ...common(image.id),
    id: image.id,
    name: image.name,
    status: image.state === "available" ? "active" : "queued",
    visibility: "private",
    owner: call.projectId,
    size: image.state === "available" ? image.diskSizeGB * 64 * 1024 * 1024 : null,
    min_disk: image.diskSizeGB,
    architecture: image.architecture === "arm64" ? "aarch64" : "x86_64",
    os_type: image.platform,
    ...distroProperties(image.osDistribution),
    image_type: "snapshot",
    instance_uuid: image.sourceVm.id,
    user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
    tags: fromWorldTags(image.tags),
    created_at: isoSeconds(image.createdAt),
    updated_at: isoSeconds(image.createdAt),
  };
}

function allImages(call: ServiceCall, cloud: AccountRegion): { id: string; view: Record<string, unknown> }[] {
  const publicImages = cloud.catalog.listImages().items.map((i) => ({ id: i.id, view: publicView(i) }));
  const snapshots = cloud.myImages.list().items.map((i) => ({ id: i.id, view: snapshotView(call, i) }));
  return [...publicImages, ...snapshots];
}

function findImage(call: ServiceCall, cloud: AccountRegion, id: string): Record<string, unknown> {
  const found = allImages(call, cloud).find((i) => i.id === id);
  if (!found) throw new FrontError(404, `No image found with ID ${id}`);
  return found.view;
}

function requireSnapshot(cloud: AccountRegion, id: string): MyImage {
  const mine = cloud.myImages.list({ where: (i) => i.id === id }).items[0];
  if (mine) return mine;
  if (cloud.catalog.listImages().items.some((i) => i.id === id))
    throw new FrontError(403, "You are not permitted to modify this image.");
  throw new FrontError(404, `No image found with ID ${id}`);
}

export const glanceRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/images$/,
    api: "glance:ListImages",
    handle: (call) =>
      call.call((cloud) => {
        const query = call.url.searchParams;
        const visibility = query.get("visibility");
        const status = query.get("status");
        const name = query.get("name");
        const items = allImages(call, cloud).filter(
          (i) =>
            (!visibility || i.view["visibility"] === visibility) &&
            (!status || i.view["status"] === status) &&
            (!name || i.view["name"] === name),
        );
        const request = pageRequest(query, call.ctx.pageSize);
        const page = pageOf(items, (i) => i.id, request);
        // Glance's "next" is a path below the endpoint, not a full URL.
        let next: string | undefined;
        if (page.nextMarker !== undefined) {
          const params = new URLSearchParams(query);
          params.set("limit", String(request.limit));
          params.set("marker", page.nextMarker);
          next = `/v2/images?${params.toString()}`;
        }
        return json(200, {
          images: page.items.map((i) => i.view),
          first: "/v2/images",
          schema: "/v2/schemas/images",
          ...(next ? { next } : {}),
        });
      }),
  },
  {
    method: "GET",
    path: /^\/images\/([^/]+)$/,
    api: "glance:ShowImage",
    handle: (call) => call.call((cloud) => json(200, findImage(call, cloud, call.params[0] ?? ""))),
  },
  {
    method: "DELETE",
    path: /^\/images\/([^/]+)$/,
    api: "glance:DeleteImage",
    handle: (call) =>
      call.call((cloud) => {
        cloud.myImages.delete(requireSnapshot(cloud, call.params[0] ?? "").id);
        return noContent(204);
      }),
  },
  {
    method: "PUT",
    path: /^\/images\/([^/]+)\/tags\/([^/]+)$/,
    api: "glance:AddImageTag",
    handle: (call) =>
      call.call((cloud) => {
        cloud.tags.add(requireSnapshot(cloud, call.params[0] ?? "").id, toWorldTags([call.params[1] ?? ""]), {
          kind: "image",
        });
        return noContent(204);
      }),
  },
  {
    method: "DELETE",
    path: /^\/images\/([^/]+)\/tags\/([^/]+)$/,
    api: "glance:DeleteImageTag",
    handle: (call) =>
      call.call((cloud) => {
        const image = requireSnapshot(cloud, call.params[0] ?? "");
        const tag = call.params[1] ?? "";
        if (!hasTag(image.tags, tag)) throw new FrontError(404, `Tag ${tag} not found`);
        cloud.tags.remove(image.id, [tag], { kind: "image" });
        return noContent(204);
      }),
  },
];

/** Glance (Image v2), at "/<region>/image" with its API under "/v2". */
export const glanceService: ServiceDef = {
  name: "glance",
  segment: "image",
  split: (rest) => {
    const routePath = below(rest, "/v2");
    return routePath === undefined ? undefined : { endpointPath: "", routePath };
  },
  routes: glanceRoutes,
};
