import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, DiskHandler, DiskInfo, DiskStatus, IID } from "@cloud-barista/core/driver";
import { badAnswer, invalid, notFound } from "../errors.js";
import { awaitGone } from "../lifecycle.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import type { IbmVolume } from "./native-types.js";

/** The volume profile and size when the request names none. */
export const defaultVolumeProfile = "general-purpose";
export const defaultVolumeGB = 100;

// Volume `status` values; an attached available volume is Attached.
const statuses: Readonly<Record<string, DiskStatus>> = {
  pending: "Creating",
  available: "Available",
  updating: "Available",
  pending_deletion: "Deleting",
  deleting: "Deleting",
  failed: "Error",
  unusable: "Error",
};

/** A volume in the portable model; the VM it is attached to is its first data attachment's instance. */
export function toDiskInfo(v: IbmVolume): DiskInfo {
  const attachment = (v.volume_attachments ?? []).find((a) => a.instance?.id);
  const state = v.status !== undefined && Object.hasOwn(statuses, v.status) ? statuses[v.status] : undefined;
  // While a volume is `updating` its attachment says which way it is going: attaching is not yet
  // attached, detaching is still attached.
  const moving = v.status === "updating" ? attachment?.status : undefined;
  const status: DiskStatus =
    moving === "attaching"
      ? "Available"
      : moving === "detaching"
        ? "Attached"
        : state === "Available" && attachment
          ? "Attached"
          : (state ?? "Unknown");
  const created = v.created_at ? new Date(v.created_at) : undefined;
  return {
    iid: { nameId: v.name ?? "", systemId: v.id ?? "" },
    ...(v.zone?.name ? { zone: v.zone.name } : {}),
    diskType: v.profile?.name ?? "",
    diskSizeGB: v.capacity ?? 0,
    status,
    ...(attachment?.instance
      ? { ownerVm: { nameId: attachment.instance.name ?? "", systemId: attachment.instance.id ?? "" } }
      : {}),
    ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
    extra: { nativeState: v.status ?? "" },
  };
}

/**
 * Block storage volumes: create in a zone with a profile (general-purpose, 5iops-tier,
 * 10iops-tier, custom with IOPS, sdp), attach and detach through the instance's volume
 * attachments, grow-only resize (`update_volume` capacity), and deletes awaited until gone.
 */
export function createDiskHandler(session: IbmSession): DiskHandler {
  const read = (ctx: CallContext, disk: IID) => session.call<IbmVolume>(ctx, "get_volume", { id: disk.systemId });

  return {
    async create(request, ctx) {
      const zone = request.zone ?? session.settings.zone;
      if (!zone) throw invalid("zone", "required", "an IBM volume needs a zone (or a connection zone)");
      const profile = diskTypeOrDefault(request.diskType) ?? defaultVolumeProfile;
      const made = await session.call<IbmVolume>(
        ctx,
        "create_volume",
        {},
        {
          name: request.name,
          profile: { name: profile },
          capacity: request.diskSizeGB ?? defaultVolumeGB,
          zone: { name: zone },
          ...(request.diskIops !== undefined && (profile === "custom" || profile === "sdp")
            ? { iops: request.diskIops }
            : {}),
          ...session.resourceGroup(),
        },
      );
      if (!made.id) throw badAnswer("create_volume: no id in the answer");
      ctx.created(made.id);
      if (made.crn) session.crns.set(made.id, made.crn);
      const id = made.id;
      await tagCreated(session, ctx, made, request.tags, (u) => session.call(u, "delete_volume", { id }));
      return toDiskInfo(made);
    },
    get: async (disk, ctx) => toDiskInfo(await read(ctx, disk)),
    list: (ctx) => session.list<IbmVolume, DiskInfo>(ctx, "list_volumes", "volumes", {}, toDiskInfo),
    async delete(disk, ctx) {
      await session.call(ctx, "delete_volume", { id: disk.systemId });
      await awaitGone(ctx, `volume ${disk.systemId}`, "disk", async () => (await read(ctx, disk)).status);
      session.crns.forget(disk.systemId);
    },
    async resize(disk, sizeGB, ctx) {
      // IBM refuses a capacity that does not grow the volume (400, InvalidArgument).
      await session.call(ctx, "update_volume", { id: disk.systemId }, { capacity: sizeGB });
      // The volume is `updating` until it has grown: the resize ends when it has.
      await ctx.waitUntil({
        description: `volume ${disk.systemId} to grow to ${sizeGB} GB`,
        deadline: "disk",
        read: () => read(ctx, disk),
        accept: (v) =>
          v.status === "failed"
            ? "failure"
            : (v.capacity ?? 0) >= sizeGB && v.status !== "updating"
              ? "success"
              : "retry",
        describeFailure: (v) => `status ${v.status ?? "?"}`,
      });
    },
    async attach(disk, vm, ctx) {
      await session.call(
        ctx,
        "create_instance_volume_attachment",
        { instance_id: vm.systemId },
        {
          volume: { id: disk.systemId },
          delete_volume_on_instance_delete: false,
        },
      );
      return toDiskInfo(await read(ctx, disk));
    },
    async detach(disk, vm, ctx) {
      const volume = await read(ctx, disk);
      const attachment = (volume.volume_attachments ?? []).find((a) => a.instance?.id === vm.systemId);
      if (!attachment?.id) throw notFound("volume attachment", `${disk.systemId} on ${vm.systemId}`);
      await session.call(ctx, "delete_instance_volume_attachment", { instance_id: vm.systemId, id: attachment.id });
    },
  };
}
