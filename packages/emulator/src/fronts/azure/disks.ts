import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Disk } from "../../world/types.js";
import type { Tags } from "../../world/types.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json, pageAcrossRegions } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import { startOperation } from "./operations.js";
import { guidOf, inGroup, resourceId } from "./resource-ids.js";

interface DiskBody {
  location?: unknown;
  tags?: Tags;
  zones?: unknown;
  sku?: { name?: unknown };
  properties?: { creationData?: { createOption?: unknown }; diskSizeGB?: unknown };
}

export const diskType = "Microsoft.Compute/disks";

const tiers: Readonly<Record<string, string>> = {
  Premium_LRS: "Premium",
  StandardSSD_LRS: "Standard",
  Standard_LRS: "Standard",
  UltraSSD_LRS: "Ultra",
  PremiumV2_LRS: "Premium",
};

function render(ctx: ArmContext, disk: Disk, region: string) {
  const attached = disk.attachment !== undefined;
  return {
    id: disk.id,
    name: disk.name,
    type: diskType,
    location: region,
    tags: disk.tags,
    ...(ctx.state.zonalDisks.has(keyOf(disk.id)) ? { zones: [disk.zone] } : {}),
    sku: { name: disk.type, tier: tiers[disk.type] ?? "Standard" },
    ...(attached ? { managedBy: disk.attachment?.vm.id } : {}),
    properties: {
      osType: disk.sourceImageId === undefined ? undefined : "Linux",
      creationData: disk.sourceImageId === undefined ? { createOption: "Empty" } : { createOption: "FromImage" },
      diskSizeGB: disk.sizeGB,
      diskSizeBytes: disk.sizeGB * 1024 ** 3,
      uniqueId: guidOf(disk.id, disk.createdAt),
      provisioningState: disk.state === "creating" ? "Updating" : disk.state === "error" ? "Failed" : "Succeeded",
      diskState: attached ? "Attached" : "Unattached",
      timeCreated: new Date(disk.createdAt).toISOString(),
    },
  };
}

function regionOf(ctx: ArmContext, id: string): string | undefined {
  return ctx.world.locate({ provider: "AZURE", account: ctx.account }, id)?.region;
}

/** PUT (empty disks), PATCH (size, tags), GET, DELETE .../disks/{name}; GET .../disks lists the group's managed disks (OS disks included). */
export async function serveDisks(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  const cloudOf = (region: string) => ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region });
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists disks.");
    const page = await gate(ctx, group.location, "Disks_ListByResourceGroup", () =>
      pageAcrossRegions(ctx, (cloud, options) => {
        const list = cloud.disks.list({
          ...options,
          where: (d) => inGroup(ctx, group, d.id) && d.state !== "deleting",
        });
        return { ...list, items: list.items.map((d) => render(ctx, d, cloud.region)) };
      }),
    );
    return json(200, page);
  }
  const id = resourceId(ctx, group, diskType, name);
  const region = regionOf(ctx, id) ?? group.location;
  const find = (region: string) =>
    cloudOf(region).disks.list({ where: (d) => d.id === id && d.state !== "deleting" }).items[0];
  switch (ctx.request.method) {
    case "GET":
      return gate(ctx, region, "Disks_Get", () => {
        const disk = find(region);
        if (!disk) throw resourceNotFound(diskType, name, group.name);
        return json(200, render(ctx, disk, region));
      });
    case "PUT":
    case "PATCH": {
      const body = bodyOf<DiskBody>(ctx.request);
      const existing = regionOf(ctx, id) !== undefined && find(region) !== undefined;
      if (ctx.request.method === "PATCH" && !existing) throw resourceNotFound(diskType, name, group.name);
      const size = body.properties?.diskSizeGB;
      if (size !== undefined && (typeof size !== "number" || !Number.isInteger(size) || size < 1)) {
        throw badRequest("InvalidParameter", "The value of parameter diskSizeGB is invalid.", "diskSizeGB");
      }
      if (existing) {
        // An update: tags, and a size that may only grow.
        const disk = await gate(
          ctx,
          region,
          ctx.request.method === "PUT" ? "Disks_CreateOrUpdate" : "Disks_Update",
          (cloud) => {
            const current = cloud.disks.get(id);
            if (size !== undefined && size < current.sizeGB) {
              throw badRequest(
                "BadRequest",
                `Disk size reduction is not supported. Current size is ${current.sizeGB} GB, requested size is ${size} GB.`,
                "diskSizeGB",
              );
            }
            if (size !== undefined && size > current.sizeGB) cloud.disks.resize(id, size);
            if (body.tags !== undefined && Object.keys(body.tags).length > 0) cloud.tags.add(id, body.tags);
            return cloud.disks.get(id);
          },
        );
        const headers = startOperation(ctx, { region, resourceId: id });
        return json(202, render(ctx, disk, region), headers);
      }
      const location = checkLocation(ctx, body.location, diskType);
      const option = body.properties?.creationData?.createOption;
      if (option !== "Empty") {
        throw badRequest(
          option === undefined ? "InvalidParameter" : "UnsupportedByEmulator",
          option === undefined
            ? "Required parameter 'creationData.createOption' is missing (null)."
            : `The emulator makes empty disks only, not '${JSON.stringify(option)}'.`,
          "creationData.createOption",
        );
      }
      if (size === undefined) {
        throw badRequest("InvalidParameter", "Required parameter 'diskSizeGB' is missing (null).", "diskSizeGB");
      }
      const sku = body.sku?.name ?? "Standard_LRS";
      const zones = Array.isArray(body.zones) ? body.zones.map(String) : [];
      const disk = await gate(ctx, location, "Disks_CreateOrUpdate", (cloud) => {
        if (!cloud.catalog.diskTypes().some((t) => t.name === sku)) {
          throw badRequest(
            "InvalidParameter",
            `The value '${JSON.stringify(sku)}' of sku.name is not valid.`,
            "sku.name",
          );
        }
        const made = cloud.disks.create({
          name,
          resourceGroup: group.name,
          zone: zones[0],
          type: sku as string,
          sizeGB: size,
          tags: body.tags,
        });
        if (zones.length > 0) ctx.state.zonalDisks.add(keyOf(made.id));
        return made;
      });
      const headers = startOperation(ctx, {
        region: location,
        resourceId: id,
        durationMs: ctx.world.timing.diskCreateMs,
      });
      return json(202, render(ctx, disk, location), headers);
    }
    case "DELETE": {
      const found = await gate(ctx, region, "Disks_Delete", (cloud) => {
        const disk = find(region);
        if (!disk) return false;
        if (disk.attachment) {
          throw new ArmError(409, "OperationNotAllowed", `Disk ${name} is attached to VM ${disk.attachment.vm.id}.`);
        }
        cloud.disks.delete(id);
        return true;
      });
      return { status: found ? 200 : 204 };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}
