import type { ServiceCall } from "../service.js";
import { json } from "../http.js";
import { collectionLinks, pageOf, pageRequest } from "../paging.js";
import { matchesTagFilters } from "../tags.js";
import type { FrontResponse } from "../../http-front.js";

const notFilters = new Set([
  "limit",
  "marker",
  "fields",
  "sort_key",
  "sort_dir",
  "page_reverse",
  "tags",
  "tags-any",
  "not-tags",
  "not-tags-any",
]);

/**
 * Neutron's list semantics: every other query parameter filters on the attribute of that name
 * (repeated parameters match any of their values), tag filters apply, then limit/marker paging
 * with `<collection>_links`.
 */
export function neutronList(
  call: ServiceCall,
  collection: string,
  items: readonly Record<string, unknown>[],
): FrontResponse {
  const query = call.url.searchParams;
  const filters = [...new Set(query.keys())].filter((k) => !notFilters.has(k));
  const kept = items.filter((item) => {
    for (const key of filters) {
      const wanted = query.getAll(key);
      const value = item[key];
      const text = value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
      if (value === undefined || !wanted.includes(text)) return false;
    }
    const tags = item["tags"];
    return matchesTagFilters(
      Object.fromEntries((Array.isArray(tags) ? (tags as string[]) : []).map((t) => [t, ""])),
      query,
    );
  });
  const request = pageRequest(query, call.ctx.pageSize);
  const page = pageOf(kept, (item) => String(item["id"]), request, false);
  const links = collectionLinks(call.url, request, page);
  return json(200, { [collection]: page.items, ...(links.length > 0 ? { [`${collection}_links`]: links } : {}) });
}
