import type { AccountRegion } from "../../world/account-region.js";
import type { Disk } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import { crnOf, derivedId, iso, nameOr, resourceGroupRef, zoneRef } from "./context.js";
import {
  IbmError,
  badRequest,
  booleanOf,
  checkName,
  conflict,
  json,
  noContent,
  notFound,
  numberOf,
  objectOf,
  refId,
  requiredField,
  stringOf,
} from "./http.js";
import type { Json } from "./http.js";
import { page } from "./paging.js";
import { requireInstance } from "./instance-refs.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";

/** The world disk of a volume id, or IBM's 404. */
export function requireVolume(cloud: AccountRegion, id: string): Disk {
  const disk = cloud.disks.list({ where: (d) => d.id === id }).items[0];
  if (!disk) throw notFound("volume_not_found", "A volume with the specified ID is not found.", id);
  return disk;
}

const statusOf = (disk: Disk): string => {
  switch (disk.state) {
    case "creating":
      return "pending";
    case "extending":
    case "attaching":
    case "detaching":
      return "updating";
    case "deleting":
      return "pending_deletion";
    case "error":
    case "error-extending":
      return "failed";
    default:
      return "available";
  }
};

/** Whether a profile's capacity may grow while unattached (IBM's sdp; tiered ones only attached). */
export const adjustableUnattached = (profile: string): boolean => profile === "sdp";

/** Tiered profiles' IOPS per GB (general-purpose 3, 5iops-tier 5, 10iops-tier 10), capped as IBM caps them. */
function iopsOf(disk: Disk): number {
  const perGB = disk.type === "10iops-tier" ? 10 : disk.type === "5iops-tier" ? 5 : 3;
  return disk.iops ?? Math.max(3000, Math.min(48000, disk.sizeGB * perGB));
}

export function attachmentId(call: VpcCall, vmId: string, volumeId: string): string {
  return derivedId(call.region, "volume-attachment", vmId, volumeId);
}

export function attachmentView(call: VpcCall, disk: Disk, isBoot: boolean): Json {
  const vm = disk.attachment?.vm;
  if (!vm) return {};
  const id = attachmentId(call, vm.id, disk.id);
  return {
    id,
    href: `${call.base}/instances/${vm.id}/volume_attachments/${id}`,
    name: `${isBoot ? "boot" : "data"}-${id.slice(-8)}`,
    type: isBoot ? "boot" : "data",
    status: disk.state === "attaching" ? "attaching" : disk.state === "detaching" ? "detaching" : "attached",
    delete_volume_on_instance_delete: disk.attachment?.deleteOnTermination === true,
    device: { id: `${id}-${disk.attachment?.device.replace(/^\/dev\//, "") ?? ""}` },
    bandwidth: 1000,
    created_at: iso(disk.createdAt),
    instance: {
      id: vm.id,
      crn: crnOf(call.account, disk.zone, "instance", vm.id),
      href: `${call.base}/instances/${vm.id}`,
      name: vm.name,
    },
    volume: {
      id: disk.id,
      crn: crnOf(call.account, disk.zone, "volume", disk.id),
      href: `${call.base}/volumes/${disk.id}`,
      name: disk.name,
    },
  };
}

export function volumeView(call: VpcCall, disk: Disk): Json {
  const vmId = disk.attachment?.vm.id;
  const isBoot = vmId !== undefined && call.front.state.bootVolumes.get(vmId) === disk.id;
  const attachment = attachmentView(call, disk, isBoot);
  return {
    id: disk.id,
    crn: crnOf(call.account, disk.zone, "volume", disk.id),
    href: `${call.base}/volumes/${disk.id}`,
    name: disk.name,
    capacity: disk.sizeGB,
    iops: iopsOf(disk),
    bandwidth: 393,
    profile: { name: disk.type, href: `${call.base}/volume/profiles/${disk.type}` },
    status: statusOf(disk),
    status_reasons: [],
    attachment_state: disk.attachment ? "attached" : "unattached",
    busy: disk.state === "extending",
    active: disk.attachment !== undefined && disk.state !== "detaching",
    encryption: "provider_managed",
    health_state: disk.state === "error" ? "faulted" : "ok",
    zone: zoneRef(call, disk.zone),
    created_at: iso(disk.createdAt),
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(disk.id)),
    resource_type: "volume",
    user_tags: Object.entries(disk.tags).map(([k, v]) => (v === "" ? k : `${k}:${v}`)),
    volume_attachments: disk.attachment ? [attachment] : [],
    ...(disk.sourceImageId === undefined
      ? {}
      : { source_image: { id: disk.sourceImageId, href: `${call.base}/images/${disk.sourceImageId}` } }),
  };
}

