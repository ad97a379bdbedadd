import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags } from "../../world/types.js";
import { ArmError, badRequest } from "./arm-error.js";
import { bodyOf, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { resourceId } from "./resource-ids.js";

interface TagsBody {
  operation?: unknown;
  properties?: { tags?: unknown };
}

/** Tags as ARM takes them: string values, each key and value within ARM's lengths. */
function tagsOf(value: unknown): Tags {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw badRequest("InvalidTagFormat", "properties.tags must be an object.");
  const tags: Tags = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw badRequest("InvalidTagFormat", `The value of tag '${key}' must be a string.`);
    if (key.length > 512 || v.length > 256 || /[<>%&\\?/]/.test(key)) {
      throw badRequest("InvalidTagNameCharacters", `The tag name '${key}' has invalid characters or is too long.`);
    }
    Object.defineProperty(tags, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return tags;
}

/**
 * GET, PUT, PATCH and DELETE {resource}/providers/Microsoft.Resources/tags/default: a resource's
 * tags read, replaced, merged, deleted by name (or name and value) through the Tags API.
 */
export async function serveTags(
  ctx: ArmContext,
  group: ResourceGroup,
  type: string,
  name: string,
): Promise<FrontResponse> {
  const id = resourceId(ctx, group, type, name);
  const located = ctx.world.locate({ provider: "AZURE", account: ctx.account }, id);
  const region = located?.region ?? group.location;
  const subject = { type, name, group: group.name, id };
  const answer = (tags: Tags) =>
    json(200, {
      id: `${id}/providers/Microsoft.Resources/tags/default`,
      name: "default",
      type: "Microsoft.Resources/tags",
      properties: { tags },
    });
  const method = ctx.request.method;
  const api = {
    GET: "Tags_GetAtScope",
    PUT: "Tags_CreateOrUpdateAtScope",
    PATCH: "Tags_UpdateAtScope",
    DELETE: "Tags_DeleteAtScope",
  }[method];
  if (!api) throw new ArmError(405, "MethodNotAllowed", `The method '${method}' is not allowed.`);
  const body = method === "PUT" || method === "PATCH" ? bodyOf<TagsBody>(ctx.request) : {};
  const given = tagsOf(body.properties?.tags);
  const tags = await gate(
    ctx,
    region,
    api,
    (cloud) => {
      if (!located)
        throw new ArmError(
          404,
          "ResourceNotFound",
          `The Resource '${type}/${name}' under resource group '${group.name}' was not found.`,
        );
      const current = cloud.tags.list(id);
      const drop = (keys: string[]) => keys.length > 0 && cloud.tags.remove(id, keys);
      if (method === "PUT" || (method === "PATCH" && body.operation === "Replace")) {
        drop(Object.keys(current).filter((k) => !Object.hasOwn(given, k)));
        if (Object.keys(given).length > 0) cloud.tags.add(id, given);
      } else if (method === "PATCH" && body.operation === "Merge") {
        if (Object.keys(given).length > 0) cloud.tags.add(id, given);
      } else if (method === "PATCH" && body.operation === "Delete") {
        drop(
          Object.keys(given).filter((k) => Object.hasOwn(current, k) && (given[k] === "" || given[k] === current[k])),
        );
      } else if (method === "PATCH") {
        throw badRequest("InvalidRequestContent", "operation must be Merge, Replace or Delete.", "operation");
      } else if (method === "DELETE") {
        drop(Object.keys(current));
      }
      return cloud.tags.list(id);
    },
    subject,
  );
  return method === "DELETE" ? { status: 200 } : answer(tags);
}
