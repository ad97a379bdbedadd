import type { CallContext, DiskHandler, DiskInfo, DiskStatus } from "@cloud-barista/core";
import {
  AttachVolumeCommand,
  CreateVolumeCommand,
  DeleteVolumeCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeVolumesCommand,
  DetachVolumeCommand,
  ModifyVolumeCommand,
} from "@aws-sdk/client-ec2";
import type { Volume, VolumeType } from "@aws-sdk/client-ec2";
import { BaristaError } from "@cloud-barista/core";
import { awsNotFound } from "../not-found.js";
import type { AwsSession } from "../session.js";
import { nameOf, tagSpecifications, userTagsOf } from "../tags.js";

const statusByState: Readonly<Record<string, DiskStatus>> = {
  creating: "Creating",
  available: "Available",
  "in-use": "Attached",
  deleting: "Deleting",
  deleted: "Deleting",
  error: "Error",
};

/** Size of a new volume when the request gives none: the smallest sensible size per type. */
const defaultSizeGB: Readonly<Record<string, number>> = {
  gp3: 8,
  gp2: 8,
  io1: 4,
  io2: 4,
  st1: 125,
  sc1: 125,
  standard: 8,
};

/** Devices AWS recommends for EBS data volumes on Linux instances. */
const dataDevices = "fghijklmnop".split("").map((letter) => `/dev/sd${letter}`);

function toDiskInfo(volume: Volume): DiskInfo {
  const attachment = volume.Attachments?.find((a) => a.State === "attached" || a.State === "attaching");
  return {
    iid: { nameId: nameOf(volume.Tags), systemId: volume.VolumeId ?? "" },
    ...(volume.AvailabilityZone ? { zone: volume.AvailabilityZone } : {}),
    diskType: volume.VolumeType ?? "",
    diskSizeGB: volume.Size ?? 0,
    status: statusByState[volume.State ?? ""] ?? "Error",
    ...(attachment?.InstanceId ? { ownerVm: { nameId: attachment.InstanceId, systemId: attachment.InstanceId } } : {}),
    ...(volume.CreateTime ? { createdAt: volume.CreateTime } : {}),
    tags: userTagsOf(volume.Tags),
    extra: {
      ...(attachment?.Device ? { device: attachment.Device } : {}),
      ...(volume.Iops === undefined ? {} : { iops: String(volume.Iops) }),
      encrypted: String(volume.Encrypted ?? false),
    },
  };
}

/** EBS volumes: created in a zone, attached at a free /dev/sd[f-p] device, grown with ModifyVolume. */
export function createDiskHandler(session: AwsSession): DiskHandler {
  const describe = async (ctx: CallContext, id: string): Promise<Volume> => {
    const found = await session.whenVisible(ctx, [id], () =>
      session.ec2(
        ctx,
        "DescribeVolumes",
        (c, abortSignal) => c.send(new DescribeVolumesCommand({ VolumeIds: [id] }), { abortSignal }),
        { idempotent: true },
      ),
    );
    const volume = found.Volumes?.[0];
    if (!volume) throw awsNotFound("disk", id);
    return volume;
  };

  /** The zone to put a volume in when neither the request nor the connection names one. */
  const firstZone = async (ctx: CallContext): Promise<string> => {
    const zones = await session.ec2(
      ctx,
      "DescribeAvailabilityZones",
      (c, abortSignal) =>
        c.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: "state", Values: ["available"] }] }), {
          abortSignal,
        }),
      { idempotent: true },
    );
    const zone = zones.AvailabilityZones?.[0]?.ZoneName;
    if (!zone)
      throw new BaristaError("CapacityUnavailable", `no available zone in ${session.region}`, { provider: "AWS" });
    return zone;
  };

  return {
    async create(request, ctx) {
      const zone = request.zone ?? session.settings.zone ?? (await firstZone(ctx));
      const type =
        request.diskType === undefined || request.diskType.toLowerCase() === "default" ? "gp3" : request.diskType;
      const created = await session.ec2(ctx, "CreateVolume", (c, abortSignal) =>
        c.send(
          new CreateVolumeCommand({
            AvailabilityZone: zone,
            VolumeType: type as VolumeType,
            Size: request.diskSizeGB ?? defaultSizeGB[type] ?? 8,
            TagSpecifications: tagSpecifications("volume", request.name, request.tags),
          }),
          { abortSignal },
        ),
      );
      if (created.VolumeId) session.created(ctx, created.VolumeId);
      return toDiskInfo(created);
    },

    async get(disk, ctx) {
      return toDiskInfo(await describe(ctx, disk.systemId));
    },

    list: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeVolumes",
          (c, abortSignal) =>
            c.send(new DescribeVolumesCommand({ MaxResults: session.settings.pageSize, NextToken: token }), {
              abortSignal,
            }),
          { idempotent: true },
        );
        return { items: (page.Volumes ?? []).map(toDiskInfo), nextToken: page.NextToken };
      }),

    async delete(disk, ctx) {
      await session.ec2(
        ctx,
        "DeleteVolume",
        (c, abortSignal) => c.send(new DeleteVolumeCommand({ VolumeId: disk.systemId }), { abortSignal }),
        {
          idempotent: true,
        },
      );
    },

    async resize(disk, sizeGB, ctx) {
      await session.whenVisible(ctx, [disk.systemId], () =>
        session.ec2(ctx, "ModifyVolume", (c, abortSignal) =>
          c.send(new ModifyVolumeCommand({ VolumeId: disk.systemId, Size: sizeGB }), { abortSignal }),
        ),
      );
    },

    async attach(disk, vm, ctx) {
      // AttachVolume needs a device name: the first one the instance does not use yet.
      const found = await session.whenVisible(ctx, [vm.systemId], () =>
        session.ec2(
          ctx,
          "DescribeInstances",
          (c, abortSignal) => c.send(new DescribeInstancesCommand({ InstanceIds: [vm.systemId] }), { abortSignal }),
          {
            idempotent: true,
          },
        ),
      );
      const instance = found.Reservations?.[0]?.Instances?.[0];
      if (!instance) throw awsNotFound("vm", vm.systemId);
      const used = new Set(
        (instance.BlockDeviceMappings ?? []).map((m) => m.DeviceName?.replace("/dev/xvd", "/dev/sd")),
      );
      const device = dataDevices.find((d) => !used.has(d));
      if (!device)
        throw new BaristaError("QuotaExceeded", `VM ${vm.systemId} has no free device for another volume`, {
          provider: "AWS",
        });
      await session.whenVisible(ctx, [disk.systemId], () =>
        session.ec2(ctx, "AttachVolume", (c, abortSignal) =>
          c.send(new AttachVolumeCommand({ VolumeId: disk.systemId, InstanceId: vm.systemId, Device: device }), {
            abortSignal,
          }),
        ),
      );
      return toDiskInfo(await describe(ctx, disk.systemId));
    },

    async detach(disk, vm, ctx) {
      await session.ec2(ctx, "DetachVolume", (c, abortSignal) =>
        c.send(new DetachVolumeCommand({ VolumeId: disk.systemId, InstanceId: vm.systemId }), { abortSignal }),
      );
    },
  };
}
