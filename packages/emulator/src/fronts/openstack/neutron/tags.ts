import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import { hasTag, tagRecord } from "../../../world/resources/tag-rules.js";
import type { ResourceKind, Tags } from "../../../world/types.js";
import { FrontError, json, noContent, readJson } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { fromWorldTags } from "../tags.js";

// Neutron's tags (standard-attr-tag): plain strings on networks, subnets, ports, routers, security
// groups and floating IPs, kept by the world as keys with empty values. They are set through the
// tags sub-resource; of the create bodies only ports' take them, and only from Ussuri on.

interface Taggable {
  /** The resource name Neutron's tag plugin reports in TagResourceNotFound. */
  resource: string;
  read(cloud: AccountRegion, id: string): Tags;
  write(cloud: AccountRegion, id: string, tags: Tags): void;
}

/** Tags of a resource kept in one of the world's tables. */
function tableTags(kind: ResourceKind, resource: string): Taggable {
  return {
    resource,
    read: (cloud, id) => cloud.tags.list(id, { kind }),
    write: (cloud, id, next) => {
      const gone = Object.keys(cloud.tags.list(id, { kind })).filter((t) => !hasTag(next, t));
      if (gone.length > 0) cloud.tags.remove(id, gone, { kind });
      if (Object.keys(next).length > 0) cloud.tags.add(id, next, { kind });
    },
  };
}

const collections: Readonly<Record<string, Taggable>> = {
  networks: tableTags("network", "networks"),
  subnets: tableTags("subnet", "subnets"),
  "security-groups": tableTags("security-group", "security_groups"),
  routers: {
    resource: "routers",
    read: (cloud, id) => cloud.routers.get(id).tags,
    write: (cloud, id, tags) => void cloud.routers.update(id, { tags }),
  },
  ports: {
    resource: "ports",
    read: (cloud, id) => cloud.networkInterfaces.get(id).tags,
    write: (cloud, id, tags) => void cloud.networkInterfaces.update(id, { tags }),
  },
  floatingips: {
    resource: "floatingips",
    read: (cloud, id) => cloud.publicIps.get(id).tags,
    write: (cloud, id, tags) => void cloud.publicIps.update(id, { tags }),
  },
};

/** Neutron's InvalidInput, a 400. */
const invalidInput = (message: string): FrontError =>
  new FrontError(400, `Invalid input for operation: ${message}.`, "InvalidInput");

/** validate_list_of_unique_strings, as the tags body and port create bodies are checked; null when valid. */
function tagListProblem(value: unknown, maxLength: number): string | null {
  if (!Array.isArray(value)) return `'${String(value)}' is not a list`;
  const seen = new Set<unknown>();
  const dups = value.filter((t) => (seen.has(t) ? true : (seen.add(t), false)));
  if (dups.length > 0) return `Duplicate items in the list: '${dups.map(String).join(", ")}'`;
  for (const tag of value) {
    if (typeof tag !== "string") return `'${String(tag)}' is not a valid string`;
    if (tag.length > maxLength) return `'${tag}' exceeds maximum length of ${maxLength}`;
  }
  return null;
}

/** The world tags of strings that passed validation. */
function asWorldTags(tags: readonly string[]): Tags {
  return tagRecord(tags.map((t) => [t, ""] as const));
}

/**
 * The tags of a create body, or undefined. Neutron refuses `tags` on every create but ports'
 * (Ussuri on), and keeps port tags only with the tag-ports-during-bulk-creation driver loaded.
 */
export function createTags(call: ServiceCall, collection: string, body: Record<string, unknown>): Tags | undefined {
  if (body["tags"] === undefined) return undefined;
  const deployment = call.ctx.deployment;
  if (collection !== "ports" || !deployment.neutronPortTagsOnCreate)
    throw new FrontError(400, "Attribute 'tags' not allowed in POST", "HTTPBadRequest");
  const problem = tagListProblem(body["tags"], deployment.neutronMaxTagLength);
  if (problem !== null) throw new FrontError(400, `Invalid input for tags. Reason: ${problem}.`, "HTTPBadRequest");
  if (!deployment.neutronExtensions.includes("tag-ports-during-bulk-creation")) return undefined;
  return asWorldTags(body["tags"] as string[]);
}

/** Neutron's answer to `tags` in an update body. */
export function refuseTagsOnUpdate(body: Record<string, unknown>): void {
  if (body["tags"] !== undefined) throw new FrontError(400, "Cannot update read-only attribute tags", "HTTPBadRequest");
}