export const volumeRoutes: Route[] = [
  {
    method: "GET",
    path: path("/volumes"),
    api: "list_volumes",
    handle: async (call) => {
      const name = call.query.get("name");
      const zone = call.query.get("zone.name");
      const views = await call.call((cloud) =>
        cloud.disks
          .list({ where: (d) => (name === null || d.name === name) && (zone === null || d.zone === zone) })
          .items.map((d) => volumeView(call, d)),
      );
      return json(200, page(call.url, "volumes", views, call.front.settings.maxPageSize));
    },
  },
  {
    method: "GET",
    path: path("/volumes/{}"),
    api: "get_volume",
    handle: async (call) =>
      json(200, await call.call((cloud) => volumeView(call, requireVolume(cloud, call.params[0] ?? "")))),
  },
  {
    method: "POST",
    path: path("/volumes"),
    api: "create_volume",
    handle: async (call) => {
      const body = call.body();
      const profile = objectOf(body, "profile", true);
      const type = stringOf(profile, "name", true);
      const zone = stringOf(objectOf(body, "zone", true), "name", true);
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "volume");
      const capacity = numberOf(body, "capacity");
      if (body["source_snapshot"] !== undefined)
        throw badRequest("bad_request", "Volumes from snapshots are not served by the emulator.", {
          name: "source_snapshot",
          type: "field",
        });
      if (capacity === undefined) throw requiredField("capacity");
      const iops = numberOf(body, "iops");
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud, gate) => {
        const types = cloud.catalog.diskTypes();
        const def = types.find((t) => t.name === type);
        if (!def)
          throw notFound("volume_profile_not_found", "A volume profile with the specified name is not found.", type);
        if (iops !== undefined && def.name !== "sdp")
          throw badRequest(
            "volume_profile_iops_invalid",
            "The volume profile specified in the request cannot accept custom IOPS.",
          );
        if (!call.region.zones.some((z) => z.name === zone))
          throw badRequest("bad_request", `Zone ${zone} is not a zone of ${call.region.name}.`, {
            name: "zone.name",
            type: "field",
            value: zone,
          });
        if (capacity < def.minGB || capacity > def.maxGB)
          throw badRequest(
            "volume_profile_capacity_iops_invalid",
            `The volume profile specified in the request is not valid for the provided capacity: ${def.name} takes ${def.minGB} to ${def.maxGB} GB.`,
            { name: "capacity", type: "field", value: String(capacity) },
          );
        const disk = cloud.disks.create({ name, zone, type, sizeGB: capacity, iops }, gate);
        if (resourceGroup !== undefined) call.front.state.resourceGroups.set(disk.id, resourceGroup);
        return volumeView(call, disk);
      });
      return json(201, view);
    },
  },
  {
    method: "PATCH",
    path: path("/volumes/{}"),
    api: "update_volume",
    handle: async (call) => {
      const body = call.body();
      const id = call.params[0] ?? "";
      const capacity = numberOf(body, "capacity");
      const name = stringOf(body, "name");
      if (name !== undefined) checkName(name);
      const view = await call.call((cloud, gate) => {
        const disk = requireVolume(cloud, id);
        if (name !== undefined && name !== disk.name)
          throw badRequest("bad_request", "Renaming volumes is not served by the emulator.", {
            name: "name",
            type: "field",
          });
        if (capacity !== undefined && capacity !== disk.sizeGB) {
          if (capacity < disk.sizeGB)
            throw badRequest("volume_capacity_invalid", `The volume capacity can only grow (now ${disk.sizeGB} GB).`, {
              name: "capacity",
              type: "field",
              value: String(capacity),
            });
          // Tiered volumes grow only while attached to a running instance; sdp ones also unattached
          // (the profiles' adjustable_capacity_states).
          const vm = disk.attachment ? cloud.vms.get(disk.attachment.vm.id) : undefined;
          const attachedRunning = vm?.state === "running" && disk.state === "in-use";
          const unattached = !disk.attachment && disk.state === "available";
          if (!attachedRunning && !(unattached && adjustableUnattached(disk.type)))
            throw conflict(
              "volume_not_available",
              adjustableUnattached(disk.type)
                ? `The Volume is not available. Current volume ${id} status is ${statusOf(disk)}.`
                : `Volume ${id} must be attached to a running instance to be expanded.`,
            );
          return volumeView(call, cloud.disks.extend(id, capacity, gate));
        }
        return volumeView(call, disk);
      });
      return json(200, view);
    },
  },
  {
    method: "DELETE",
    path: path("/volumes/{}"),
    api: "delete_volume",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      await call.call((cloud) => {
        const disk = requireVolume(cloud, id);
        if (disk.attachment) throw conflict("volume_still_attached", "The volume is still attached to an instance.");
        if (disk.state === "deleting") return;
        if (disk.state !== "available" && disk.state !== "error")
          throw conflict("volume_not_deletable", `Delete failed: volume ${id} is ${statusOf(disk)}.`);
        cloud.disks.beginDelete(id);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/instances/{}/volume_attachments"),
    api: "list_instance_volume_attachments",
    handle: async (call) => {
      const vmId = call.params[0] ?? "";
      const views = await call.call((cloud) => {
        requireInstance(cloud, vmId);
        return cloud.disks
          .list({ where: (d) => d.attachment?.vm.id === vmId })
          .items.map((d) => attachmentView(call, d, call.front.state.bootVolumes.get(vmId) === d.id));
      });
      return json(200, { volume_attachments: views });
    },
  },
  {
    method: "POST",
    path: path("/instances/{}/volume_attachments"),
    api: "create_instance_volume_attachment",
    handle: async (call) => {
      const vmId = call.params[0] ?? "";
      const body = call.body();
      const volumeId = refId(body, "volume", true);
      const deleteWith = booleanOf(body, "delete_volume_on_instance_delete") ?? false;
      const view = await call.call((cloud) => {
        requireInstance(cloud, vmId);
        const disk = requireVolume(cloud, volumeId);
        if (disk.attachment) throw conflict("volume_action_invalid_request", `Volume ${volumeId} is already attached.`);
        const vm = cloud.vms.get(vmId);
        if (vm.state !== "running" && vm.state !== "stopped")
          throw conflict(
            "volume_action_invalid_request",
            "The volume cannot be attached or detached from the instance in its current status.",
          );
        if (vm.zone !== disk.zone)
          throw badRequest("zone_inconsistency", "The resources must belong to the same zone.");
        const attached = cloud.disks.attach(volumeId, vmId);
        if (deleteWith) call.front.state.deleteWithInstance.add(volumeId);
        return attachmentView(call, attached, false);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/instances/{}/volume_attachments/{}"),
    api: "get_instance_volume_attachment",
    handle: async (call) => {
      const [vmId = "", attId = ""] = call.params;
      const view = await call.call((cloud) => {
        requireInstance(cloud, vmId);
        const disk = cloud.disks.list({
          where: (d) => d.attachment?.vm.id === vmId && attachmentId(call, vmId, d.id) === attId,
        }).items[0];
        if (!disk) throw notFound("not_found", `Volume attachment ${attId} not found.`, attId);
        return attachmentView(call, disk, call.front.state.bootVolumes.get(vmId) === disk.id);
      });
      return json(200, view);
    },
  },
  {
    method: "DELETE",
    path: path("/instances/{}/volume_attachments/{}"),
    api: "delete_instance_volume_attachment",
    handle: async (call) => {
      const [vmId = "", attId = ""] = call.params;
      await call.call((cloud) => {
        requireInstance(cloud, vmId);
        const disk = cloud.disks.list({
          where: (d) => d.attachment?.vm.id === vmId && attachmentId(call, vmId, d.id) === attId,
        }).items[0];
        if (!disk) throw notFound("not_found", `Volume attachment ${attId} not found.`, attId);
        if (call.front.state.bootVolumes.get(vmId) === disk.id)
          throw badRequest(
            "volume_attachment_delete_invalid_request",
            "The boot volume's volume attachment cannot be deleted.",
          );
        const vm = cloud.vms.get(vmId);
        if (vm.state !== "running" && vm.state !== "stopped")
          throw new IbmError(
            409,
            "volume_action_invalid_request",
            "The volume cannot be attached or detached from the instance in its current status.",
          );
        cloud.disks.detach(disk.id, vmId);
        call.front.state.deleteWithInstance.delete(disk.id);
      });
      return noContent(202);
    },
  },
];
