import { badRequest } from "./http.js";
import type { Json } from "./http.js";

/** IBM's largest page. */
export const ibmMaxLimit = 100;
const defaultLimit = 50;

/**
 * One page of a VPC collection: `limit` (1..100, default 50; a front may cap it lower) and `start`
 * (the id of the page's first item, as IBM's opaque tokens are). The answer carries `first`,
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
  let from = 0;
  if (start !== null) {
    from = items.findIndex((item) => item["id"] === start);
    if (from < 0)
      throw badRequest("invalid_id_format", "Bad ID format. Ensure format is correct.", {
        name: "start",
        type: "parameter",
        value: start,
      });
  }
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
    ...(next ? { next: { href: href({ start: String(next["id"]), limit: String(limit) }) } } : {}),
    total_count: items.length,
    [collection]: slice,
  };
}
