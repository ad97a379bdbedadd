import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { Disk, DiskState, Tags, Vm } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { chainPages, pageSizeFor } from "../paging.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { checkEbs } from "./ebs.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { rootVolumeIdOf } from "./instance-render.js";
import { afterReboot } from "./reboot.js";
import { tagSet, tagsFromSpecifications, worldNameOf } from "./tags.js";
import { zoneIdOf } from "./zones.js";

/** An EBS volume: a world disk, or the root volume the world keeps inside each VM. */
interface VolumeView {
  id: string;
  zone: string;
  type: string;
  sizeGB: number;
  iops?: number | undefined;
  throughputMiBps?: number | undefined;
  state: string;
  createdAt: number;
  tags: Tags;
  attachment?:
    { instanceId: string; device: string; status: string; since: number; deleteOnTermination: boolean } | undefined;
  root: boolean;
}

/** EBS volume states of the world's disk states (EBS has no extending: the AWS front resizes at once). */
const volumeStatus: Readonly<Record<DiskState, string>> = {
  creating: "creating",
  available: "available",
  attaching: "in-use",
  "in-use": "in-use",
  detaching: "in-use",
  extending: "in-use",
  deleting: "deleting",
  error: "error",
  "error-extending": "error",
};

/** The attachment's own state (VolumeAttachment.State). */
function attachmentStatus(disk: Disk): string {
  return disk.state === "attaching" || disk.state === "detaching" ? disk.state : "attached";
}

function diskView(disk: Disk): VolumeView {
  return {
    id: disk.id,
    zone: disk.zone,
    type: disk.type,
    sizeGB: disk.sizeGB,
    iops: disk.iops,
    throughputMiBps: disk.throughputMiBps,
    state: disk.state === "extending" && !disk.attachment ? "available" : volumeStatus[disk.state],
    createdAt: disk.createdAt,
    tags: disk.tags,
    attachment: disk.attachment && {
      instanceId: disk.attachment.vm.id,
      device: disk.attachment.device,
      status: attachmentStatus(disk),
      since: disk.createdAt,
      deleteOnTermination: disk.attachment.deleteOnTermination === true,
    },
    root: false,
  };
}

function rootView(vm: Vm): VolumeView {
  return {
    id: rootVolumeIdOf(vm.id),
    zone: vm.zone,
    type: vm.rootDisk.type,
    sizeGB: vm.rootDisk.sizeGB,
    iops: vm.rootDisk.iops,
    throughputMiBps: vm.rootDisk.throughputMiBps,
    state: "in-use",
    createdAt: vm.createdAt,
    tags: {},
    attachment: {
      instanceId: vm.id,
      device: vm.rootDisk.deviceName,
      status: "attached",
      since: vm.createdAt,
      deleteOnTermination: true,
    },
    root: true,
  };
}

const hasRootVolume = (vm: Vm) => vm.state !== "terminated";

function renderVolume(ctx: Ec2Context, v: VolumeView, state = v.state): XmlFields {
  return {
    volumeId: v.id,
    volumeArn: `arn:aws:ec2:${ctx.region}:${ctx.account}:volume/${v.id}`,
    ownerId: ctx.account,
    size: v.sizeGB,
    snapshotId: "",
    availabilityZone: v.zone,
    availabilityZoneId: zoneIdOf(v.zone),
    status: state,
    createTime: new Date(v.createdAt),
    attachmentSet: v.attachment
      ? [
          {
            volumeId: v.id,
            instanceId: v.attachment.instanceId,
            device: v.attachment.device,
            status: v.attachment.status,
            attachTime: new Date(v.attachment.since),
            deleteOnTermination: v.attachment.deleteOnTermination,
          },
        ]
      : [],
    volumeType: v.type,
    iops:
      v.iops ?? (v.type === "gp3" ? 3000 : v.type === "gp2" ? Math.min(16000, Math.max(100, 3 * v.sizeGB)) : undefined),
    throughput: v.throughputMiBps ?? (v.type === "gp3" ? 125 : undefined),
    encrypted: false,
    multiAttachEnabled: false,
    tagSet: tagSet(v.tags),
  };
}

