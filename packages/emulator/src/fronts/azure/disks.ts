import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Disk } from "../../world/types.js";
import { ArmError, resourceNotFound } from "./arm-error.js";
import { gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { guidOf, inGroup, resourceId } from "./resource-ids.js";

export const diskType = "Microsoft.Compute/disks";

const tiers: Readonly<Record<string, string>> = {
  Premium_LRS: "Premium",
  StandardSSD_LRS: "Standard",
  Standard_LRS: "Standard",
  UltraSSD_LRS: "Ultra",
  PremiumV2_LRS: "Premium",
};

function render(disk: Disk, region: string) {
  const attached = disk.attachment !== undefined;
  return {
    id: disk.id,
    name: disk.name,
    type: diskType,
    location: region,
    tags: disk.tags,
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

/** GET, DELETE .../disks/{name}; GET .../disks lists the group's managed disks (OS disks included). */
export async function serveDisks(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  const regions = ctx.world.catalog("AZURE").regions.map((r) => r.name);
  const cloudOf = (region: string) => ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region });
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists disks.");
    const value = await gate(ctx, group.location, "Disks_ListByResourceGroup", () =>
      regions.flatMap((region) =>
        cloudOf(region)
          .disks.list({ where: (d) => inGroup(ctx, group, d.id) && d.state !== "deleting" })
          .items.map((d) => render(d, region)),
      ),
    );
    return json(200, { value });
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
        return json(200, render(disk, region));
      });
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
