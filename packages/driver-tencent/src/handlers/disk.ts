import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, DiskHandler, DiskInfo, DiskStatus } from "@cloud-barista/core/driver";
import type {
  CreateDisksResponse,
  DescribeDisksResponse,
  Disk,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models.js";
import { badAnswer, invalid } from "../errors.js";
import { filters } from "../session.js";
import type { TencentSession } from "../session.js";
import { tagList, tagsOf } from "../tags.js";
import { whenNotBusy } from "./when-not-busy.js";

/** The type of a new data disk when the request names none, and its size (every type's minimum fits). */
export const defaultDiskType = "CLOUD_PREMIUM";
export const defaultDiskSizeGB = 20;

/** DescribeDisks pages by at most 100. */
const diskPageSizeMax = 100;

// CBS disk states; an attaching disk is not Attached until its attachment is.
const statusByState: Readonly<Record<string, DiskStatus>> = {
  UNATTACHED: "Available",
  ATTACHING: "Available",
  ATTACHED: "Attached",
  DETACHING: "Attached",
  TERMINATING: "Deleting",
};

export function toDiskInfo(d: Disk): DiskInfo {
  const tags = tagsOf(d.Tags);
  const created = d.CreateTime
    ? new Date(d.CreateTime.replace(" ", "T") + (/Z|[+-]\d\d:?\d\d$/.test(d.CreateTime) ? "" : "Z"))
    : undefined;
  const state = d.DiskState ?? "";
  // Expanding or rolling back: the disk stays where it was.
  const status = statusByState[state] ?? (state ? (d.Attached ? "Attached" : "Available") : "Unknown");
  return {
    iid: { nameId: d.DiskName ?? "", systemId: d.DiskId ?? "" },
    ...(d.Placement?.Zone ? { zone: d.Placement.Zone } : {}),
    diskType: d.DiskType ?? "",
    diskSizeGB: Number(d.DiskSize ?? 0),
    status,
    ...(d.InstanceId && status === "Attached" ? { ownerVm: { nameId: "", systemId: d.InstanceId } } : {}),
    ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
    ...(tags ? { tags } : {}),
    extra: { nativeState: state, ...(d.DiskUsage ? { usage: d.DiskUsage } : {}) },
  };
}

/**
 * CBS data disks (DiskUsage DATA_DISK: system disks belong to their instance): created
 * pay-as-you-go in a zone with a ClientToken, attached with AttachDisks, grown with ResizeDisk.
 * A disk Tencent says is busy (ResourceBusy: still being made, or another change running) is
 * waited on through the runtime's waiter before the change is asked again.
 */
export function createDiskHandler(session: TencentSession): DiskHandler {
  const read = (ctx: CallContext, id: string) =>
    session.one<DescribeDisksResponse, Disk>(
      ctx,
      "DescribeDisks",
      { DiskIds: [id] },
      (a) => a.DiskSet?.find((d) => d.DiskId === id),
      { type: "disk", id },
    );
  return {
    async create(request, ctx) {
      const zone = request.zone ?? session.settings.zone;
      if (!zone) throw invalid("zone", "required", "a Tencent disk needs a zone (or a connection zone)");
      const type = diskTypeOrDefault(request.diskType) ?? defaultDiskType;
      const size = request.diskSizeGB ?? defaultDiskSizeGB;
      const made = await session.create<CreateDisksResponse>(ctx, "CreateDisks", {
        Placement: { Zone: zone, ProjectId: session.settings.projectId },
        DiskChargeType: "POSTPAID_BY_HOUR",
        DiskType: type,
        DiskSize: size,
        DiskName: request.name,
        DiskCount: 1,
        Tags: tagList(request.tags),
      });
      const id = made.DiskIdSet?.[0];
      if (!id) throw badAnswer("CreateDisks: no DiskId in the answer");
      ctx.created(id);
      return {
        iid: { nameId: request.name, systemId: id },
        zone,
        diskType: type,
        diskSizeGB: size,
        status: "Creating",
        ...(request.tags ? { tags: request.tags } : {}),
      };
    },
    get: async (disk, ctx) => toDiskInfo(await read(ctx, disk.systemId)),
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<DescribeDisksResponse, Disk>(
          ctx,
          "DescribeDisks",
          { Filters: filters({ "disk-usage": "DATA_DISK" }) },
          (a) => a.DiskSet,
          { pageSize: Math.min(session.settings.pageSize, diskPageSizeMax) },
        );
        for await (const d of pages) if (d.DiskId) yield toDiskInfo(d);
      })(),
    async delete(disk, ctx) {
      await session.call(ctx, "TerminateDisks", { DiskIds: [disk.systemId] });
    },
    async resize(disk, sizeGB, ctx) {
      await whenNotBusy(ctx, `disk ${disk.systemId} to take a resize`, "disk", () =>
        session.call(ctx, "ResizeDisk", { DiskId: disk.systemId, DiskSize: sizeGB }),
      );
      // ResizeDisk only starts the expansion: the disk is EXPANDING, at its old size, until it is done.
      await ctx.waitUntil<Disk>({
        description: `disk ${disk.systemId} to grow to ${sizeGB} GB`,
        deadline: "disk",
        read: () => read(ctx, disk.systemId),
        accept: (d) =>
          d.DiskState === "EXPANDING" ? "retry" : Number(d.DiskSize ?? 0) >= sizeGB ? "success" : "failure",
        describeFailure: (d) => `the disk stayed at ${String(d.DiskSize)} GB (${d.DiskState ?? "no state"})`,
      });
    },
    async attach(disk, vm, ctx) {
      await whenNotBusy(ctx, `disk ${disk.systemId} to take an attachment`, "disk", () =>
        session.call(ctx, "AttachDisks", { DiskIds: [disk.systemId], InstanceId: vm.systemId }),
      );
      return toDiskInfo(await read(ctx, disk.systemId));
    },
    async detach(disk, vm, ctx) {
      await whenNotBusy(ctx, `disk ${disk.systemId} to detach`, "disk", () =>
        session.call(ctx, "DetachDisks", { DiskIds: [disk.systemId], InstanceId: vm.systemId }),
      );
    },
  };
}