/** A volume by id, whether a world disk or a VM's root volume. */
function findVolume(cloud: AccountRegion, id: string): VolumeView {
  try {
    return diskView(cloud.disks.get(id));
  } catch (error) {
    if (!isWorldError(error, "NotFound")) throw error;
  }
  const vm = cloud.vms.list({ where: (v) => hasRootVolume(v) && rootVolumeIdOf(v.id) === id }).items[0];
  if (!vm) throw new AwsFault("InvalidVolume.NotFound", `The volume '${id}' does not exist.`);
  return rootView(vm);
}

function requireDataVolume(cloud: AccountRegion, id: string, refusal: string): Disk {
  if (findVolume(cloud, id).root) throw new AwsFault("OperationNotPermitted", refusal);
  return cloud.disks.get(id);
}

const volumeFields: FilterFields<VolumeView> = {
  "volume-id": (v) => v.id,
  status: (v) => v.state,
  "availability-zone": (v) => v.zone,
  "volume-type": (v) => v.type,
  size: (v) => v.sizeGB,
  encrypted: () => false,
  "attachment.instance-id": (v) => v.attachment?.instanceId,
  "attachment.device": (v) => v.attachment?.device,
  "attachment.status": (v) => v.attachment?.status,
  "attachment.delete-on-termination": (v) => v.attachment?.deleteOnTermination,
};

/** DescribeVolumes: data volumes and the root volumes of live instances, by id or filtered and paged. */
export const describeVolumes: Ec2Action = async (ctx) => {
  const ids = ctx.params.strings("VolumeId");
  const match = filterPredicate(readFilters(ctx.params), volumeFields, (v) => v.tags);
  if (ids.length > 0) {
    const found = await ctx.call((cloud) => ids.map((id) => findVolume(cloud, id)));
    return { volumeSet: found.filter(match).map((v) => renderVolume(ctx, v)) };
  }
  const size = pageSizeFor(ctx.pages, ctx.params.int("MaxResults"), { min: 5, max: 1000, param: "MaxResults" });
  const page = await ctx.call((cloud) =>
    chainPages<VolumeView>(
      [
        {
          page: (n, token) => {
            const disks = cloud.disks.list({ maxResults: n, nextToken: token, where: (d) => match(diskView(d)) });
            return { items: disks.items.map(diskView), nextToken: disks.nextToken };
          },
        },
        {
          page: (n, token) => {
            const vms = cloud.vms.list({
              maxResults: n,
              nextToken: token,
              where: (vm) => hasRootVolume(vm) && match(rootView(vm)),
            });
            return { items: vms.items.map(rootView), nextToken: vms.nextToken };
          },
        },
      ],
      size,
      ctx.params.string("NextToken"),
    ),
  );
  return { volumeSet: page.items.map((v) => renderVolume(ctx, v)), nextToken: page.nextToken };
};

/** CreateVolume: an empty EBS volume in one zone (creating, then available). */
export const createVolume: Ec2Action = async (ctx) => {
  const { params } = ctx;
  if (params.string("SnapshotId") !== undefined)
    throw new AwsFault("InvalidParameterValue", "The emulator creates empty volumes only (no SnapshotId)");
  const sizeGB = params.int("Size");
  if (sizeGB === undefined)
    throw new AwsFault("MissingParameter", "The request must contain the parameter size or snapshotId");
  const zoneId = params.string("AvailabilityZoneId");
  const settings = checkEbs(params.string("VolumeType") ?? "gp2", sizeGB, params.int("Iops"), params.int("Throughput"));
  const tags = tagsFromSpecifications(params, "volume");
  const disk = await ctx.call((cloud) => {
    const zone =
      params.string("AvailabilityZone") ??
      cloud.catalog.getRegion(ctx.region).zones.find((z) => zoneIdOf(z.name) === zoneId)?.name;
    if (zone === undefined)
      throw new AwsFault("MissingParameter", "The request must contain the parameter AvailabilityZone");
    return cloud.disks.create({
      name: worldNameOf(tags, "volume"),
      zone,
      type: settings.type,
      sizeGB,
      iops: settings.iops,
      throughputMiBps: settings.throughputMiBps,
      tags,
    });
  });
  return renderVolume(ctx, diskView(disk));
};

