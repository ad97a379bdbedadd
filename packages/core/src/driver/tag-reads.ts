import { ownValue } from "../util/own-record.js";
import type { CallContext } from "./call-context.js";
import type { DriverErrors } from "./driver-errors.js";
import type { TagHandler, TagTarget } from "./handlers.js";

/**
 * A tag handler's `list` and `get` for a cloud that hands back a resource's tags as one key → value
 * record (`read`): a key that is not there (looked up as an own key only) is the driver's NotFound.
 */
export function tagReads(
  read: (target: TagTarget, ctx: CallContext) => Promise<Readonly<Record<string, string>>>,
  notFound: DriverErrors["notFound"],
): Pick<TagHandler, "list" | "get"> {
  return {
    list: async (target, ctx) => Object.entries(await read(target, ctx)).map(([key, value]) => ({ key, value })),
    async get(target, key, ctx) {
      const value = ownValue(await read(target, ctx), key);
      if (value === undefined) throw notFound("tag", key, `${target.resourceType} "${target.iid.nameId}"`);
      return { key, value };
    },
  };
}
