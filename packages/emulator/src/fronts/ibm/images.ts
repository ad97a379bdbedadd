import type { Image } from "../../world/resources/catalog-service.js";
import type { MyImage } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import { bury, crnOf, iso, liveGhost, liveGhosts, resourceGroupRef } from "./context.js";
import { badRequest, checkName, conflict, json, noContent, notFound, refId, requiredField, stringOf } from "./http.js";
import type { Json } from "./http.js";
import { page } from "./paging.js";
import { ibmArchitecture } from "./profiles.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";
import { requireVolume } from "./volumes.js";

/** IBM's operating system name of a stock image ("ibm-ubuntu-24-04-1-minimal-amd64-2" runs "ubuntu-24-04-amd64"). */
export function osNameOf(imageName: string, architecture: string): string {
  const stem = imageName.replace(/^ibm-/, "").replace(/-(minimal|full)-.*$/, "");
  const parts = stem.split("-");
  const numeric = parts.filter((p) => /^\d+$/.test(p)).length;
  const trimmed = numeric >= 2 && /^\d+$/.test(parts[parts.length - 1] ?? "") ? parts.slice(0, -1) : parts;
  return `${trimmed.join("-")}-${ibmArchitecture(architecture)}`;
}

function operatingSystem(call: VpcCall, name: string, display: string, architecture: string, windows: boolean): Json {
  return {
    name,
    href: `${call.base}/operating_systems/${name}`,
    architecture: ibmArchitecture(architecture),
    display_name: display,
    family: display
      .split(" ")
      .slice(0, windows ? 2 : 1)
      .join(" "),
    vendor: windows ? "Microsoft" : display.split(" ")[0],
    version: display.replace(/^\D*/, ""),
    dedicated_host_only: false,
    user_data_format: windows ? "cloud_base_init" : "cloud_init",
    allow_user_image_creation: true,
  };
}

export function publicImageView(call: VpcCall, image: Image): Json {
  const os = osNameOf(image.name, image.architecture);
  return {
    id: image.id,
    crn: crnOf("811f8abfbd32425597dc7ba40da98fa6", call.region.name, "image", image.id),
    href: `${call.base}/images/${image.id}`,
    name: image.name,
    created_at: iso(Date.UTC(2025, 0, 1)),
    encryption: "none",
    file: { size: 1 },
    minimum_provisioned_size: image.diskSizeGB,
    operating_system: operatingSystem(
      call,
      os,
      image.osDistribution,
      image.architecture,
      image.osPlatform === "windows",
    ),
    owner_type: "provider",
    resource_group: {
      id: "811f8abfbd32425597dc7ba40da98fa6",
      href: "https://resource-controller.cloud.ibm.com/v2/resource_groups/811f8abfbd32425597dc7ba40da98fa6",
      name: "Default",
    },
    resource_type: "image",
    status: "available",
    visibility: "public",
    catalog_offering: { managed: false },
  };
}

function privateImageView(call: VpcCall, image: MyImage): Json {
  const source = call.front.state.imageSources.get(image.id);
  return {
    id: image.id,
    crn: crnOf(call.account, call.region.name, "image", image.id),
    href: `${call.base}/images/${image.id}`,
    name: image.name,
    created_at: iso(image.createdAt),
    encryption: "none",
    file: { size: image.diskSizeGB },
    minimum_provisioned_size: image.diskSizeGB,
    operating_system: operatingSystem(
      call,
      `${image.osDistribution.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${ibmArchitecture(image.architecture)}`,
      image.osDistribution,
      image.architecture,
      image.platform === "windows",
    ),
    owner_type: "user",
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(image.id)),
    resource_type: "image",
    status: image.state === "available" ? "available" : "pending",
    visibility: "private",
    ...(source ? { source_volume: { id: source, href: `${call.base}/volumes/${source}` } } : {}),
    catalog_offering: { managed: false },
  };
}

async function imageById(call: VpcCall, id: string): Promise<Json> {
  const found = await call.call((cloud) => {
    const stock = cloud.catalog.listImages({ where: (i) => i.id === id }).items[0];
    if (stock) return publicImageView(call, stock);
    const mine = cloud.myImages.list({ where: (i) => i.id === id }).items[0];
    return mine ? privateImageView(call, mine) : undefined;
  });
  if (found) return found;
  const ghost = liveGhost(call, "images", id);
  if (ghost) return ghost.view;
  throw notFound("not_found", `Image ${id} not found.`, id);
}

export const imageRoutes: Route[] = [
  {
    method: "GET",
    path: path("/images"),
    api: "list_images",
    handle: async (call) => {
      const visibility = call.query.get("visibility");
      const name = call.query.get("name");
      const views = await call.call((cloud) => [
        ...cloud.catalog.listImages().items.map((i) => publicImageView(call, i)),
        ...cloud.myImages.list().items.map((i) => privateImageView(call, i)),
      ]);
      const all = [...views, ...liveGhosts(call, "images").map((g) => g.view)].filter(
        (i) => (visibility === null || i["visibility"] === visibility) && (name === null || i["name"] === name),
      );
      return json(200, page(call.url, "images", all, call.front.settings.maxPageSize));
    },
  },
  {
    method: "GET",
    path: path("/images/{}"),
    api: "get_image",
    handle: async (call) => json(200, await imageById(call, call.params[0] ?? "")),
  },
  {
    method: "POST",
    path: path("/images"),
    api: "create_image",
    handle: async (call) => {
      const body = call.body();
      const name = checkName(stringOf(body, "name", true));
      if (body["file"] !== undefined)
        throw badRequest("bad_request", "Importing images from Cloud Object Storage is not served by the emulator.", {
          name: "file",
          type: "field",
        });
      const volumeId = refId(body, "source_volume");
      if (volumeId === undefined) throw requiredField("source_volume");
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud) => {
        const volume = requireVolume(cloud, volumeId);
        const vm = volume.attachment?.vm;
        const isBoot = vm !== undefined && call.front.state.bootVolumes.get(vm.id) === volume.id;
        if (!vm || !isBoot)
          throw badRequest("bad_request", "The source volume must be the boot volume of an instance.", {
            name: "source_volume.id",
            type: "field",
            value: volumeId,
          });
        const state = cloud.vms.get(vm.id).state;
        if (state !== "stopped")
          throw conflict("invalid_state", `The instance ${vm.id} of the source volume must be stopped, not ${state}.`);
        const image = cloud.myImages.create({ name, vmId: vm.id });
        call.front.state.imageSources.set(image.id, volume.id);
        if (resourceGroup !== undefined) call.front.state.resourceGroups.set(image.id, resourceGroup);
        return privateImageView(call, image);
      });
      return json(201, view);
    },
  },
  {
    method: "DELETE",
    path: path("/images/{}"),
    api: "delete_image",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      if (liveGhost(call, "images", id)) return noContent(202);
      await call.call((cloud) => {
        if (cloud.catalog.listImages({ where: (i) => i.id === id }).items.length > 0)
          throw badRequest("invalid_action_for_public_image", "The action cannot be performed on a public image.");
        const mine = cloud.myImages.list({ where: (i) => i.id === id }).items[0];
        if (!mine) throw notFound("not_found", `Image ${id} not found.`, id);
        if (mine.state !== "available") throw conflict("invalid_state", `Image ${id} is ${mine.state}.`);
        const view = privateImageView(call, mine);
        cloud.myImages.delete(id, { deleteSnapshot: true });
        bury(call, "images", view);
      });
      return noContent(202);
    },
  },
];
