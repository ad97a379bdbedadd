import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { MyImage, Tags } from "../../world/types.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json, pageAcrossRegions } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { ImageEntry } from "./front-state.js";
import { cloudOf } from "./live-entries.js";
import { startOperation } from "./operations.js";
import { findSnapshot } from "./snapshots.js";
import { inGroup, resourceId } from "./resource-ids.js";

export const imageType = "Microsoft.Compute/images";

interface ImageBody {
  location?: unknown;
  tags?: Tags;
  properties?: {
    sourceVirtualMachine?: { id?: unknown };
    storageProfile?: {
      osDisk?: {
        osType?: unknown;
        osState?: unknown;
        snapshot?: { id?: unknown };
        managedDisk?: { id?: unknown };
        blobUri?: unknown;
      };
      dataDisks?: unknown[];
    };
    hyperVGeneration?: unknown;
  };
}

const provisioningOf = (image: MyImage) =>
  image.state === "available" ? "Succeeded" : image.state === "pending" ? "Creating" : "Failed";

function render(ctx: ArmContext, image: MyImage, region: string) {
  const entry = ctx.state.images.get(keyOf(image.id));
  return {
    id: image.id,
    name: image.name,
    type: imageType,
    location: region,
    tags: image.tags,
    properties: {
      ...(entry?.sourceVmId ? { sourceVirtualMachine: { id: entry.sourceVmId } } : {}),
      storageProfile: {
        osDisk: {
          osType: image.platform === "windows" ? "Windows" : "Linux",
          osState: entry?.osState ?? "Generalized",
          ...(entry?.snapshotId ? { snapshot: { id: entry.snapshotId } } : {}),
          caching: "ReadWrite",
          storageAccountType: "Standard_LRS",
          diskSizeGB: image.diskSizeGB,
        },
        dataDisks: [],
        zoneResilient: false,
      },
      provisioningState: provisioningOf(image),
      hyperVGeneration: entry?.hyperVGeneration ?? "V1",
    },
  };
}

function regionOf(ctx: ArmContext, id: string): string | undefined {
  return ctx.world.locate({ provider: "AZURE", account: ctx.account }, id)?.region;
}

/** What the image is made from: exactly one of a generalized VM or an OS disk snapshot. */
function sourceOf(ctx: ArmContext, body: ImageBody, location: string): ImageEntry & { vmId: string } {
  const p = body.properties ?? {};
  const vmRef = p.sourceVirtualMachine?.id;
  const osDisk = p.storageProfile?.osDisk;
  // Deduced from a snapshot (the front's are V2) when not given; a VM's images are V1 by default.
  const hyperVGeneration = p.hyperVGeneration ?? (vmRef === undefined ? "V2" : "V1");
  if (hyperVGeneration !== "V1" && hyperVGeneration !== "V2") {
    throw badRequest("InvalidParameter", `The value of parameter hyperVGeneration is invalid.`, "hyperVGeneration");
  }
  if (typeof vmRef === "string") {
    if (osDisk !== undefined) {
      throw badRequest(
        "InvalidParameter",
        "Only one of sourceVirtualMachine and storageProfile.osDisk may be given.",
        "storageProfile",
      );
    }
    const vm = ctx.state.vms.get(keyOf(vmRef));
    const world = cloudOf(ctx, location).vms.list({ where: (v) => keyOf(v.id) === keyOf(vmRef) }).items[0];
    if (!world || world.state === "terminated" || !vm) {
      throw badRequest("InvalidParameter", `Virtual machine ${vmRef} could not be found.`, "sourceVirtualMachine");
    }
    if (!vm.generalized) {
      throw new ArmError(
        409,
        "OperationNotAllowed",
        `The operation 'Capture' is not allowed on VM '${world.name}' since the VM is not marked as generalized.`,
      );
    }
    return { vmId: world.id, sourceVmId: world.id, snapshotId: undefined, osState: "Generalized", hyperVGeneration };
  }
  if (osDisk === undefined) {
    throw badRequest(
      "InvalidParameter",
      "Either sourceVirtualMachine or storageProfile.osDisk must be given.",
      "storageProfile.osDisk",
    );
  }
  if (osDisk.osType !== "Linux" && osDisk.osType !== "Windows") {
    throw badRequest("InvalidParameter", "Required parameter 'osDisk.osType' is missing (null).", "osDisk.osType");
  }
  if (osDisk.osState !== "Generalized" && osDisk.osState !== "Specialized") {
    throw badRequest("InvalidParameter", "Required parameter 'osDisk.osState' is missing (null).", "osDisk.osState");
  }
  const snapshotId = osDisk.snapshot?.id;
  if (typeof snapshotId !== "string") {
    throw badRequest(
      osDisk.managedDisk !== undefined || osDisk.blobUri !== undefined ? "UnsupportedByEmulator" : "InvalidParameter",
      "The emulator makes images from snapshots (osDisk.snapshot.id) or generalized VMs only.",
      "storageProfile.osDisk",
    );
  }
  const snapshot = findSnapshot(ctx, snapshotId);
  if (!snapshot || snapshot.region !== location) {
    throw new ArmError(404, "NotFound", `Resource ${snapshotId} not found.`, { target: "osDisk.snapshot.id" });
  }
  return {
    vmId: snapshot.sourceVmId,
    sourceVmId: undefined,
    snapshotId: snapshot.id,
    osState: osDisk.osState,
    hyperVGeneration,
  };
}

