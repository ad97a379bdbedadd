import { tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type { CallContext, ResourceType, TagHandler, TagTarget, TaggedResource } from "@cloud-barista/core/driver";
import type { IbmApi } from "../apis.js";
import { badAnswer, notFound } from "../errors.js";
import { applyTags } from "../tagging.js";
import type { IbmSession, Params } from "../session.js";
import { splitTag, tagName, tagsOf } from "../tags.js";
import type { Ref } from "./native-types.js";

/** How each taggable type is read (for its CRN) and listed (for a tag search). */
export const taggedTypes = {
  vpc: { get: "get_vpc", list: "list_vpcs", collection: "vpcs" },
  subnet: { get: "get_subnet", list: "list_subnets", collection: "subnets" },
  securityGroup: { get: "get_security_group", list: "list_security_groups", collection: "security_groups" },
  keyPair: { get: "get_key", list: "list_keys", collection: "keys" },
  vm: { get: "get_instance", list: "list_instances", collection: "instances" },
  disk: { get: "get_volume", list: "list_volumes", collection: "volumes" },
  myImage: { get: "get_image", list: "list_images", collection: "images", params: { visibility: "private" } },
  nlb: { get: "get_load_balancer", list: "list_load_balancers", collection: "load_balancers" },
} as const satisfies Partial<Record<ResourceType, { get: IbmApi; list: IbmApi; collection: string; params?: Params }>>;

type TaggedType = keyof typeof taggedTypes;

interface TagPage {
  total_count?: number;
  offset?: number;
  items?: { name?: string }[];
}

/** The Global Tagging API's largest page. */
const tagPageSize = 1000;

/**
 * User tags through the Global Tagging API, which names resources by CRN: a resource's CRN comes
 * from its VPC read (remembered: a CRN never changes). A tag is "key:value"; setting a key that
 * has another value detaches the old tag first. A search lists the resources of the type and
 * reads each one's tags (the tagging API has no search by tag and type).
 */
export function createTagHandler(session: IbmSession): TagHandler {
  const crnOf = (ctx: CallContext, target: TagTarget) => {
    const type = target.resourceType;
    return session.crns.get(target.iid.systemId, async () => {
      const found = await session.call<Ref>(ctx, taggedTypes[type].get, { id: target.iid.systemId });
      if (!found.crn) throw badAnswer(`${taggedTypes[type].get}: no crn of ${target.iid.systemId}`);
      return found.crn;
    });
  };

  const namesOf = async (ctx: CallContext, crn: string): Promise<string[]> => {
    const names: string[] = [];
    for (let offset = 0; ;) {
      const page = await session.call<TagPage>(ctx, "list_tags", {
        attached_to: crn,
        tag_type: "user",
        offset,
        limit: tagPageSize,
      });
      const items = page.items ?? [];
      for (const item of items) if (item.name) names.push(item.name);
      offset += items.length;
      if (items.length === 0 || offset >= (page.total_count ?? 0)) return names;
    }
  };

  const apply = (ctx: CallContext, api: "attach_tag" | "detach_tag", crn: string, names: string[]) =>
    applyTags(session, ctx, api, crn, names);

  const read = async (target: TagTarget, ctx: CallContext) => tagsOf(await namesOf(ctx, await crnOf(ctx, target)));

  return {
    ...tagReads(read, notFound),
    async add(target, tag, ctx) {
      const crn = await crnOf(ctx, target);
      const names = await namesOf(ctx, crn);
      const stale = names.filter((n) => splitTag(n)[0] === tag.key && n !== tagName(tag.key, tag.value));
      await apply(ctx, "detach_tag", crn, stale);
      if (!names.includes(tagName(tag.key, tag.value)))
        await apply(ctx, "attach_tag", crn, [tagName(tag.key, tag.value)]);
      return { key: tag.key, value: tag.value };
    },
    async remove(target, key, ctx) {
      const crn = await crnOf(ctx, target);
      const names = await namesOf(ctx, crn);
      const matching = names.filter((n) => splitTag(n)[0] === key);
      if (matching.length === 0) throw notFound("tag", key, `${target.resourceType} "${target.iid.nameId}"`);
      await apply(ctx, "detach_tag", crn, matching);
    },
    find: (resourceType, keyword, ctx) =>
      (async function* (): AsyncGenerator<TaggedResource> {
        const types = (resourceType === "all" ? Object.keys(taggedTypes) : [resourceType]) as TaggedType[];
        for (const type of types) {
          if (!Object.hasOwn(taggedTypes, type)) continue;
          const spec = taggedTypes[type];
          const params: Params = "params" in spec ? spec.params : {};
          for await (const item of session.list<Ref>(ctx, spec.list, spec.collection, params)) {
            if (!item.id || !item.crn) continue;
            session.crns.set(item.id, item.crn);
            const tags = tagsOf(await namesOf(ctx, item.crn));
            if (!tagsMatch(tags, keyword)) continue;
            yield { resourceType: type, iid: { nameId: item.name ?? "", systemId: item.id }, tags };
          }
        }
      })(),
  };
}
