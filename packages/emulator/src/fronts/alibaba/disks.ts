import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { Disk, DiskState, Vm } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, notFound } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { descriptionParam, nameParam } from "./names.js";
import { numberedPage } from "./paging.js";
import { ecs } from "./products.js";
import { isoTime, tagSet } from "./render.js";
import { requireInstance, statusOf, systemDiskId } from "./instances.js";
import { diskCategoriesOf, requireOpenZone } from "./zone-offers.js";

/** ECS's status of a world disk; undefined once it is being deleted. */
function diskStatus(state: DiskState): string | undefined {
  switch (state) {
    case "creating":
      return "Creating";
    case "available":
    case "error":
      return "Available";
    case "attaching":
      return "Attaching";
    case "in-use":
    case "extending":
    case "error-extending":
      return "In_use";
    case "detaching":
      return "Detaching";
    case "deleting":
      return undefined;
  }
}

function renderDataDisk(c: ActionContext, d: Disk): Record<string, unknown> {
  // An attach settles into "available" with the attachment kept: ECS calls that In_use.
  const status = d.state === "available" && d.attachment ? "In_use" : (diskStatus(d.state) ?? "Available");
  return {
    DiskId: d.id,
    DiskName: c.state.nameOf(d),
    Description: d.description ?? "",
    RegionId: c.region,
    ZoneId: d.zone,
    Category: d.type,
    Size: d.sizeGB,
    Status: status,
    Type: "data",
    InstanceId: d.attachment?.vm.id ?? "",
    Device: d.attachment?.device ?? "",
    DeleteWithInstance:
      d.attachment !== undefined && (c.state.deleteWithInstance.get(d.id) ?? d.attachment.deleteOnTermination ?? false),
    Portable: true,
    Encrypted: false,
    PerformanceLevel: d.type === "cloud_essd" ? "PL1" : "",
    ImageId: "",
    SourceSnapshotId: "",
    CreationTime: isoTime(d.createdAt),
    Attachments: { Attachment: d.attachment ? [{ InstanceId: d.attachment.vm.id, Device: d.attachment.device }] : [] },
    Tags: tagSet(d.tags),
  };
}

function renderSystemDisk(c: ActionContext, vm: Vm): Record<string, unknown> {
  return {
    DiskId: systemDiskId(vm),
    DiskName: "",
    Description: "",
    RegionId: c.region,
    ZoneId: vm.zone,
    Category: vm.rootDisk.type,
    Size: vm.rootDisk.sizeGB,
    Status: vm.state === "pending" ? "Creating" : "In_use",
    Type: "system",
    InstanceId: vm.id,
    Device: "/dev/xvda",
    DeleteWithInstance: true,
    Portable: false,
    Encrypted: false,
    PerformanceLevel: vm.rootDisk.type === "cloud_essd" ? "PL1" : "",
    ImageId: vm.image.id,
    SourceSnapshotId: "",
    CreationTime: isoTime(vm.createdAt),
    Attachments: { Attachment: [{ InstanceId: vm.id, Device: "/dev/xvda" }] },
    Tags: { Tag: [] },
  };
}

/** A data disk of the caller's region; system disks are not data disks. */
function requireDataDisk(cloud: AccountRegion, id: string): Disk {
  const live = cloud.vms.list().items.some((vm) => statusOf(vm.state) !== undefined && systemDiskId(vm) === id);
  if (live)
    throw new AlibabaError("InvalidDiskCategory.NotSupported", "The operation is not supported on a system disk.", 403);
  try {
    const disk = cloud.disks.get(id);
    if (diskStatus(disk.state) === undefined) throw notFound("volume", id);
    return disk;
  } catch (error) {
    if (isWorldError(error, "NotFound")) throw notFound("volume", id);
    throw error;
  }
}

const createDisk: ActionRegistration = {
  product: ecs,
  action: "CreateDisk",
  handler: async (c) => {
    const zoneId = c.params.required("ZoneId");
    const category = c.params.string("DiskCategory") ?? "cloud_efficiency";
    const size = c.params.int("Size", { min: 1, max: 65536 });
    if (size === undefined) c.params.required("Size");
    const name = nameParam(c.params, "DiskName");
    const description = descriptionParam(c.params);
    const tags = c.params.tags();
    return idempotent(c, (cloud, gate) => {
      requireOpenZone(cloud, zoneId);
      if (!diskCategoriesOf(cloud, zoneId).includes(category)) {
        throw new AlibabaError(
          "InvalidDiskCategory.ValueNotSupported",
          `The disk category ${category} is not supported in zone ${zoneId}.`,
        );
      }
      let disk: Disk;
      try {
        disk = cloud.disks.create(
          { name: name ?? "unnamed", zone: zoneId, type: category, sizeGB: size, tags, description },
          gate,
        );
      } catch (error) {
        if (isWorldError(error, "InvalidParameter") && error.field === "sizeGB") {
          throw new AlibabaError("InvalidDiskSize.ValueNotSupported", `The disk size is not valid for ${category}.`);
        }
        throw error;
      }
      if (name === undefined) c.state.unnamed.add(disk.id);
      return { DiskId: disk.id };
    });
  },
};

