import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, DiskHandler, DiskInfo, DiskStatus } from "@cloud-barista/core/driver";
import type { Volume, VolumeType } from "@aws-sdk/client-ec2";
import { capacity, notFound, quota } from "../errors.js";
import { ebsPerformance } from "../ebs-performance.js";
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

/** An EBS volume as a DiskInfo. */
export function toDiskInfo(volume: Volume): DiskInfo {
  const attachment = volume.Attachments?.find((a) => a.State === "attached" || a.State === "attaching");
  return {
    iid: { nameId: nameOf(volume.Tags, volume.VolumeId), systemId: volume.VolumeId ?? "" },
    ...(volume.AvailabilityZone ? { zone: volume.AvailabilityZone } : {}),
    diskType: volume.VolumeType ?? "",
    diskSizeGB: volume.Size ?? 0,
    // EBS reports an attaching volume in-use; it is not Attached until its attachment is.
    // A state this table does not know is Unknown (the raw state is in extra.nativeState), never an Error.
    status: attachment?.State === "attaching" ? "Available" : (statusByState[volume.State ?? ""] ?? "Unknown"),
    ...(attachment?.InstanceId ? { ownerVm: { nameId: attachment.InstanceId, systemId: attachment.InstanceId } } : {}),
    ...(volume.CreateTime ? { createdAt: volume.CreateTime } : {}),
    tags: userTagsOf(volume.Tags),
    extra: {
      nativeState: volume.State ?? "",
      ...(attachment?.Device ? { device: attachment.Device } : {}),
      ...(volume.Iops === undefined ? {} : { iops: String(volume.Iops) }),
      ...(volume.Throughput === undefined ? {} : { throughputMiBps: String(volume.Throughput) }),
      encrypted: String(volume.Encrypted ?? false),
    },
  };
}

/** EBS volumes: created in a zone, attached at a free /dev/sd[f-p] device, grown with ModifyVolume. */
export function createDiskHandler(aws: AwsSession): DiskHandler {
  const describe = async (ctx: CallContext, id: string): Promise<Volume> => {
    const volume = (await aws.ec2(ctx, "DescribeVolumes", { VolumeIds: [id] })).Volumes?.[0];
    if (!volume) throw notFound("disk", id);
    return volume;
  };

  /** The zone to put a volume in when neither the request nor the connection names one. */
  const firstZone = async (ctx: CallContext): Promise<string> => {
    const zone = (
      await aws.ec2(ctx, "DescribeAvailabilityZones", { Filters: [{ Name: "state", Values: ["available"] }] })
    ).AvailabilityZones?.[0]?.ZoneName;
    if (!zone) throw capacity(`no available zone in ${aws.region}`);
    return zone;
  };

  return {
    async create(request, ctx) {
      const zone = request.zone ?? aws.settings.zone ?? (await firstZone(ctx));
      const type = diskTypeOrDefault(request.diskType) ?? "gp3";
      const size = request.diskSizeGB ?? defaultSizeGB[type] ?? 8;
      const created = await aws.ec2(ctx, "CreateVolume", {
        AvailabilityZone: zone,
        VolumeType: type as VolumeType,
        Size: size,
        ...ebsPerformance(type, size, request.diskIops, request.diskThroughputMiBps),
        TagSpecifications: tagSpecifications("volume", request.name, request.tags),
      });
      return toDiskInfo(created);
    },

    get: async (disk, ctx) => toDiskInfo(await describe(ctx, disk.systemId)),

    list: (ctx) =>
      aws.pages(
        (NextToken) => aws.ec2(ctx, "DescribeVolumes", { MaxResults: aws.settings.pageSize, NextToken }),
        (page) => page.Volumes?.map(toDiskInfo),
      ),

    async delete(disk, ctx) {
      await aws.ec2(ctx, "DeleteVolume", { VolumeId: disk.systemId });
    },

    async resize(disk, sizeGB, ctx) {
      await aws.ec2(ctx, "ModifyVolume", { VolumeId: disk.systemId, Size: sizeGB });
    },

    async attach(disk, vm, ctx) {
      // AttachVolume needs a device name: the first one the instance does not use yet.
      const found = await aws.ec2(ctx, "DescribeInstances", { InstanceIds: [vm.systemId] });
      const instance = found.Reservations?.[0]?.Instances?.[0];
      if (!instance) throw notFound("vm", vm.systemId);
      const used = new Set(
        (instance.BlockDeviceMappings ?? []).map((m) => m.DeviceName?.replace("/dev/xvd", "/dev/sd")),
      );
      const device = dataDevices.find((d) => !used.has(d));
      if (!device) throw quota(`VM ${vm.systemId} has no free device for another volume`);
      await aws.ec2(ctx, "AttachVolume", { VolumeId: disk.systemId, InstanceId: vm.systemId, Device: device });
      return toDiskInfo(await describe(ctx, disk.systemId));
    },

    async detach(disk, vm, ctx) {
      await aws.ec2(ctx, "DetachVolume", { VolumeId: disk.systemId, InstanceId: vm.systemId });
    },
  };
}
