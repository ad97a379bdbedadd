import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { DiskHandler, DiskInfo, DiskStatus } from "@cloud-barista/core/driver";
import type { Disk, DiskState } from "@cloud-barista/emulator";
import { idOf, iidOf } from "../session.js";
import type { MockSession } from "../session.js";

// Transitions report the state they leave until they complete, so waits for Attached or Available
// see the end of an attach or a detach.
const diskStatus: Readonly<Record<DiskState, DiskStatus>> = {
  creating: "Creating",
  available: "Available",
  attaching: "Available",
  "in-use": "Attached",
  detaching: "Attached",
  extending: "Available",
  deleting: "Deleting",
  error: "Error",
  "error-extending": "Error",
};

export function createDiskHandler(session: MockSession): DiskHandler {
  return {
    async create(request, ctx) {
      const disk = await session.call(ctx, "CreateVolume", (cloud) =>
        cloud.disks.create({
          name: request.name,
          zone: request.zone ?? session.zone,
          type: diskTypeOrDefault(request.diskType),
          sizeGB: request.diskSizeGB,
          tags: request.tags,
        }),
      );
      return toDiskInfo(disk);
    },

    async get(disk, ctx) {
      return toDiskInfo(await session.call(ctx, "DescribeVolumes", (cloud) => cloud.disks.get(idOf(disk))));
    },

    list: (ctx) => session.list(ctx, "DescribeVolumes", (cloud, page) => cloud.disks.list(page), toDiskInfo),

    async delete(disk, ctx) {
      await session.call(ctx, "DeleteVolume", (cloud) => cloud.disks.delete(idOf(disk)));
    },

    async resize(disk, sizeGB, ctx) {
      await session.call(ctx, "ModifyVolume", (cloud) => cloud.disks.resize(idOf(disk), sizeGB));
    },

    async attach(disk, vm, ctx) {
      return toDiskInfo(await session.call(ctx, "AttachVolume", (cloud) => cloud.disks.attach(idOf(disk), idOf(vm))));
    },

    async detach(disk, vm, ctx) {
      await session.call(ctx, "DetachVolume", (cloud) => cloud.disks.detach(idOf(disk), idOf(vm)));
    },
  };
}

function toDiskInfo(disk: Disk): DiskInfo {
  return {
    iid: { nameId: disk.name, systemId: disk.id },
    zone: disk.zone,
    diskType: disk.type,
    diskSizeGB: disk.sizeGB,
    status: disk.state === "extending" && disk.attachment ? "Attached" : diskStatus[disk.state],
    ...(disk.attachment ? { ownerVm: iidOf(disk.attachment.vm), extra: { device: disk.attachment.device } } : {}),
    createdAt: new Date(disk.createdAt),
    tags: disk.tags,
  };
}
