import type { Disk } from "../../world/types.js";
import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { ActionRegistration } from "./actions.js";
import { TencentError, invalidValue } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { requireInstance } from "./instances.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import { requireZone } from "./regions.js";
import { plainTime, tagFiltersPass, tagList, tagsParam, withTagFilters } from "./render.js";
import { cbs } from "./services.js";
import { diskTypesOf } from "./zone-offers.js";

/** CBS's DiskState of a world disk; undefined while it is being created or once it failed. */
function diskStateOf(disk: Disk): string | undefined {
  switch (disk.state) {
    case "available":
      return "UNATTACHED";
    case "attaching":
      return "ATTACHING";
    case "in-use":
      return "ATTACHED";
    case "detaching":
      return "DETACHING";
    case "extending":
      return "EXPANDING";
    case "deleting":
      return "TERMINATING";
    case "error-extending":
      return disk.attachment ? "ATTACHED" : "UNATTACHED";
    case "creating":
    case "error":
      // CreateDisks is asynchronous: a disk shows in DescribeDisks once it is made (UNATTACHED), and a
      // failed creation never does. CBS has no state for a disk being made.
      return undefined;
  }
}

function requireDiskId(id: string): void {
  if (!/^disk-[a-z0-9]{8}$/.test(id))
    throw new TencentError("InvalidDiskId.NotFound", `The disk id \`${id}\` is not valid.`);
}

/** A disk of the caller that exists for CBS (a failed creation never did). */
function requireDisk(cloud: AccountRegion, id: string): Disk {
  requireDiskId(id);
  const disk = cloud.disks.get(id);
  if (diskStateOf(disk) === undefined)
    throw new TencentError("InvalidDiskId.NotFound", `The disk \`${id}\` does not exist.`);
  return disk;
}

function renderDisk(disk: Disk): Record<string, unknown> {
  return {
    DiskId: disk.id,
    DiskName: disk.name,
    DiskType: disk.type,
    DiskUsage: "DATA_DISK",
    DiskChargeType: "POSTPAID_BY_HOUR",
    DiskState: diskStateOf(disk),
    DiskSize: disk.sizeGB,
    Placement: { Zone: disk.zone, ProjectId: 0 },
    Attached: disk.attachment !== undefined && disk.state !== "attaching",
    InstanceId: disk.attachment?.vm.id ?? "",
    InstanceIdList: disk.attachment ? [disk.attachment.vm.id] : [],
    DeleteWithInstance: disk.attachment?.deleteOnTermination ?? false,
    Portable: true,
    Shareable: false,
    Encrypt: false,
    SnapshotAbility: true,
    SnapshotCount: 0,
    SnapshotSize: 0,
    RenewFlag: "NOTIFY_AND_MANUAL_RENEW",
    CreateTime: plainTime(disk.createdAt),
    DeadlineTime: "",
    Rollbacking: false,
    Migrating: false,
    IsReturnable: false,
    Tags: tagList(disk.tags),
    BackupDisk: false,
    AttachMode: "",
    ErrorPrompt: disk.state === "error-extending" ? "Expansion failed." : "",
  };
}

/** Wraps world state errors in CBS's busy code. */
function busy<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isWorldError(error, "IncorrectState") && error.resourceType === "volume") {
      throw new TencentError("ResourceBusy", `The disk is busy: ${error.message}.`);
    }
    throw error;
  }
}

