import type { Image, VirtualMachine } from "@azure/arm-compute";
import type { CallContext, IID, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import type { AzureApi } from "../apis.js";
import { alreadyExists, badAnswer } from "../errors.js";
import type { AzureSession } from "../session.js";
import { exists, ignoreMissingGroup } from "./missing.js";

/** The image tag where the driver keeps the VM an image was made from (an image from a snapshot names none). */
export const sourceVmTagKey = "cloud-barista-source-vm";

const nameOf = (iid: IID) => iid.systemId.split("/").pop() || iid.nameId;
const iidOf = (id: string): IID => ({ nameId: id.split("/").pop() ?? id, systemId: id });

/** The snapshot a my-image is made through, deleted once the image holds its own copy. */
export const snapshotNameOf = (image: string) => `${image}-snapshot`;

function statusOf(state: string | undefined): MyImageStatus {
  switch (state) {
    case "Succeeded":
      return "Available";
    case "Creating":
    case "Updating":
    case "Accepted":
      return "Creating";
    case "Deleting":
      return "Deleting";
    default:
      return "Error";
  }
}

function toInfo(image: Image): MyImageInfo {
  const { [sourceVmTagKey]: sourceVm, ...tags } = image.tags ?? {};
  const source = sourceVm ?? image.sourceVirtualMachine?.id ?? "";
  const osDisk = image.storageProfile?.osDisk;
  return {
    iid: { nameId: image.name ?? "", systemId: image.id ?? "" },
    sourceVmIID: iidOf(source),
    status: statusOf(image.provisioningState),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    extra: {
      osType: osDisk?.osType ?? "",
      osState: osDisk?.osState ?? "",
      ...(osDisk?.diskSizeGB ? { diskSizeGB: String(osDisk.diskSizeGB) } : {}),
      ...(image.hyperVGeneration ? { hyperVGeneration: image.hyperVGeneration } : {}),
    },
  };
}

/**
 * My-images are managed images (`Microsoft.Compute/images`) made from a snapshot of the VM's OS
 * disk, not from the VM itself: Azure captures a VM only once it is deallocated and generalized,
 * and a generalized VM can never be started again, while the portable contract leaves the source VM
 * as it was (running). The snapshot (`<image>-snapshot`) is deleted once the image is made (a
 * managed image holds its own copy). The image is marked Generalized, so new VMs get their own
 * admin user and key; it keeps the source disk's state (users, SSH host keys) unless the VM was
 * deprovisioned first (`waagent -deprovision`).
 */
export function createMyImageHandler(session: AzureSession): MyImageHandler {
  const images = () => session.clients.compute.images;
  const snapshots = () => session.clients.compute.snapshots;
  const { group } = session;
  const get = (ctx: CallContext, name: string) => session.call(ctx, "Images_Get", (o) => images().get(group, name, o));

  const run = async (
    ctx: CallContext,
    api: AzureApi,
    begin: Parameters<AzureSession["start"]>[2],
    description: string,
  ) => {
    const operation = await session.start(ctx, api, begin);
    await session.finish(ctx, operation, description, "myImage");
  };

  return {
    async create(request, ctx) {
      await session.ensureGroup(ctx);
      if (await exists(get(ctx, request.name))) throw alreadyExists("myImage", request.name);
      const vm: VirtualMachine = await session.call(ctx, "VirtualMachines_Get", (o) =>
        session.clients.compute.virtualMachines.get(group, nameOf(request.sourceVmIID), o),
      );
      const osDisk = vm.storageProfile?.osDisk;
      const diskId = osDisk?.managedDisk?.id;
      if (!diskId) throw badAnswer(`VM ${request.sourceVmIID.nameId} has no managed OS disk`);
      const location = vm.location ?? session.settings.region;
      const snapshot = snapshotNameOf(request.name);
      const deleteSnapshot = (u: CallContext) =>
        run(u, "Snapshots_Delete", (o) => snapshots().delete(group, snapshot, o), `snapshot ${snapshot} to be deleted`);
      return ctx.compensate(async (undo) => {
        undo(`delete snapshot ${snapshot}`, deleteSnapshot);
        await run(
          ctx,
          "Snapshots_CreateOrUpdate",
          (o) =>
            snapshots().createOrUpdate(
              group,
              snapshot,
              {
                location,
                sku: { name: "Standard_LRS" },
                incremental: false,
                creationData: { createOption: "Copy", sourceResourceId: diskId },
              },
              o,
            ),
          `snapshot ${snapshot} of VM ${request.sourceVmIID.nameId} to be made`,
        );
        const id = session.idOf("Microsoft.Compute/images", request.name);
        undo(`delete image ${request.name}`, (u) =>
          run(
            u,
            "Images_Delete",
            (o) => images().delete(group, request.name, o),
            `image ${request.name} to be deleted`,
          ),
        );
        // The IID the runtime knows the VM by (ARM may answer ids in another case).
        const tags = { ...request.tags, [sourceVmTagKey]: request.sourceVmIID.systemId };
        await run(
          ctx,
          "Images_CreateOrUpdate",
          (o) =>
            images().createOrUpdate(
              group,
              request.name,
              {
                location,
                tags,
                storageProfile: {
                  osDisk: {
                    osType: osDisk?.osType ?? "Linux",
                    osState: "Generalized",
                    snapshot: { id: session.idOf("Microsoft.Compute/snapshots", snapshot) },
                  },
                },
              },
              o,
            ),
          `image ${request.name} to be made`,
        );
        ctx.created(id);
        // The image holds its own copy: the snapshot is no longer needed.
        await deleteSnapshot(ctx);
        return {
          iid: { nameId: request.name, systemId: id },
          sourceVmIID: request.sourceVmIID,
          status: "Available" as const,
          ...(request.tags && Object.keys(request.tags).length > 0 ? { tags: { ...request.tags } } : {}),
          extra: { osType: osDisk?.osType ?? "Linux", osState: "Generalized" },
        };
      });
    },

    get: async (image, ctx) => toInfo(await get(ctx, nameOf(image))),

    list: (ctx) =>
      ignoreMissingGroup(
        session.pages(ctx, "Images_ListByResourceGroup", (o) => images().listByResourceGroup(group, o), toInfo),
      ),

    async delete(image, ctx) {
      const name = nameOf(image);
      await run(ctx, "Images_Delete", (o) => images().delete(group, name, o), `image ${name} to be deleted`);
    },
  };
}
