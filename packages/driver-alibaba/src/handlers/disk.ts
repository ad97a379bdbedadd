import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, DiskHandler, DiskInfo, DiskStatus } from "@cloud-barista/core/driver";
import { badAnswer, invalid } from "../errors.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagParams, tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";

interface AlibabaDisk {
  DiskId?: string;
  DiskName?: string;
  ZoneId?: string;
  Category?: string;
  Size?: number;
  Status?: string;
  InstanceId?: string;
  Type?: string;
  Device?: string;
  CreationTime?: string;
  PerformanceLevel?: string;
  Tags?: { Tag?: AnsweredTag[] };
}

interface DisksAnswer extends RpcAnswer {
  TotalCount?: number;
  NextToken?: string;
  Disks?: { Disk?: AlibabaDisk[] };
}

/** The category of a new data disk when the request names none, and its smallest size. */
export const defaultDiskCategory = "cloud_essd";
export const defaultDiskSizeGB = 20;

// ECS disk states; an attaching disk is not Attached until its attachment is.
const statusByState: Readonly<Record<string, DiskStatus>> = {
  Creating: "Creating",
  Available: "Available",
  Attaching: "Available",
  In_use: "Attached",
  Detaching: "Attached",
  ReIniting: "Attached",
};

export function toDiskInfo(d: AlibabaDisk): DiskInfo {
  const tags = tagsOf(d.Tags);
  const created = d.CreationTime ? new Date(d.CreationTime) : undefined;
  return {
    iid: { nameId: d.DiskName ?? "", systemId: d.DiskId ?? "" },
    ...(d.ZoneId ? { zone: d.ZoneId } : {}),
    diskType: d.Category ?? "",
    diskSizeGB: Number(d.Size ?? 0),
    status: statusByState[d.Status ?? ""] ?? "Unknown",
    ...(d.InstanceId && d.Status !== "Available" ? { ownerVm: { nameId: "", systemId: d.InstanceId } } : {}),
    ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
    ...(tags ? { tags } : {}),
    extra: {
      nativeState: d.Status ?? "",
      ...(d.Type ? { type: d.Type } : {}),
      ...(d.Device ? { device: d.Device } : {}),
      ...(d.PerformanceLevel ? { performanceLevel: d.PerformanceLevel } : {}),
    },
  };
}

/**
 * ECS data disks (DiskType "data": system disks belong to their instance): created pay-as-you-go
 * in a zone with a ClientToken, attached with AttachDisk, grown online with ResizeDisk.
 */
export function createDiskHandler(session: AlibabaSession): DiskHandler {
  const read = async (ctx: CallContext, id: string): Promise<AlibabaDisk> => {
    return session.one<DisksAnswer, AlibabaDisk>(
      ctx,
      "DescribeDisks",
      { DiskIds: JSON.stringify([id]) },
      (a) => a.Disks?.Disk?.find((d) => d.DiskId === id),
      { type: "disk", id },
    );
  };
  return {
    async create(request, ctx) {
      const zone = request.zone ?? session.settings.zone;
      if (!zone) throw invalid("zone", "required", "an Alibaba disk needs a zone (or a connection zone)");
      const category = diskTypeOrDefault(request.diskType) ?? defaultDiskCategory;
      const size = request.diskSizeGB ?? defaultDiskSizeGB;
      const made = await session.create<RpcAnswer & { DiskId?: string }>(ctx, "CreateDisk", {
        ZoneId: zone,
        DiskName: request.name,
        DiskCategory: category,
        Size: size,
        ...tagParams(request.tags),
      });
      if (!made.DiskId) throw badAnswer("CreateDisk: no DiskId in the answer");
      ctx.created(made.DiskId);
      return {
        iid: { nameId: request.name, systemId: made.DiskId },
        zone,
        diskType: category,
        diskSizeGB: size,
        status: "Creating",
        ...(request.tags ? { tags: request.tags } : {}),
      };
    },
    get: async (disk, ctx) => toDiskInfo(await read(ctx, disk.systemId)),
    list: (ctx) =>
      (async function* () {
        const pages = session.tokenPages<DisksAnswer, AlibabaDisk>(
          ctx,
          "DescribeDisks",
          { DiskType: "data" },
          (a) => a.Disks?.Disk,
        );
        for await (const d of pages) if (d.DiskId) yield toDiskInfo(d);
      })(),
    async delete(disk, ctx) {
      await session.call(ctx, "DeleteDisk", { DiskId: disk.systemId });
    },
    async resize(disk, sizeGB, ctx) {
      await session.create(ctx, "ResizeDisk", { DiskId: disk.systemId, NewSize: sizeGB, Type: "online" });
    },
    async attach(disk, vm, ctx) {
      await session.call(ctx, "AttachDisk", { DiskId: disk.systemId, InstanceId: vm.systemId });
      return toDiskInfo(await read(ctx, disk.systemId));
    },
    async detach(disk, vm, ctx) {
      await session.call(ctx, "DetachDisk", { DiskId: disk.systemId, InstanceId: vm.systemId });
    },
  };
}
