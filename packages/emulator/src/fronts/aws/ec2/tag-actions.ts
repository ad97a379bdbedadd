import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import { hasTag, tagValue } from "../../../world/resources/tag-rules.js";
import type { ResourceKind, Tags } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { pageSizeFor } from "../paging.js";
import { ParamError } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action } from "./context.js";
import { ec2ResourceTypes, notFoundCode } from "./errors.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { readTags } from "./tags.js";

/** The world kinds EC2 tags, by the prefix of their ids. */
const kindByPrefix: Readonly<Record<string, ResourceKind>> = {
  vpc: "network",
  subnet: "subnet",
  sg: "security-group",
  key: "key-pair",
  i: "instance",
  vol: "volume",
  ami: "image",
};

/** The kinds DescribeTags lists (load balancers are tagged through ELBv2). */
const taggedKinds = Object.values(kindByPrefix);

/** The kind an EC2 id names by its prefix; anything else is not an EC2 id at all. */
function kindOf(id: string): ResourceKind {
  const kind = kindByPrefix[id.slice(0, id.indexOf("-"))];
  if (!kind || !/^[a-z]+-[0-9a-f]{8,17}$/.test(id)) throw new AwsFault("InvalidID", `The ID '${id}' is not valid`);
  return kind;
}

function onResources(
  cloud: AccountRegion,
  ids: readonly string[],
  apply: (id: string, kind: ResourceKind) => void,
): void {
  for (const id of ids) {
    const kind = kindOf(id);
    try {
      apply(id, kind);
    } catch (error) {
      if (isWorldError(error, "NotFound") && error.resourceType !== "tag")
        throw new AwsFault(notFoundCode(kind), `The ID '${id}' does not exist`);
      throw error;
    }
  }
}

function resourceIds(ctx: Parameters<Ec2Action>[0]): string[] {
  const ids = ctx.params.strings("ResourceId");
  if (ids.length === 0)
    throw new ParamError("missing", "ResourceId", "The request must contain the parameter resourceIdSet");
  return ids;
}

/** CreateTags: sets tags (overwriting values of existing keys) on EC2 resources. */
export const createTags: Ec2Action = async (ctx) => {
  const ids = resourceIds(ctx);
  const tags = readTags(ctx.params);
  if (Object.keys(tags).length === 0)
    throw new ParamError("missing", "Tag", "The request must contain the parameter tagSet");
  await ctx.call((cloud) => onResources(cloud, ids, (id, kind) => cloud.tags.add(id, tags, { kind })));
  return { return: true };
};

/**
 * DeleteTags: removes keys (only where the value matches, when a value is given); keys a resource
 * does not have are skipped, and no Tag at all removes every tag, as on EC2.
 */
export const deleteTags: Ec2Action = async (ctx) => {
  const ids = resourceIds(ctx);
  const wanted = ctx.params.list("Tag").map((t) => ({ key: t.required("Key"), value: t.string("Value") }));
  await ctx.call((cloud) =>
    onResources(cloud, ids, (id, kind) => {
      const current: Tags = cloud.tags.list(id, { kind });
      const keys =
        wanted.length === 0
          ? Object.keys(current)
          : wanted
              .filter((t) => hasTag(current, t.key) && (t.value === undefined || t.value === tagValue(current, t.key)))
              .map((t) => t.key);
      if (keys.length > 0) cloud.tags.remove(id, keys, { kind });
    }),
  );
  return { return: true };
};

type TagItem = { resourceId: string; resourceType: string; key: string; value: string } & XmlFields;

const tagFields: FilterFields<TagItem> = {
  "resource-id": (t) => t.resourceId,
  "resource-type": (t) => t.resourceType,
  key: (t) => t.key,
  value: (t) => t.value,
};

const tokenPrefix = "dt1.";

/**
 * DescribeTags: one item per tag, in resource creation order. The page token is the position of
 * the next item, so tags added or removed between pages may shift the rest of the listing.
 */
export const describeTags: Ec2Action = async (ctx) => {
  const match = filterPredicate(readFilters(ctx.params), tagFields);
  const size = pageSizeFor(ctx.pages, ctx.params.int("MaxResults"), { min: 5, max: 1000, param: "MaxResults" });
  const token = ctx.params.string("NextToken");
  const offset = token === undefined ? 0 : Number(Buffer.from(token, "base64url").toString().slice(tokenPrefix.length));
  if (!Number.isInteger(offset) || offset < 0)
    throw new AwsFault("InvalidNextToken", "The token is invalid or expired.");
  const items = await ctx.call((cloud) =>
    cloud.tags
      .find({ kinds: taggedKinds })
      .items.flatMap((r) =>
        Object.entries(r.tags).map(([key, value]): TagItem => ({
          resourceId: r.id,
          resourceType: ec2ResourceTypes[r.kind] ?? r.kind,
          key,
          value,
        })),
      )
      .filter(match),
  );
  const page = items.slice(offset, offset + size);
  const next =
    offset + size < items.length ? Buffer.from(`${tokenPrefix}${offset + size}`).toString("base64url") : undefined;
  return { tagSet: page, nextToken: next };
};
