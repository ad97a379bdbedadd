import type { ResourceKind } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, missingParameter } from "./errors.js";
import { ecs, slb, vpc } from "./products.js";
import type { Product } from "./products.js";
import { slbIdOf, worldIdOf } from "./slb.js";

/** Each product's ResourceType values and the world kinds they name. */
const kindsOf: Readonly<Record<Product["name"], Readonly<Record<string, ResourceKind>>>> = {
  Ecs: { instance: "instance", disk: "volume", image: "image", securitygroup: "security-group", keypair: "key-pair" },
  Vpc: { VPC: "network", VSWITCH: "subnet" },
  Slb: { instance: "load-balancer" },
};

function kindOf(c: ActionContext): { type: string; kind: ResourceKind } {
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

function resourceIds(c: ActionContext, required: boolean): string[] {
  // SLB ids read "lb-..." where the world's read "nlb-..." (see slb.ts).
  const ids = c.params.list("ResourceId").map((id) => (c.product.name === "Slb" ? worldIdOf(id) : id));
  if (required && ids.length === 0) throw missingParameter("ResourceId.N");
  if (ids.length > 50) throw invalidParameter("ResourceId", "At most 50 resources are allowed.");
  return ids;
}

function notFound(id: string): AlibabaError {
  const shown = id.replace(/^nlb-/, "lb-");
  return new AlibabaError("InvalidResourceId.NotFound", `The specified resource "${shown}" does not exist.`, 404);
}

function tagResources(product: Product): ActionRegistration {
  return {
    product,
    action: "TagResources",
    handler: async (c) => {
      const { kind } = kindOf(c);
      const ids = resourceIds(c, true);
      const tags = c.params.tags();
      if (Object.keys(tags).length === 0) throw missingParameter("Tag.N.Key");
      return c.call((cloud) => {
        // Check every resource first, so an unknown one changes nothing.
        for (const id of ids) if (!exists(cloud, kind, id)) throw notFound(id);
        for (const id of ids) cloud.tags.add(id, tags, { kind });
        return {};
      });
    },
  };
}

function exists(cloud: Parameters<Parameters<ActionContext["call"]>[0]>[0], kind: ResourceKind, id: string): boolean {
  try {
    cloud.tags.list(id, { kind });
    return true;
  } catch {
    return false;
  }
}

function untagResources(product: Product): ActionRegistration {
  return {
    product,
    action: "UntagResources",
    handler: async (c) => {
      const { kind } = kindOf(c);
      const ids = resourceIds(c, true);
      const keys = c.params.list("TagKey");
      const all = c.params.bool("All") ?? false;
      return c.call((cloud) => {
        for (const id of ids) if (!exists(cloud, kind, id)) throw notFound(id);
        for (const id of ids) {
          const present = Object.keys(cloud.tags.list(id, { kind }));
          // Keys the resource does not have are passed over; no keys and All=true removes every tag.
          const doomed = keys.length === 0 ? (all ? present : []) : keys.filter((k) => present.includes(k));
          if (doomed.length > 0) cloud.tags.remove(id, doomed, { kind });
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
      const { type, kind } = kindOf(c);
      const ids = resourceIds(c, false);
      const wanted = c.params.tags();
      const tokenText = c.params.string("NextToken");
      const offset = tokenText === undefined ? 0 : Number(Buffer.from(tokenText, "base64url").toString());
      if (!Number.isInteger(offset) || offset < 0)
        throw new AlibabaError("InvalidNextToken.Malformed", "The specified NextToken is not valid.");
      const size = Math.min(c.params.int("MaxResults", { min: 1, max: 1000 }) ?? 50, c.pages.maxPageSize);
      return c.call((cloud) => {
        const rows =
          ids.length > 0
            ? ids.filter((id) => exists(cloud, kind, id)).map((id) => ({ id, tags: cloud.tags.list(id, { kind }) }))
            : cloud.tags.find({ kinds: [kind] }).items.map((r) => ({ id: r.id, tags: r.tags }));
        const shown = (id: string) => (c.product.name === "Slb" ? slbIdOf(id) : id);
        const pairs = rows
          .filter((r) => Object.entries(wanted).every(([k, v]) => r.tags[k] === v || (v === "" && k in r.tags)))
          .flatMap((r) =>
            Object.entries(r.tags).map(([TagKey, TagValue]) => ({
              ResourceType: type,
              ResourceId: shown(r.id),
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