const all = new RegExp(`^\\/(${Object.keys(collections).join("|")})\\/([^/]+)\\/tags$`);
const one = new RegExp(`^\\/(${Object.keys(collections).join("|")})\\/([^/]+)\\/tags\\/([^/]+)$`);

/** The resource a tag route addresses; runs `fn` on it, turning "no such resource" into Neutron's 404. */
function onResource<T>(call: ServiceCall, fn: (cloud: AccountRegion, taggable: Taggable, id: string) => T): Promise<T> {
  const [collection = "", id = ""] = call.params;
  const taggable = collections[collection];
  if (!taggable) throw new FrontError(404, "The resource could not be found.", "HTTPNotFound");
  return call.call((cloud) => {
    try {
      taggable.read(cloud, id);
    } catch (error) {
      if (isWorldError(error, "NotFound"))
        throw new FrontError(404, `Resource ${taggable.resource} ${id} could not be found.`, "TagResourceNotFound");
      throw error;
    }
    return fn(cloud, taggable, id);
  });
}

/** The tags body of PUT and POST .../tags, validated. */
function tagsBody(call: ServiceCall): string[] {
  const body = readJson(call.request);
  if (!("tags" in body)) throw invalidInput("Invalid tags body");
  const problem = tagListProblem(body["tags"], call.ctx.deployment.neutronMaxTagLength);
  if (problem !== null) throw invalidInput(problem);
  return body["tags"] as string[];
}

/** A tag named in the URL, validated as Neutron's validate_tag does. */
function urlTag(call: ServiceCall): string {
  const tag = call.params[2] ?? "";
  const max = call.ctx.deployment.neutronMaxTagLength;
  if (tag.length > max) throw invalidInput(`'${tag}' exceeds maximum length of ${max}`);
  return tag;
}

const tagNotFound = (tag: string): FrontError => new FrontError(404, `Tag ${tag} could not be found.`, "TagNotFound");

/** The tags sub-resource: list, replace, remove all; check, add, remove one; with tag-creation, add several. */
export const tagRoutes: readonly Route[] = [
  {
    method: "GET",
    path: all,
    api: "neutron:ListTags",
    handle: (call) => onResource(call, (cloud, t, id) => json(200, { tags: fromWorldTags(t.read(cloud, id)) })),
  },
  {
    method: "PUT",
    path: all,
    api: "neutron:ReplaceTags",
    handle: (call) => {
      const tags = tagsBody(call);
      return onResource(call, (cloud, t, id) => {
        t.write(cloud, id, asWorldTags(tags));
        return json(200, { tags });
      });
    },
  },
  {
    method: "POST",
    path: all,
    api: "neutron:CreateTags",
    handle: (call) => {
      // Before tag-creation (2024.2) the tag controller's create answered a bare 404.
      if (!call.ctx.deployment.neutronExtensions.includes("tag-creation"))
        throw new FrontError(404, "not supported", "HTTPNotFound");
      const tags = tagsBody(call);
      return onResource(call, (cloud, t, id) => {
        t.write(cloud, id, { ...t.read(cloud, id), ...asWorldTags(tags) });
        return json(200, { tags });
      });
    },
  },
  {
    method: "DELETE",
    path: all,
    api: "neutron:RemoveAllTags",
    handle: (call) =>
      onResource(call, (cloud, t, id) => {
        t.write(cloud, id, tagRecord());
        return noContent(204);
      }),
  },
  {
    method: "GET",
    path: one,
    api: "neutron:CheckTag",
    handle: (call) => {
      const tag = urlTag(call);
      return onResource(call, (cloud, t, id) => {
        if (!hasTag(t.read(cloud, id), tag)) throw tagNotFound(tag);
        return noContent(204);
      });
    },
  },
  {
    method: "PUT",
    path: one,
    api: "neutron:AddTag",
    handle: (call) => {
      const tag = urlTag(call);
      return onResource(call, (cloud, t, id) => {
        const tags = t.read(cloud, id);
        if (!hasTag(tags, tag)) t.write(cloud, id, tagRecord([...Object.entries(tags), [tag, ""]]));
        return noContent(201);
      });
    },
  },
  {
    method: "DELETE",
    path: one,
    api: "neutron:RemoveTag",
    handle: (call) => {
      const tag = urlTag(call);
      return onResource(call, (cloud, t, id) => {
        const tags = t.read(cloud, id);
        if (!hasTag(tags, tag)) throw tagNotFound(tag);
        t.write(cloud, id, tagRecord(Object.entries(tags).filter(([key]) => key !== tag)));
        return noContent(204);
      });
    },
  },
];
