import { ownRecord, ownValue } from "@cloud-barista/core/driver";
import type { TagHandler } from "@cloud-barista/core/driver";
import { notFound } from "../errors.js";
import { idOf } from "../session.js";
import type { MockSession } from "../session.js";
import { fromWorldKind, toWorldKind } from "../vocabulary.js";

export function createTagHandler(session: MockSession): TagHandler {
  return {
    async add(target, tag, ctx) {
      await session.call(ctx, "CreateTags", (cloud) =>
        cloud.tags.add(idOf(target.iid), { [tag.key]: tag.value }, { kind: toWorldKind(target.resourceType) }),
      );
      return { key: tag.key, value: tag.value };
    },

    async list(target, ctx) {
      const tags = await session.call(ctx, "DescribeTags", (cloud) =>
        cloud.tags.list(idOf(target.iid), { kind: toWorldKind(target.resourceType) }),
      );
      return Object.entries(tags).map(([key, value]) => ({ key, value }));
    },

    async get(target, key, ctx) {
      const tags = await session.call(ctx, "DescribeTags", (cloud) =>
        cloud.tags.list(idOf(target.iid), { kind: toWorldKind(target.resourceType) }),
      );
      // The world's answer may have crossed the mock front as JSON: look the key up as an own key.
      const value = ownValue(tags, key);
      if (value === undefined) throw notFound("tag", key, `${target.resourceType} "${target.iid.nameId}"`);
      return { key, value };
    },

    async remove(target, key, ctx) {
      await session.call(ctx, "DeleteTags", (cloud) =>
        cloud.tags.remove(idOf(target.iid), [key], { kind: toWorldKind(target.resourceType) }),
      );
    },

    find: (resourceType, keyword, ctx) =>
      session.list(
        ctx,
        "DescribeTags",
        (cloud, page) =>
          cloud.tags.find({
            ...page,
            keyword,
            kinds: resourceType === "all" ? undefined : [toWorldKind(resourceType)],
          }),
        (found) => ({
          resourceType: fromWorldKind(found.kind),
          iid: { nameId: found.name, systemId: found.id },
          tags: ownRecord(found.tags),
        }),
      ),
  };
}