/** DeleteVolume: refused (VolumeInUse) while attached; root volumes go with their instance. */
export const deleteVolume: Ec2Action = async (ctx) => {
  const id = ctx.params.required("VolumeId");
  await ctx.call((cloud) => {
    if (findVolume(cloud, id).root)
      throw new AwsFault("VolumeInUse", `Volume ${id} is currently attached to an instance`);
    cloud.disks.delete(id);
  });
  return { return: true };
};

function attachment(volumeId: string, instanceId: string, device: string, status: string, now: number): XmlFields {
  return { volumeId, instanceId, device, status, attachTime: new Date(now), deleteOnTermination: false };
}

/** AttachVolume: an available volume to a running or stopped instance of its zone, at a free device. */
export const attachVolume: Ec2Action = async (ctx) => {
  const volumeId = ctx.params.required("VolumeId");
  const instanceId = ctx.params.required("InstanceId");
  const device = ctx.params.required("Device");
  if (!/^\/dev\/(sd|xvd)[f-p]$/.test(device))
    throw new AwsFault("InvalidParameterValue", `Value (${device}) for parameter device is invalid. Use /dev/sd[f-p].`);
  const disk = await ctx.call(async (cloud) => {
    requireDataVolume(cloud, volumeId, `Volume ${volumeId} is the root volume of an instance`);
    await afterReboot(ctx.world, cloud, instanceId);
    const taken = cloud.disks.list({
      where: (d) => d.attachment?.vm.id === instanceId && d.attachment.device === device,
    }).items;
    if (taken.length > 0) throw new AwsFault("InvalidParameterValue", `Attachment point ${device} is already in use`);
    return cloud.disks.attach(volumeId, instanceId, device);
  });
  return attachment(disk.id, instanceId, device, "attaching", ctx.world.clock.now());
};

/** DetachVolume: detaches a data volume (from the named instance, when given). */
export const detachVolume: Ec2Action = async (ctx) => {
  const volumeId = ctx.params.required("VolumeId");
  const instanceId = ctx.params.string("InstanceId");
  const { disk, before } = await ctx.call((cloud) => {
    const current = requireDataVolume(
      cloud,
      volumeId,
      `Volume ${volumeId} is the root volume of an instance and cannot be detached`,
    );
    return { before: current.attachment, disk: cloud.disks.detach(volumeId, instanceId) };
  });
  return attachment(
    disk.id,
    before?.vm.id ?? instanceId ?? "",
    before?.device ?? "",
    "detaching",
    ctx.world.clock.now(),
  );
};

/** ModifyVolume: grows a data volume; the type stays what it was. */
export const modifyVolume: Ec2Action = async (ctx) => {
  const volumeId = ctx.params.required("VolumeId");
  const size = ctx.params.int("Size");
  const type = ctx.params.string("VolumeType");
  const { before, after } = await ctx.call((cloud) => {
    const current = requireDataVolume(cloud, volumeId, `The emulator cannot modify the root volume ${volumeId}`);
    if (type !== undefined && type !== current.type)
      throw new AwsFault("InvalidParameterValue", "The emulator cannot change a volume's type");
    if (size === undefined) throw new AwsFault("MissingParameter", "The request must contain the parameter Size");
    if (size < current.sizeGB)
      throw new AwsFault(
        "InvalidParameterValue",
        `New size cannot be smaller than existing size of ${current.sizeGB} GiB`,
      );
    return { before: current, after: cloud.disks.resize(volumeId, size) };
  });
  return {
    volumeModification: {
      volumeId,
      modificationState: "modifying",
      targetSize: after.sizeGB,
      targetVolumeType: after.type,
      originalSize: before.sizeGB,
      originalVolumeType: before.type,
      progress: 0,
      startTime: new Date(ctx.world.clock.now()),
    },
  };
};
