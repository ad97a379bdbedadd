import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags } from "../../world/types.js";
import { ArmError } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";

const type = "Microsoft.Resources/resourceGroups";

function render(group: ResourceGroup) {
  return {
    id: group.id,
    name: group.name,
    type,
    location: group.location,
    tags: group.tags,
    properties: { provisioningState: "Succeeded" },
  };
}

export function groupNotFound(name: string): ArmError {
  return new ArmError(404, "ResourceGroupNotFound", `Resource group '${name}' could not be found.`);
}

/** The group a resource path names, or ARM's 404 for it. */
export function requireGroup(ctx: ArmContext, name: string): ResourceGroup {
  const group = ctx.world.resourceGroups.get({ provider: "AZURE", account: ctx.account }, name);
  if (!group) throw groupNotFound(name);
  return group;
}

/** The region a subscription-level call is counted in (ARM's buckets are per subscription and region). */
export function homeRegion(ctx: ArmContext): string {
  return ctx.world.catalog("AZURE").regions[0]?.name ?? "";
}

/** PUT, GET and HEAD /subscriptions/{sub}/resourcegroups/{name}. Deleting groups is not served yet. */
export async function serveResourceGroup(ctx: ArmContext, name: string): Promise<FrontResponse> {
  const key = { provider: "AZURE", account: ctx.account };
  switch (ctx.request.method) {
    case "GET": {
      const group = await gate(ctx, homeRegion(ctx), "ResourceGroups_Get", () =>
        ctx.world.resourceGroups.get(key, name),
      );
      if (!group) throw groupNotFound(name);
      return json(200, render(group));
    }
    case "HEAD": {
      const group = await gate(ctx, homeRegion(ctx), "ResourceGroups_CheckExistence", () =>
        ctx.world.resourceGroups.get(key, name),
      );
      return { status: group ? 204 : 404 };
    }
    case "PUT": {
      if (!/^[-\w._()]{1,90}$/.test(name) || name.endsWith(".")) {
        throw new ArmError(
          400,
          "InvalidResourceGroup",
          `The provided resource group name '${name}' has these invalid characters: ''. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
        );
      }
      const body = bodyOf<{ location?: unknown; tags?: Tags }>(ctx.request);
      const location = checkLocation(ctx, body.location, type);
      const { group, created } = await gate(ctx, location, "ResourceGroups_CreateOrUpdate", () => {
        const existing = ctx.world.resourceGroups.get(key, name);
        if (existing && existing.location !== location) {
          throw new ArmError(
            409,
            "InvalidResourceGroupLocation",
            `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`,
          );
        }
        return ctx.world.resourceGroups.put(key, { name, location, tags: body.tags });
      });
      return json(created ? 201 : 200, render(group));
    }
    default:
      throw new ArmError(
        405,
        "MethodNotAllowed",
        `The method '${ctx.request.method}' is not served for resource groups.`,
      );
  }
}