export const diskActions: ActionRegistration[] = [
  {
    service: cbs,
    action: "CreateDisks",
    handler: async (c) => {
      const p = c.params;
      const type = p.required("DiskType");
      const charge = p.required("DiskChargeType");
      if (!["PREPAID", "POSTPAID_BY_HOUR", "CDCPAID", "DEDICATED_CLUSTER_PAID"].includes(charge)) {
        throw invalidValue("DiskChargeType", "It must be PREPAID, POSTPAID_BY_HOUR or CDCPAID.");
      }
      if (charge !== "POSTPAID_BY_HOUR")
        throw new TencentError("UnsupportedOperation", "The emulator makes POSTPAID_BY_HOUR disks only.");
      const zone = p.requiredObject("Placement").required("Zone");
      const size = p.int("DiskSize", { min: 10, max: 32000 });
      if (size === undefined)
        throw new TencentError("MissingParameter", "The request is missing a required parameter `DiskSize`.");
      const name = p.string("DiskName") ?? "Unnamed";
      if (name.length > 128) throw invalidValue("DiskName", "It must be at most 128 characters.");
      const count = p.int("DiskCount", { min: 1, max: 50 }) ?? 1;
      const tags = tagsParam(p.objects("Tags"));
      return idempotent(c, (cloud, gate) => {
        requireZone(cloud, zone);
        const def = cloud.catalog.diskTypes().find((d) => d.name === type);
        if (!def) throw invalidValue("DiskType", `\`${type}\` is not a disk type.`);
        if (!diskTypesOf(cloud, zone).includes(type)) {
          throw new TencentError("ResourceInsufficient", `The disk type \`${type}\` is not sold in ${zone}.`);
        }
        if (size < def.minGB || size > def.maxGB) {
          throw invalidValue(
            "DiskSize",
            `${type} disks are ${def.minGB}..${def.maxGB} GB.`,
            "InvalidParameterValue.DiskSizeNotMultipleOfStepSize",
          );
        }
        const ids = Array.from(
          { length: count },
          () => cloud.disks.create({ name, tags, zone, type, sizeGB: size }, gate).id,
        );
        return { DiskIdSet: ids };
      });
    },
  },
  {
    service: cbs,
    action: "DescribeDisks",
    handler: async (c) => {
      const ids = c.params.strings("DiskIds", { max: 100 });
      for (const id of ids ?? []) requireDiskId(id);
      const filters = filtersOf(
        c.params,
        withTagFilters(c.params, [
          "disk-id",
          "disk-name",
          "disk-type",
          "disk-usage",
          "disk-state",
          "zone",
          "instance-id",
          "portable",
          "disk-charge-type",
          "project-id",
        ]),
      );
      return c.call((cloud) => {
        const disks = cloud.disks.list().items.filter((d) => {
          const state = diskStateOf(d);
          return (
            state !== undefined &&
            (ids === undefined || ids.includes(d.id)) &&
            passes(filters, "disk-id", d.id) &&
            passes(filters, "disk-name", d.name) &&
            passes(filters, "disk-type", d.type) &&
            passes(filters, "disk-usage", "DATA_DISK") &&
            passes(filters, "disk-state", state) &&
            passes(filters, "zone", d.zone) &&
            passes(filters, "instance-id", d.attachment?.vm.id) &&
            passes(filters, "portable", "TRUE") &&
            passes(filters, "disk-charge-type", "POSTPAID_BY_HOUR") &&
            passes(filters, "project-id", "0") &&
            tagFiltersPass(filters, d.tags)
          );
        });
        const page = offsetPage(disks, c.params, c.pages);
        return { TotalCount: page.total, DiskSet: page.items.map(renderDisk) };
      });
    },
  },
  {
    service: cbs,
    action: "AttachDisks",
    handler: async (c) => {
      const ids = c.params.requiredStrings("DiskIds", { max: 10 });
      const instanceId = c.params.required("InstanceId");
      return c.call((cloud) => {
        const vm = requireInstance(cloud, instanceId);
        for (const id of ids) {
          const disk = requireDisk(cloud, id);
          if (disk.attachment) throw new TencentError("InvalidDisk.Busy", `The disk \`${id}\` is attached already.`);
          if (disk.zone !== vm.zone)
            throw new TencentError(
              "InvalidParameter",
              `The disk \`${id}\` is in zone ${disk.zone}, the instance in ${vm.zone}.`,
            );
        }
        for (const id of ids) busy(() => cloud.disks.attach(id, vm.id));
        return {};
      });
    },
  },
  {
    service: cbs,
    action: "DetachDisks",
    handler: async (c) => {
      const ids = c.params.requiredStrings("DiskIds", { max: 10 });
      const instanceId = c.params.string("InstanceId");
      return c.call((cloud) => {
        for (const id of ids) {
          const disk = requireDisk(cloud, id);
          if (!disk.attachment || (instanceId !== undefined && disk.attachment.vm.id !== instanceId)) {
            throw new TencentError(
              "InvalidDisk.NotPortable",
              `The disk \`${id}\` is not attached${instanceId ? ` to ${instanceId}` : ""}.`,
            );
          }
        }
        for (const id of ids) busy(() => cloud.disks.detach(id, instanceId));
        return {};
      });
    },
  },
  {
    service: cbs,
    action: "ResizeDisk",
    handler: async (c) => {
      const id = c.params.required("DiskId");
      const size = c.params.int("DiskSize", { min: 10, max: 32000 });
      if (size === undefined)
        throw new TencentError("MissingParameter", "The request is missing a required parameter `DiskSize`.");
      return c.call((cloud, gate) => {
        const disk = requireDisk(cloud, id);
        if (size <= disk.sizeGB) {
          throw invalidValue(
            "DiskSize",
            `It must be above the current ${disk.sizeGB} GB: disks only grow.`,
            "InvalidParameterValue.LimitExceeded",
          );
        }
        busy(() => cloud.disks.extend(id, size, gate));
        return {};
      });
    },
  },
  {
    service: cbs,
    action: "TerminateDisks",
    handler: async (c) => {
      const ids = c.params.requiredStrings("DiskIds", { max: 100 });
      return c.call((cloud) => {
        for (const id of ids) {
          const disk = requireDisk(cloud, id);
          if (disk.attachment)
            throw new TencentError("InvalidDisk.Busy", `The disk \`${id}\` is attached; detach it first.`);
        }
        for (const id of ids) busy(() => cloud.disks.beginDelete(id));
        return {};
      });
    },
  },
];
