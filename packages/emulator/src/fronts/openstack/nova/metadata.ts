import type { AccountRegion } from "../../../world/account-region.js";
import { hasTag, tagRecord, tagValue } from "../../../world/resources/tag-rules.js";
import { FrontError, badRequest, json, noContent, objectField, readJson } from "../http.js";
import type { Route } from "../service.js";
import { requireServer } from "./servers.js";

function metadataOf(body: Record<string, unknown>, key: string): Record<string, string> {
  const value = objectField(body, key);
  for (const [k, v] of Object.entries(value))
    if (typeof v !== "string") throw badRequest(`Invalid input for field/attribute ${key}.${k}: must be a string`);
  return tagRecord(value as Record<string, string>);
}

function replaceAll(cloud: AccountRegion, id: string, next: Record<string, string>): Record<string, string> {
  const current = cloud.tags.list(id, { kind: "instance" });
  const gone = Object.keys(current).filter((k) => !hasTag(next, k));
  if (gone.length > 0) cloud.tags.remove(id, gone, { kind: "instance" });
  return Object.keys(next).length > 0 ? cloud.tags.add(id, next, { kind: "instance" }) : tagRecord();
}

/** Server metadata: Nova's key/value pairs on a server, kept as the world VM's tags. */
export const metadataRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/servers\/([^/]+)\/metadata$/,
    api: "nova:ListServerMetadata",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { metadata: cloud.tags.list(requireServer(cloud, call.params[0] ?? "").id, { kind: "instance" }) }),
      ),
  },
  {
    method: "POST",
    path: /^\/servers\/([^/]+)\/metadata$/,
    api: "nova:UpdateServerMetadata",
    handle: (call) => {
      const metadata = metadataOf(readJson(call.request), "metadata");
      return call.call((cloud) =>
        json(200, {
          metadata: cloud.tags.add(requireServer(cloud, call.params[0] ?? "").id, metadata, { kind: "instance" }),
        }),
      );
    },
  },
  {
    method: "PUT",
    path: /^\/servers\/([^/]+)\/metadata$/,
    api: "nova:ReplaceServerMetadata",
    handle: (call) => {
      const metadata = metadataOf(readJson(call.request), "metadata");
      return call.call((cloud) =>
        json(200, { metadata: replaceAll(cloud, requireServer(cloud, call.params[0] ?? "").id, metadata) }),
      );
    },
  },
  {
    method: "GET",
    path: /^\/servers\/([^/]+)\/metadata\/([^/]+)$/,
    api: "nova:ShowServerMetadataItem",
    handle: (call) =>
      call.call((cloud) => {
        const key = call.params[1] ?? "";
        const value = tagValue(
          cloud.tags.list(requireServer(cloud, call.params[0] ?? "").id, { kind: "instance" }),
          key,
        );
        if (value === undefined) throw new FrontError(404, "Metadata item was not found");
        return json(200, { meta: { [key]: value } });
      }),
  },
  {
    method: "PUT",
    path: /^\/servers\/([^/]+)\/metadata\/([^/]+)$/,
    api: "nova:SetServerMetadataItem",
    handle: (call) => {
      const meta = metadataOf(readJson(call.request), "meta");
      const key = call.params[1] ?? "";
      if (Object.keys(meta).length !== 1 || tagValue(meta, key) === undefined)
        throw badRequest("Request body and URI mismatch");
      return call.call((cloud) => {
        cloud.tags.add(requireServer(cloud, call.params[0] ?? "").id, meta, { kind: "instance" });
        return json(200, { meta });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/servers\/([^/]+)\/metadata\/([^/]+)$/,
    api: "nova:DeleteServerMetadataItem",
    handle: (call) =>
      call.call((cloud) => {
        const id = requireServer(cloud, call.params[0] ?? "").id;
        const key = call.params[1] ?? "";
        if (!hasTag(cloud.tags.list(id, { kind: "instance" }), key))
          throw new FrontError(404, "Metadata item was not found");
        cloud.tags.remove(id, [key], { kind: "instance" });
        return noContent(204);
      }),
  },
];
