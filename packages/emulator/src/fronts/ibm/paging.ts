import { badRequest } from "./http.js";
import type { Json } from "./http.js";

/** IBM's largest page. */
export const ibmMaxLimit = 100;
const defaultLimit = 50;

/** An opaque start token: the next page's first item, and the last item before it. */
function tokenOf(last: Json | undefined, next: Json): string {
  return Buffer.from(JSON.stringify([last?.["id"] ?? "", next["id"]])).toString("base64url");
}

/**
 * Where a start token resumes: at its item, or, when that item is gone meanwhile, just after the
 * item before it, so deletions between pages neither repeat nor skip items (IBM's tokens are
 * opaque and survive them too).
 */
function resumeAt(items: readonly Json[], token: string): number {
  let ids: unknown;
  try {
    ids = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    ids = undefined;
  }
  if (Array.isArray(ids) && ids.length === 2) {
    const at = items.findIndex((item) => item["id"] === ids[1]);
    if (at >= 0) return at;
    const after = items.findIndex((item) => item["id"] === ids[0]);
    if (after >= 0) return after + 1;
  }
  throw badRequest("invalid_id_format", "Bad ID format. Ensure format is correct.", {
    name: "start",
    type: "parameter",
    value: token,
  });
}

/**
 * One page of a VPC collection: `limit` (1..100, default 50; a front may cap it lower) and `start`
 * (an opaque token naming the page's first item). The answer carries `first`,
 * `next` (absent on the last page), `limit` and `total_count`, with hrefs lacking `version` and
 * `generation` as IBM's do.
 */
export function page(url: URL, collection: string, items: readonly Json[], maxPageSize: number): Json {
  const query = url.searchParams;
  const raw = query.get("limit");
  let limit = Math.min(defaultLimit, maxPageSize);
  if (raw !== null) {
    if (!/^-?\d+$/.test(raw))
      throw badRequest("validation_invalid_field_type", "The value type does not match the field type: limit.", {
        name: "limit",
        type: "parameter",
        value: raw,
      });
    const asked = Number(raw);
    if (asked < 1)
      throw badRequest("validation_min_value", "A value provided for a parameter is smaller than allowed: limit.", {
        name: "limit",
        type: "parameter",
        value: raw,
      });
    if (asked > ibmMaxLimit)
      throw badRequest("validation_max_value", "A value provided for a parameter is larger than allowed: limit.", {
        name: "limit",
        type: "parameter",
        value: raw,
      });
    limit = Math.min(asked, maxPageSize);
  }
  const start = query.get("start");
  const from = start === null ? 0 : resumeAt(items, start);
  const slice = items.slice(from, from + limit);
  const next = items[from + limit];
  const href = (params: Record<string, string>): string => {
    const out = new URL(url.href);
    out.search = "";
    for (const [key, value] of query)
      if (!["version", "generation", "start", "limit"].includes(key)) out.searchParams.set(key, value);
    for (const [key, value] of Object.entries(params)) out.searchParams.set(key, value);
    return out.href;
  };
  return {
    first: { href: href({ limit: String(limit) }) },
    limit,
    ...(next ? { next: { href: href({ start: tokenOf(slice[slice.length - 1], next), limit: String(limit) }) } } : {}),
    total_count: items.length,
    [collection]: slice,
  };
}
