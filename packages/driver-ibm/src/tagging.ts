import type { CallContext, Tags } from "@cloud-barista/core/driver";
import { badAnswer } from "./errors.js";
import type { IbmSession } from "./session.js";
import { tagName } from "./tags.js";

/** Attaches or detaches user tags (by name) on one resource, by its CRN; a refusal in the answer is an error. */
export async function applyTags(
  session: IbmSession,
  ctx: CallContext,
  api: "attach_tag" | "detach_tag",
  crn: string,
  names: readonly string[],
): Promise<void> {
  if (names.length === 0) return;
  const answer = await session.call<{ results?: { is_error?: boolean; message?: string }[] } | undefined>(
    ctx,
    api,
    { tag_type: "user" },
    { resources: [{ resource_id: crn }], tag_names: names },
  );
  const failed = (answer?.results ?? []).find((r) => r.is_error);
  if (failed) throw badAnswer(`${api}: ${failed.message ?? "the tagging service refused the tag"}`);
}

/**
 * The tags a create asked for, attached to what it made: IBM's create calls take no user tags,
 * so they follow as one `attach_tag` on the new resource's CRN (none when there are no tags). When
 * that fails, `remove` (for creates that run no compensation of their own) deletes what was made,
 * so a failed create leaves nothing.
 */
export async function tagCreated(
  session: IbmSession,
  ctx: CallContext,
  made: { id?: string | undefined; crn?: string | undefined },
  tags: Tags | undefined,
  remove?: (ctx: CallContext) => Promise<unknown>,
): Promise<void> {
  const names = Object.entries(tags ?? {}).map(([key, value]) => tagName(key, value));
  if (names.length === 0) return;
  await ctx.compensate(async (undo) => {
    if (remove) undo(`delete ${made.id ?? "the new resource"}`, remove);
    if (!made.crn) throw badAnswer(`the answer for ${made.id ?? "a new resource"} carries no crn to tag`);
    const crn = made.crn;
    await ctx.whenVisible(made.id ? [made.id] : [], () => applyTags(session, ctx, "attach_tag", crn, names));
  });
}
