import { createHash } from "node:crypto";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { ArmContext } from "./context.js";
import type { ArmSubject } from "./errors.js";

/** The ARM id of a resource of `type` ("Microsoft.Network/virtualNetworks") in a group. */
export function resourceId(ctx: ArmContext, group: ResourceGroup, type: string, name: string): string {
  return `/subscriptions/${ctx.account}/resourceGroups/${group.name}/providers/${type}/${name}`;
}

export function subjectOf(ctx: ArmContext, group: ResourceGroup, type: string, name: string): ArmSubject {
  return { type, name, group: group.name, id: resourceId(ctx, group, type, name) };
}

/** Whether an id lies in the group (ARM compares names case-insensitively). */
export function inGroup(ctx: ArmContext, group: ResourceGroup, id: string): boolean {
  return id.toLowerCase().startsWith(`/subscriptions/${ctx.account}/resourcegroups/${group.name}/`.toLowerCase());
}

/** A stable GUID for a resource (its resourceGuid), derived from its id and creation time. */
export function guidOf(id: string, createdAt: number): string {
  const hex = createHash("sha256").update(`${id}@${createdAt}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A weak ETag that changes whenever the rendered resource does. */
export function etagOf(resource: unknown): string {
  return `W/"${guidOf(JSON.stringify(resource), 0)}"`;
}
