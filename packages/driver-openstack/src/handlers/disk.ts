import type { CallContext, DiskHandler, DiskInfo, DiskStatus } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import type { CinderVolume } from "./native-types.js";

/** Cinder volume statuses and the portable status each one means. */
const diskStatusByVolumeStatus: Readonly<Record<string, DiskStatus>> = {
  creating: "Creating",
  downloading: "Creating",
  "restoring-backup": "Creating",
  available: "Available",
  reserved: "Available",
  attaching: "Available",
  extending: "Available",
  maintenance: "Available",
  "awaiting-transfer": "Available",
  "backing-up": "Available",
  retyping: "Available",
  "in-use": "Attached",
  detaching: "Attached",
  uploading: "Attached",
  deleting: "Deleting",
  error: "Error",
  error_deleting: "Error",
  error_extending: "Error",
  error_restoring: "Error",
  "error_backing-up": "Error",
  error_managing: "Error",
};

/** The portable status of a volume status; one the driver does not know is Unknown, not an error. */
export const diskStatusOf = (status: string): DiskStatus => diskStatusByVolumeStatus[status] ?? "Unknown";

/** Size of a new volume when the request names none. */
const defaultSizeGB = 10;

function toDiskInfo(volume: CinderVolume): DiskInfo {
  const owner = volume.attachments?.[0];
  return {
    iid: { nameId: volume.name ?? "", systemId: volume.id },
    ...(volume.availability_zone ? { zone: volume.availability_zone } : {}),
    diskType: volume.volume_type ?? "",
    diskSizeGB: volume.size,
    status: diskStatusOf(volume.status),
    ...(owner ? { ownerVm: { nameId: owner.server_id, systemId: owner.server_id } } : {}),
    ...(volume.created_at ? { createdAt: new Date(`${volume.created_at.replace(/Z$/, "")}Z`) } : {}),
    tags: { ...(volume.metadata ?? {}) },
    extra: { nativeStatus: volume.status, ...(owner?.device ? { device: owner.device } : {}) },
  };
}

/**
 * Cinder volumes; tags are volume metadata. Attaching and detaching go through Nova's
 * os-volume_attachments, resizing is Cinder's os-extend (on a detached volume).
 */
export function createDiskHandler(session: OpenStackSession): DiskHandler {
  const show = async (ctx: CallContext, id: string) =>
    toDiskInfo(await session.call<CinderVolume>(ctx, "cinder:ShowVolume", { id }));
  return {
    async create(request, ctx) {
      const volume = await session.call<CinderVolume>(
        ctx,
        "cinder:CreateVolume",
        {},
        {
          name: request.name,
          size: request.diskSizeGB ?? defaultSizeGB,
          ...(request.diskType ? { volume_type: request.diskType } : {}),
          ...(request.zone ? { availability_zone: request.zone } : {}),
          ...(request.tags ? { metadata: request.tags } : {}),
        },
      );
      return toDiskInfo(volume);
    },

    get: (disk, ctx) => show(ctx, disk.systemId),

    list: (ctx) => session.list<CinderVolume, DiskInfo>(ctx, "cinder:ListVolumesDetailed", {}, toDiskInfo),

    // Cinder deletes in the background ("deleting"): done when the volume is gone.
    async delete(disk, ctx) {
      await session.call(ctx, "cinder:DeleteVolume", { id: disk.systemId });
      await ctx.waitUntil({
        description: `volume ${disk.systemId} to be deleted`,
        deadline: "disk",
        read: async () => (await session.call<CinderVolume>(ctx, "cinder:ShowVolume", { id: disk.systemId })).status,
        whenNotFound: "deleted",
        accept: (status) => (status === "deleted" ? "success" : status.startsWith("error") ? "failure" : "retry"),
      });
    },

    // Cinder extends in the background ("extending"): done when the volume shows the new size
    // and is usable again.
    async resize(disk, sizeGB, ctx) {
      await session.call(ctx, "cinder:ExtendVolume", { id: disk.systemId }, { "os-extend": { new_size: sizeGB } });
      await ctx.waitUntil({
        description: `volume ${disk.systemId} to be extended to ${sizeGB} GB`,
        deadline: "disk",
        read: () => session.call<CinderVolume>(ctx, "cinder:ShowVolume", { id: disk.systemId }),
        accept: (v) =>
          v.status.startsWith("error")
            ? "failure"
            : v.size >= sizeGB && (v.status === "available" || v.status === "in-use")
              ? "success"
              : "retry",
        describeFailure: (v) => `the volume went ${v.status}`,
      });
    },

    async attach(disk, vm, ctx) {
      await session.call(ctx, "nova:AttachVolume", { id: vm.systemId }, { volumeId: disk.systemId });
      return show(ctx, disk.systemId);
    },

    async detach(disk, vm, ctx) {
      await session.call(ctx, "nova:DetachVolume", { id: vm.systemId, volume: disk.systemId });
    },
  };
}