/**
 * PUT, GET, DELETE .../images/{name}; GET .../images lists the group's. A managed image is the
 * world's my-image of the VM it comes from: from a snapshot of its OS disk (the VM stays usable) or
 * from the VM itself once deallocated and generalized. Made in `myImageCreateMs`.
 */
export async function serveImages(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists images.");
    const page = await gate(ctx, group.location, "Images_ListByResourceGroup", () =>
      pageAcrossRegions(ctx, (cloud, options) => {
        const list = cloud.myImages.list({ ...options, where: (i) => inGroup(ctx, group, i.id) });
        return { ...list, items: list.items.map((i) => render(ctx, i, cloud.region)) };
      }),
    );
    return json(200, page);
  }
  const id = resourceId(ctx, group, imageType, name);
  const region = regionOf(ctx, id);
  const find = () =>
    region === undefined ? undefined : cloudOf(ctx, region).myImages.list({ where: (i) => i.id === id }).items[0];
  switch (ctx.request.method) {
    case "GET":
      return gate(ctx, region ?? group.location, "Images_Get", () => {
        const image = find();
        if (!image || region === undefined) throw resourceNotFound(imageType, name, group.name);
        return json(200, render(ctx, image, region));
      });
    case "PUT": {
      const body = bodyOf<ImageBody>(ctx.request);
      const location = checkLocation(ctx, body.location, imageType);
      const existing = find();
      if (existing && region !== undefined) {
        // An update changes tags only; the image's source is fixed.
        const entry = ctx.state.images.get(keyOf(id));
        const p = body.properties ?? {};
        const vmRef = p.sourceVirtualMachine?.id;
        const snapRef = p.storageProfile?.osDisk?.snapshot?.id;
        const moved =
          (typeof vmRef === "string" && keyOf(vmRef) !== keyOf(entry?.sourceVmId ?? "")) ||
          (typeof snapRef === "string" && keyOf(snapRef) !== keyOf(entry?.snapshotId ?? ""));
        if (moved) {
          throw new ArmError(
            409,
            "PropertyChangeNotAllowed",
            "Changing property 'sourceVirtualMachine' or 'storageProfile.osDisk' is not allowed.",
          );
        }
        return gate(ctx, region, "Images_CreateOrUpdate", (cloud) => {
          if (body.tags !== undefined) {
            const gone = Object.keys(existing.tags).filter((k) => !Object.hasOwn(body.tags ?? {}, k));
            if (gone.length > 0) cloud.tags.remove(id, gone);
            if (Object.keys(body.tags).length > 0) cloud.tags.add(id, body.tags);
          }
          const image = cloud.myImages.get(id);
          return json(200, render(ctx, image, region), {
            ...startOperation(ctx, { region, resourceId: id }),
          });
        });
      }
      const source = sourceOf(ctx, body, location);
      const image = await gate(ctx, location, "Images_CreateOrUpdate", (cloud) => {
        const made = cloud.myImages.create({ name, tags: body.tags, resourceGroup: group.name, vmId: source.vmId });
        ctx.state.images.set(keyOf(made.id), {
          snapshotId: source.snapshotId,
          sourceVmId: source.sourceVmId,
          osState: source.osState,
          hyperVGeneration: source.hyperVGeneration,
        });
        return made;
      });
      const headers = startOperation(ctx, {
        region: location,
        resourceId: id,
        durationMs: ctx.world.timing.myImageCreateMs,
      });
      return json(201, render(ctx, image, location), headers);
    }
    case "DELETE": {
      const where = region ?? group.location;
      const found = await gate(ctx, where, "Images_Delete", (cloud) => {
        if (!find()) return false;
        // VMs made from the image keep their disks; the world's backing snapshot goes with it.
        cloud.myImages.delete(id, { deleteSnapshot: true });
        ctx.state.images.delete(keyOf(id));
        return true;
      });
      if (!found) return { status: 204 };
      return {
        status: 202,
        headers: startOperation(ctx, {
          region: where,
          resourceId: id,
          withLocation: true,
        }),
      };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}
