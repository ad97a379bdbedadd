import type { DataDisk, Disk, VirtualMachine } from "@azure/arm-compute";
import type { CallContext, DiskHandler, DiskInfo, DiskStatus, IID } from "@cloud-barista/core/driver";
import { alreadyExists, notFound } from "../errors.js";
import type { AzureSession } from "../session.js";
import { exists, ignoreMissingGroup } from "./missing.js";

const nameOf = (iid: IID) => iid.systemId.split("/").pop() || iid.nameId;

function statusOf(disk: Disk): DiskStatus {
  switch (disk.provisioningState) {
    case "Updating":
    case "Creating":
      return "Creating";
    case "Deleting":
      return "Deleting";
    case "Failed":
      return "Error";
    default:
      return disk.diskState === "Attached" || disk.managedBy ? "Attached" : "Available";
  }
}

function toInfo(disk: Disk): DiskInfo {
  return {
    iid: { nameId: disk.name ?? "", systemId: disk.id ?? "" },
    ...(disk.zones?.[0] ? { zone: disk.zones[0] } : {}),
    diskType: disk.sku?.name ?? "",
    diskSizeGB: disk.diskSizeGB ?? 0,
    status: statusOf(disk),
    ...(disk.managedBy ? { ownerVm: { nameId: disk.managedBy.split("/").pop() ?? "", systemId: disk.managedBy } } : {}),
    ...(disk.timeCreated ? { createdAt: new Date(disk.timeCreated) } : {}),
    ...(disk.tags && Object.keys(disk.tags).length > 0 ? { tags: { ...disk.tags } } : {}),
    extra: { diskState: disk.diskState ?? "" },
  };
}

/** A VM's OS disk is the VM's root disk, not a disk of its own: lists leave it out. */
const isDataDisk = (disk: Disk) => disk.osType === undefined;

/**
 * Managed disks (empty, made with `createOption: Empty`) of the connection's resource group.
 * Attach and detach are VM updates: a PUT of the VM with its whole dataDisks list (the next free
 * LUN for an attach). Resizing only grows; Azure refuses to shrink a disk.
 */
export function createDiskHandler(session: AzureSession): DiskHandler {
  const disks = () => session.clients.compute.disks;
  const vms = () => session.clients.compute.virtualMachines;
  const { group } = session;
  const get = (ctx: CallContext, name: string) => session.call(ctx, "Disks_Get", (o) => disks().get(group, name, o));

  /** A VM update that sets its data disks, run to its end. */
  const setDataDisks = async (ctx: CallContext, vm: IID, change: (current: DataDisk[]) => DataDisk[]) => {
    const name = nameOf(vm);
    const current: VirtualMachine = await session.call(ctx, "VirtualMachines_Get", (o) => vms().get(group, name, o));
    const dataDisks = change(current.storageProfile?.dataDisks ?? []);
    const operation = await session.start(ctx, "VirtualMachines_CreateOrUpdate", (o) =>
      vms().createOrUpdate(group, name, { location: current.location, storageProfile: { dataDisks } }, o),
    );
    await session.finish(ctx, operation, `the disks of VM ${name} to change`, "disk");
  };

  return {
    async create(request, ctx) {
      await session.ensureGroup(ctx);
      if (await exists(get(ctx, request.name))) throw alreadyExists("disk", request.name);
      const zone = request.zone ?? session.settings.zone;
      const body: Disk = {
        location: session.settings.region,
        ...(zone ? { zones: [zone] } : {}),
        ...(request.tags ? { tags: { ...request.tags } } : {}),
        sku: { name: request.diskType ?? "Premium_LRS" },
        creationData: { createOption: "Empty" },
        diskSizeGB: request.diskSizeGB ?? 32,
      };
      // The PUT is all ARM needs. Its operation is not polled here, nor the disk read back: the
      // runtime waits for the disk itself (its provisioning state ends with the operation's), and
      // what the create returns is the PUT's answer, or what was asked for when it has none.
      const operation = await session.start(ctx, "Disks_CreateOrUpdate", (o) =>
        disks().createOrUpdate(group, request.name, body, o),
      );
      const id = session.idOf("Microsoft.Compute/disks", request.name);
      ctx.created(id);
      const answer = operation.answer as Disk | undefined;
      return toInfo(answer?.id ? answer : { ...body, id, name: request.name, provisioningState: "Creating" });
    },

    get: async (disk, ctx) => toInfo(await get(ctx, nameOf(disk))),

    async *list(ctx) {
      const all = session.pages(
        ctx,
        "Disks_ListByResourceGroup",
        (o) => disks().listByResourceGroup(group, o),
        (d: Disk) => d,
      );
      for await (const disk of ignoreMissingGroup(all)) if (isDataDisk(disk)) yield toInfo(disk);
    },

    async delete(disk, ctx) {
      const name = nameOf(disk);
      const operation = await session.start(ctx, "Disks_Delete", (o) => disks().delete(group, name, o));
      await session.finish(ctx, operation, `disk ${name} to be deleted`, "disk");
    },

    async resize(disk, sizeGB, ctx) {
      const name = nameOf(disk);
      const operation = await session.start(ctx, "Disks_Update", (o) =>
        disks().update(group, name, { diskSizeGB: sizeGB }, o),
      );
      await session.finish(ctx, operation, `disk ${name} to grow`, "disk");
    },

    async attach(disk, vm, ctx) {
      await setDataDisks(ctx, vm, (current) => {
        const used = new Set(current.map((d) => d.lun));
        let lun = 0;
        while (used.has(lun)) lun++;
        return [...current, { lun, createOption: "Attach", managedDisk: { id: disk.systemId } }];
      });
      return toInfo(await get(ctx, nameOf(disk)));
    },

    async detach(disk, vm, ctx) {
      await setDataDisks(ctx, vm, (current) => {
        const kept = current.filter((d) => d.managedDisk?.id?.toLowerCase() !== disk.systemId.toLowerCase());
        if (kept.length === current.length) throw notFound("attachment", disk.nameId, `VM "${vm.nameId}"`);
        return kept;
      });
    },
  };
}
