import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, DiskHandler, DiskInfo, DiskStatus, IID } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { invalid, notFound } from "../errors.js";
import { checkLabels } from "../labels.js";
import { checkName, lastSegment } from "../names.js";
import type { GcpSession } from "../session.js";

type Disk = protos.google.cloud.compute.v1.IDisk;

/** The disk type of a disk the request names none for (Google's default for new disks). */
export const defaultDiskType = "pd-balanced";

function statusOf(disk: Disk): DiskStatus {
  switch (disk.status) {
    case "CREATING":
    case "RESTORING":
      return "Creating";
    case "DELETING":
      return "Deleting";
    case "FAILED":
      return "Error";
    case "READY":
      return (disk.users ?? []).length > 0 ? "Attached" : "Available";
    default:
      return "Unknown";
  }
}

export function toDiskInfo(disk: Disk): DiskInfo {
  const owner = disk.users?.[0];
  const labels = { ...disk.labels };
  return {
    iid: { nameId: disk.name ?? "", systemId: disk.name ?? "" },
    zone: lastSegment(disk.zone),
    diskType: lastSegment(disk.type),
    diskSizeGB: Number(disk.sizeGb ?? 0),
    status: statusOf(disk),
    ...(owner ? { ownerVm: { nameId: lastSegment(owner), systemId: lastSegment(owner) } } : {}),
    ...(disk.creationTimestamp ? { createdAt: new Date(disk.creationTimestamp) } : {}),
    ...(Object.keys(labels).length > 0 ? { tags: labels } : {}),
    extra: { nativeState: disk.status ?? "" },
  };
}

/** A VM's boot disk is made from an image: it is the VM's root disk, not a disk of its own. */
const isDataDisk = (disk: Disk) => !disk.sourceImage;

/**
 * Disks are blank zonal persistent disks of the connection's zone (default type pd-balanced).
 * Attach and detach are the instance's `attachDisk` (device name = the disk's name) and
 * `detachDisk`; resizing only grows (Compute Engine refuses to shrink a disk). Every change runs
 * to the end of its Operation.
 */
export function createDiskHandler(session: GcpSession): DiskHandler {
  const { zone } = session.settings;
  const nameOf = (iid: IID) => iid.systemId || iid.nameId;
  const get = async (ctx: CallContext, name: string) => {
    const [disk] = await session.call(ctx, "compute.disks.get", (c, o) =>
      c.disks.get({ project: session.project, zone, disk: name }, o),
    );
    return disk;
  };
  return {
    async create(request, ctx) {
      checkName(request.name);
      const labels = checkLabels(request.tags);
      await session.ready(ctx);
      const type = diskTypeOrDefault(request.diskType) ?? defaultDiskType;
      const diskZone = request.zone ?? zone;
      return ctx.compensate(async (undo) => {
        await session.mutate(
          ctx,
          "compute.disks.insert",
          (c, o, requestId) =>
            c.disks.insert(
              {
                project: session.project,
                zone: diskZone,
                requestId,
                diskResource: {
                  name: request.name,
                  sizeGb: String(request.diskSizeGB ?? 10),
                  type: `zones/${diskZone}/diskTypes/${type}`,
                  ...(Object.keys(labels).length > 0 ? { labels } : {}),
                },
              },
              o,
            ),
          `disk ${request.name} to be made`,
          "disk",
        );
        ctx.created(request.name);
        undo(`delete disk ${request.name}`, (u) =>
          session.mutate(
            u,
            "compute.disks.delete",
            (c, o, requestId) =>
              c.disks.delete({ project: session.project, zone: diskZone, disk: request.name, requestId }, o),
            `disk ${request.name} to be deleted`,
            "disk",
          ),
        );
        return toDiskInfo(await ctx.whenVisible([request.name], () => get(ctx, request.name)));
      });
    },

    async get(disk, ctx) {
      await session.ready(ctx);
      return toDiskInfo(await get(ctx, nameOf(disk)));
    },

    async *list(ctx) {
      await session.ready(ctx);
      yield* session.pages(
        ctx,
        "compute.disks.list",
        (c, o, page) => c.disks.list({ project: session.project, zone, ...page }, o),
        (d: Disk) => (isDataDisk(d) ? toDiskInfo(d) : undefined),
      );
    },

    async delete(disk, ctx) {
      await session.ready(ctx);
      await session.mutate(
        ctx,
        "compute.disks.delete",
        (c, o, requestId) => c.disks.delete({ project: session.project, zone, disk: nameOf(disk), requestId }, o),
        `disk ${nameOf(disk)} to be deleted`,
        "disk",
      );
    },

    async resize(disk, sizeGB, ctx) {
      if (!Number.isInteger(sizeGB) || sizeGB < 1)
        throw invalid("sizeGB", "positive-integer", "must be a whole number of GB");
      await session.ready(ctx);
      await session.mutate(
        ctx,
        "compute.disks.resize",
        (c, o, requestId) =>
          c.disks.resize(
            {
              project: session.project,
              zone,
              disk: nameOf(disk),
              requestId,
              disksResizeRequestResource: { sizeGb: String(sizeGB) },
            },
            o,
          ),
        `disk ${nameOf(disk)} to grow`,
        "disk",
      );
    },

    async attach(disk, vm, ctx) {
      await session.ready(ctx);
      const name = nameOf(disk);
      await session.mutate(
        ctx,
        "compute.instances.attachDisk",
        (c, o, requestId) =>
          c.instances.attachDisk(
            {
              project: session.project,
              zone,
              instance: nameOf(vm),
              requestId,
              attachedDiskResource: {
                source: session.zonePath("disks", name),
                deviceName: name,
                autoDelete: false,
                boot: false,
              },
            },
            o,
          ),
        `disk ${name} to be attached`,
        "disk",
      );
      return toDiskInfo(await get(ctx, name));
    },

    async detach(disk, vm, ctx) {
      await session.ready(ctx);
      const name = nameOf(disk);
      const [instance] = await session.call(ctx, "compute.instances.get", (c, o) =>
        c.instances.get({ project: session.project, zone, instance: nameOf(vm) }, o),
      );
      const attached = (instance.disks ?? []).find((d) => lastSegment(d.source) === name);
      if (!attached?.deviceName) throw notFound("attachment", name, `VM "${vm.nameId}"`);
      const deviceName = attached.deviceName;
      await session.mutate(
        ctx,
        "compute.instances.detachDisk",
        (c, o, requestId) =>
          c.instances.detachDisk({ project: session.project, zone, instance: nameOf(vm), deviceName, requestId }, o),
        `disk ${name} to be detached`,
        "disk",
      );
    },
  };
}
