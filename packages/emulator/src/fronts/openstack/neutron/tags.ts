import type { AccountRegion } from "../../../world/account-region.js";
import { hasTag, tagRecord } from "../../../world/resources/tag-rules.js";
import type { ResourceKind, Tags } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, readJson, tagList } from "../http.js";
import type { Route } from "../service.js";
import { fromWorldTags, toWorldTags } from "../tags.js";

/** Collections whose resources carry Neutron tags, and the world kind behind each. */
const collections: Readonly<Record<string, ResourceKind | "router">> = {
  networks: "network",
  subnets: "subnet",
  "security-groups": "security-group",
  routers: "router",
};

const collectionPattern = Object.keys(collections).join("|");

function current(cloud: AccountRegion, collection: string, id: string): Tags {
  const kind = collections[collection];
  if (kind === undefined) throw new FrontError(404, "The resource could not be found.");
  return kind === "router" ? cloud.routers.get(id).tags : cloud.tags.list(id, { kind });
}

function replace(cloud: AccountRegion, collection: string, id: string, next: Tags): void {
  const kind = collections[collection];
  if (kind === "router") {
    cloud.routers.update(id, { tags: next });
    return;
  }
  if (kind === undefined) return;
  const gone = Object.keys(cloud.tags.list(id, { kind })).filter((t) => !hasTag(next, t));
  if (gone.length > 0) cloud.tags.remove(id, gone, { kind });
  if (Object.keys(next).length > 0) cloud.tags.add(id, next, { kind });
}

const all = new RegExp(`^\\/(${collectionPattern})\\/([^/]+)\\/tags$`);
const one = new RegExp(`^\\/(${collectionPattern})\\/([^/]+)\\/tags\\/([^/]+)$`);

/** Neutron's tag extension: replace, list, check, add and remove string tags. */
export const tagRoutes: readonly Route[] = [
  {
    method: "GET",
    path: all,
    api: "neutron:ListTags",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { tags: fromWorldTags(current(cloud, call.params[0] ?? "", call.params[1] ?? "")) }),
      ),
  },
  {
    method: "PUT",
    path: all,
    api: "neutron:ReplaceTags",
    handle: (call) => {
      const tags = tagList(readJson(call.request));
      if (!tags) throw badRequest("'tags' is a required property");
      return call.call((cloud) => {
        replace(cloud, call.params[0] ?? "", call.params[1] ?? "", toWorldTags(tags));
        return json(200, { tags });
      });
    },
  },
  {
    method: "DELETE",
    path: all,
    api: "neutron:RemoveAllTags",
    handle: (call) =>
      call.call((cloud) => {
        replace(cloud, call.params[0] ?? "", call.params[1] ?? "", tagRecord());
        return noContent(204);
      }),
  },
  {
    method: "GET",
    path: one,
    api: "neutron:CheckTag",
    handle: (call) =>
      call.call((cloud) => {
        const tag = call.params[2] ?? "";
        if (!hasTag(current(cloud, call.params[0] ?? "", call.params[1] ?? ""), tag))
          throw new FrontError(404, `Tag ${tag} could not be found.`, "TagNotFound");
        return noContent(204);
      }),
  },
  {
    method: "PUT",
    path: one,
    api: "neutron:AddTag",
    handle: (call) =>
      call.call((cloud) => {
        const [collection = "", id = "", tag = ""] = call.params;
        const tags = current(cloud, collection, id);
        if (!hasTag(tags, tag))
          replace(cloud, collection, id, tagRecord([...Object.entries(tags), ...Object.entries(toWorldTags([tag]))]));
        return noContent(201);
      }),
  },
  {
    method: "DELETE",
    path: one,
    api: "neutron:RemoveTag",
    handle: (call) =>
      call.call((cloud) => {
        const [collection = "", id = "", tag = ""] = call.params;
        const tags = current(cloud, collection, id);
        if (!hasTag(tags, tag)) throw new FrontError(404, `Tag ${tag} could not be found.`, "TagNotFound");
        replace(cloud, collection, id, tagRecord(Object.entries(tags).filter(([key]) => key !== tag)));
        return noContent(204);
      }),
  },
];
