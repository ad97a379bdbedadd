import { AwsFault } from "../fault.js";
import { pageSizeFor } from "../paging.js";
import type { ElbContext } from "./context.js";

const prefix = "em1.";

/**
 * One page of overlay objects in creation order, by PageSize (1..400) and Marker. The marker names
 * the last object returned, so objects created or deleted between pages neither repeat nor shift.
 */
export function markerPage<T extends { seq: number }>(
  ctx: ElbContext,
  items: readonly T[],
): { items: T[]; nextMarker?: string } {
  const size = pageSizeFor(ctx.pages, ctx.params.int("PageSize"), { min: 1, max: 400, param: "PageSize" });
  const marker = ctx.params.string("Marker");
  let after = 0;
  if (marker !== undefined) {
    const text = Buffer.from(marker, "base64url").toString();
    after = Number(text.slice(prefix.length));
    if (!text.startsWith(prefix) || !Number.isInteger(after))
      throw new AwsFault("ValidationError", "The marker is not valid");
  }
  const rest = [...items].sort((a, b) => a.seq - b.seq).filter((item) => item.seq > after);
  const page = rest.slice(0, size);
  const last = page[page.length - 1];
  return rest.length > size && last
    ? { items: page, nextMarker: Buffer.from(`${prefix}${last.seq}`).toString("base64url") }
    : { items: page };
}
