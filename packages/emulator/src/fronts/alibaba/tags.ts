import type { AccountRegion } from "../../world/account-region.js";
import type { ResourceKind, Tags } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, missingParameter } from "./errors.js";
import { ecs, slb, vpc } from "./products.js";
import type { Product } from "./products.js";
import { slbsOf } from "./slb.js";

/** Each product's ResourceType values and the world kinds they name (SLB's are the front's records). */
const kindsOf: Readonly<Record<Product["name"], Readonly<Record<string, ResourceKind>>>> = {
  Ecs: { instance: "instance", disk: "volume", image: "image", securitygroup: "security-group", keypair: "key-pair" },
  Vpc: { VPC: "network", VSWITCH: "subnet" },
  Slb: { instance: "load-balancer" },
};

/** Where the tags of one resource type are kept. */
interface TagStore {
  get(id: string): Tags | undefined;
  set(id: string, tags: Tags): void;
  remove(id: string, keys: string[]): void;
  all(): { id: string; tags: Tags }[];
}

function worldStore(cloud: AccountRegion, kind: ResourceKind): TagStore {
  return {
    get: (id) => {
      try {
        return cloud.tags.list(id, { kind });
      } catch {
        return undefined;
      }
    },
    set: (id, tags) => void cloud.tags.add(id, tags, { kind }),
    remove: (id, keys) => void cloud.tags.remove(id, keys, { kind }),
    all: () => cloud.tags.find({ kinds: [kind] }).items.map((r) => ({ id: r.id, tags: r.tags })),
  };
}

function slbStore(c: ActionContext): TagStore {
  const find = (id: string) => slbsOf(c).find((r) => r.id === id);
  return {
    get: (id) => {
      const record = find(id);
      return record && { ...record.tags };
    },
    set: (id, tags) => {
      const record = find(id);
      if (!record) return;
      const merged = Object.assign(Object.create(null) as Tags, record.tags, tags);
      if (Object.keys(merged).length > 20)
        throw new AlibabaError("InvalidTagCount", "A resource holds at most 20 tags.");
      record.tags = merged;
    },
    remove: (id, keys) => {
      const record = find(id);
      if (record) for (const key of keys) delete record.tags[key];
    },
    all: () => slbsOf(c).map((r) => ({ id: r.id, tags: { ...r.tags } })),
  };
}

function typeOf(c: ActionContext): { type: string; kind: ResourceKind } {
  const type = c.params.required("ResourceType");
  const table = kindsOf[c.product.name];
  const kind = table[type] ?? table[type.toLowerCase()] ?? table[type.toUpperCase()];
  if (!kind) {
    throw invalidParameter(
      "ResourceType",
      `"${type}" is not one of ${Object.keys(table).join(", ")}.`,
      "InvalidResourceType.NotFound",
    );
  }
  return { type, kind };
}

function storeOf(c: ActionContext, cloud: AccountRegion, kind: ResourceKind): TagStore {
  return c.product.name === "Slb" ? slbStore(c) : worldStore(cloud, kind);
}

function resourceIds(c: ActionContext, required: boolean): string[] {
  const ids = c.params.list("ResourceId");
  if (required && ids.length === 0) throw missingParameter("ResourceId.N");
  if (ids.length > 50) throw invalidParameter("ResourceId", "At most 50 resources are allowed.");
  return ids;
}

function notFound(id: string): AlibabaError {
  return new AlibabaError("InvalidResourceId.NotFound", `The specified resource "${id}" does not exist.`, 404);
}

function tagResources(product: Product): ActionRegistration {
  return {
    product,
    action: "TagResources",
    handler: async (c) => {
      const { kind } = typeOf(c);
      const ids = resourceIds(c, true);
      const tags = c.params.tags();
      if (Object.keys(tags).length === 0) throw missingParameter("Tag.N.Key");
      return c.call((cloud) => {
        const store = storeOf(c, cloud, kind);
        // Check every resource first, so an unknown one changes nothing.
        for (const id of ids) if (!store.get(id)) throw notFound(id);
        for (const id of ids) store.set(id, tags);
        return {};
      });
    },
  };
}

function untagResources(product: Product): ActionRegistration {
  return {
    product,
    action: "UntagResources",
    handler: async (c) => {
      const { kind } = typeOf(c);
      const ids = resourceIds(c, true);
      const keys = c.params.list("TagKey");
      const all = c.params.bool("All") ?? false;
      return c.call((cloud) => {
        const store = storeOf(c, cloud, kind);
        for (const id of ids) if (!store.get(id)) throw notFound(id);
        for (const id of ids) {
          const present = Object.keys(store.get(id) ?? {});
          // Keys the resource does not have are passed over; no keys and All=true removes every tag.
          const doomed = keys.length === 0 ? (all ? present : []) : keys.filter((k) => present.includes(k));
          if (doomed.length > 0) store.remove(id, doomed);
        }
        return {};
      });
    },
  };
}

function listTagResources(product: Product): ActionRegistration {
  return {
    product,
    action: "ListTagResources",
    handler: async (c) => {
      const { type, kind } = typeOf(c);
      const ids = resourceIds(c, false);
      const wanted = c.params.tags();
      const tokenText = c.params.string("NextToken");
      const offset = tokenText === undefined ? 0 : Number(Buffer.from(tokenText, "base64url").toString());
      if (!Number.isInteger(offset) || offset < 0) {
        throw new AlibabaError("InvalidNextToken.Malformed", "The specified NextToken is not valid.");
      }
      const size = Math.min(c.params.int("MaxResults", { min: 1, max: 1000 }) ?? 50, c.pages.maxPageSize);
      return c.call((cloud) => {
        const store = storeOf(c, cloud, kind);
        const rows =
          ids.length > 0
            ? ids.flatMap((id) => {
                const tags = store.get(id);
                return tags ? [{ id, tags }] : [];
              })
            : store.all();
        const pairs = rows
          .filter((r) => Object.entries(wanted).every(([k, v]) => r.tags[k] === v || (v === "" && k in r.tags)))
          .flatMap((r) =>
            Object.entries(r.tags).map(([TagKey, TagValue]) => ({
              ResourceType: type,
              ResourceId: r.id,
              TagKey,
              TagValue,
            })),
          );
        const page = pairs.slice(offset, offset + size);
        const next = offset + size < pairs.length ? Buffer.from(String(offset + size)).toString("base64url") : "";
        return { NextToken: next, TagResources: { TagResource: page } };
      });
    },
  };
}

export const tagActions: readonly ActionRegistration[] = [ecs, vpc, slb].flatMap((product) => [
  tagResources(product),
  untagResources(product),
  listTagResources(product),
]);