const describeDisks: ActionRegistration = {
  product: ecs,
  action: "DescribeDisks",
  handler: async (c) => {
    const ids = c.params.jsonArray("DiskIds");
    const instanceId = c.params.string("InstanceId");
    const zoneId = c.params.string("ZoneId");
    const type = c.params.oneOf("DiskType", ["all", "system", "data"]) ?? "all";
    const category = c.params.string("Category");
    const status = c.params.string("Status");
    const tags = c.params.tags();
    return c.call((cloud) => {
      const system =
        type === "data"
          ? []
          : cloud.vms
              .list()
              .items.filter((vm) => statusOf(vm.state) !== undefined)
              .map((vm) => renderSystemDisk(c, vm));
      const data =
        type === "system"
          ? []
          : cloud.disks
              .list()
              .items.filter(
                (d) => diskStatus(d.state) !== undefined && Object.entries(tags).every(([k, v]) => d.tags[k] === v),
              )
              .map((d) => renderDataDisk(c, d));
      const all = [...system, ...data].filter(
        (d) =>
          (ids === undefined || ids.includes(String(d["DiskId"]))) &&
          (instanceId === undefined || d["InstanceId"] === instanceId) &&
          (zoneId === undefined || d["ZoneId"] === zoneId) &&
          (category === undefined || d["Category"] === category) &&
          (status === undefined || d["Status"] === status) &&
          (Object.keys(tags).length === 0 || d["Type"] === "data"),
      );
      const page = numberedPage(all, c.params, c.pages);
      return { ...page.fields, Disks: { Disk: page.items } };
    });
  },
};

const attachDisk: ActionRegistration = {
  product: ecs,
  action: "AttachDisk",
  handler: async (c) => {
    const instanceId = c.params.required("InstanceId");
    const diskId = c.params.required("DiskId");
    const deleteWithInstance = c.params.bool("DeleteWithInstance") ?? false;
    return c.call((cloud) => {
      const vm = requireInstance(cloud, instanceId);
      const disk = requireDataDisk(cloud, diskId);
      if (disk.zone !== vm.zone) {
        throw new AlibabaError(
          "InstanceDiskNotInSameZone",
          "The specified disk and instance are not in the same zone.",
          403,
        );
      }
      if (disk.state !== "available" || disk.attachment) {
        throw new AlibabaError("IncorrectDiskStatus", "The current disk status does not support this operation.", 403);
      }
      if (vm.state !== "running" && vm.state !== "stopped") {
        throw new AlibabaError(
          "IncorrectInstanceStatus",
          "The current status of the instance does not support this operation.",
          403,
        );
      }
      cloud.disks.attach(diskId, instanceId);
      c.state.deleteWithInstance.set(diskId, deleteWithInstance);
      return {};
    });
  },
};

const detachDisk: ActionRegistration = {
  product: ecs,
  action: "DetachDisk",
  handler: async (c) => {
    const instanceId = c.params.required("InstanceId");
    const diskId = c.params.required("DiskId");
    return c.call((cloud) => {
      requireInstance(cloud, instanceId);
      const disk = requireDataDisk(cloud, diskId);
      if (disk.attachment?.vm.id !== instanceId) {
        throw new AlibabaError("IncorrectDiskStatus", "The disk is not attached to the specified instance.", 403);
      }
      if (disk.state !== "available" && disk.state !== "in-use") {
        throw new AlibabaError("IncorrectDiskStatus", "The current disk status does not support this operation.", 403);
      }
      cloud.disks.detach(diskId, instanceId);
      return {};
    });
  },
};

const resizeDisk: ActionRegistration = {
  product: ecs,
  action: "ResizeDisk",
  handler: async (c) => {
    const diskId = c.params.required("DiskId");
    const size = c.params.int("NewSize", { min: 1, max: 65536 });
    if (size === undefined) c.params.required("NewSize");
    c.params.oneOf("Type", ["offline", "online"]);
    return c.call((cloud) => {
      const disk = requireDataDisk(cloud, diskId);
      if ((size ?? 0) <= disk.sizeGB) {
        throw invalidParameter(
          "NewSize",
          `It must be larger than the current ${disk.sizeGB} GiB.`,
          "InvalidDiskSize.TooSmall",
        );
      }
      if (disk.state !== "available" && disk.state !== "in-use") {
        throw new AlibabaError("IncorrectDiskStatus", "The current disk status does not support this operation.", 403);
      }
      cloud.disks.resize(diskId, size ?? disk.sizeGB);
      return {};
    });
  },
};

const deleteDisk: ActionRegistration = {
  product: ecs,
  action: "DeleteDisk",
  handler: async (c) => {
    const diskId = c.params.required("DiskId");
    return c.call((cloud) => {
      const disk = requireDataDisk(cloud, diskId);
      if (disk.attachment || disk.state !== "available") {
        throw new AlibabaError("IncorrectDiskStatus", "The current disk status does not support this operation.", 403);
      }
      cloud.disks.delete(diskId);
      return {};
    });
  },
};

export const diskActions: readonly ActionRegistration[] = [
  createDisk,
  describeDisks,
  attachDisk,
  detachDisk,
  resizeDisk,
  deleteDisk,
];
