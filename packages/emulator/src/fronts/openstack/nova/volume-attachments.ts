import type { Disk } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { atLeast } from "./microversion.js";
import { requireServer } from "./servers.js";

function attachmentView(call: ServiceCall, disk: Disk, serverId: string): Record<string, unknown> {
  return {
    device: disk.attachment?.device ?? null,
    id: disk.id,
    serverId,
    volumeId: disk.id,
    ...(atLeast(call.microversion, 2, 79)
      ? { delete_on_termination: disk.attachment?.deleteOnTermination === true }
      : {}),
  };
}

/** Volume attachments: Cinder volumes attached to a server through Nova. */
export const volumeAttachmentRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/servers\/([^/]+)\/os-volume_attachments$/,
    api: "nova:ListVolumeAttachments",
    handle: (call) =>
      call.call((cloud) => {
        const vm = requireServer(cloud, call.params[0] ?? "");
        const disks = cloud.disks.list({ where: (d) => d.attachment?.vm.id === vm.id }).items;
        return json(200, { volumeAttachments: disks.map((d) => attachmentView(call, d, vm.id)) });
      }),
  },
  {
    method: "POST",
    path: /^\/servers\/([^/]+)\/os-volume_attachments$/,
    api: "nova:AttachVolume",
    handle: (call) => {
      const args = objectField(readJson(call.request), "volumeAttachment");
      const volumeId = stringField(args, "volumeId", true);
      const device = stringField(args, "device");
      return call.call((cloud) => {
        const vm = requireServer(cloud, call.params[0] ?? "");
        const disk = cloud.disks.attach(volumeId, vm.id, device);
        return json(200, { volumeAttachment: attachmentView(call, disk, vm.id) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/servers\/([^/]+)\/os-volume_attachments\/([^/]+)$/,
    api: "nova:DetachVolume",
    handle: (call) =>
      call.call((cloud) => {
        const vm = requireServer(cloud, call.params[0] ?? "");
        const volumeId = call.params[1] ?? "";
        const disk = cloud.disks.list({ where: (d) => d.id === volumeId }).items[0];
        if (disk?.attachment?.vm.id !== vm.id)
          throw new FrontError(404, `Volume ${volumeId} is not attached to instance ${vm.id}.`);
        if (vm.rootVolume?.id === volumeId) throw badRequest("Cannot detach a root device volume");
        cloud.disks.detach(volumeId, vm.id);
        return noContent(202);
      }),
  },
];
