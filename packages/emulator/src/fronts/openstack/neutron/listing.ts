import type { FrontResponse } from "../../http-front.js";
import { FrontError, json } from "../http.js";
import type { ServiceCall } from "../service.js";
import { matchesTagFilters } from "../tags.js";
import { notFoundFault } from "./errors.js";

// Neutron's list semantics (neutron/api/api_common.py): attribute filters, tag filters, sorting
// (by id unless sort_key says otherwise, id always last, as paginated Neutron sorts), limit and
// marker paging with next and previous links, and `fields` to pick attributes.

/** Query parameters that are not attribute filters. */
const reserved = new Set([
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

type Item = Record<string, unknown>;

/** Whether one attribute value matches one filter value, as Neutron converts filter strings. */
function matchesValue(value: unknown, wanted: string): boolean {
  if (typeof value === "boolean") return /^(true|1)$/i.test(wanted) === value && /^(true|false|1|0)$/i.test(wanted);
  if (value === null) return wanted === "";
  if (typeof value === "string" || typeof value === "number") return String(value) === wanted;
  return false;
}

/** A port's fixed_ips filter: "ip_address=..." or "subnet_id=..." (Nova looks ports up by address). */
function matchesFixedIps(value: unknown, wanted: string): boolean {
  const [key = "", expected = ""] = wanted.split("=", 2);
  return Array.isArray(value) && value.some((f) => (f as Record<string, unknown>)[key] === expected);
}

function matchesFilter(item: Item, key: string, values: readonly string[]): boolean {
  const value = item[key];
  if (key === "fixed_ips") return values.some((v) => matchesFixedIps(value, v));
  if (Array.isArray(value)) return values.some((v) => value.includes(v));
  return values.some((v) => matchesValue(value, v));
}

function tagsOf(item: Item): Record<string, string> {
  const tags = item["tags"];
  return Object.fromEntries((Array.isArray(tags) ? (tags as string[]) : []).map((t) => [t, ""]));
}

/** The sort: pairs of attribute and ascending, validated as Neutron's get_sorts does, then id. */
function sortsOf(query: URLSearchParams, sortable: ReadonlySet<string>): [string, boolean][] {
  const keys = query.getAll("sort_key").filter((k) => k !== "");
  const dirs = query.getAll("sort_dir").filter((d) => d !== "");
  if (keys.length !== dirs.length)
    throw new FrontError(400, "The number of sort_keys and sort_dirs must be same", "HTTPBadRequest");
  const absent = keys.filter((k) => !sortable.has(k));
  if (absent.length > 0)
    throw new FrontError(400, `${pyList(absent)} is invalid attribute for sort_keys`, "HTTPBadRequest");
  const badDirs = dirs.filter((d) => d !== "asc" && d !== "desc");
  if (badDirs.length > 0)
    throw new FrontError(
      400,
      `${pyList(badDirs)} is invalid value for sort_dirs, valid value is 'asc' and 'desc'`,
      "HTTPBadRequest",
    );
  const sorts = keys.map((k, i): [string, boolean] => [k, dirs[i] === "asc"]);
  if (!keys.includes("id")) sorts.push(["id", true]);
  return sorts;
}

/** A Python list's repr, as Neutron's messages print them. */
const pyList = (items: readonly string[]): string => `[${items.map((i) => `'${i}'`).join(", ")}]`;

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function limitOf(query: URLSearchParams, max: number): number {
  const raw = query.get("limit") ?? "0";
  if (!/^\d+$/.test(raw))
    throw new FrontError(
      400,
      `Bad limit request: Limit must be an integer 0 or greater and not '${raw}'.`,
      "BadRequest",
    );
  // The deployment's pagination_max_limit caps every page, asked for or not.
  return Math.min(Number(raw) || max, max);
}

export interface ListOptions {
  /** The collection's member kind, for the 404 of an unknown marker ("network", "port", ...). */
  member: string;
}

/**
 * One page of a Neutron collection: every non-reserved query parameter filters on the attribute of
 * that name (repeated values match any; empty values are ignored unless empty-string-filtering is
 * loaded; unknown attributes are a 400 where filter-validation is, else ignored), tags filter, then sorting, then
 * paging with `<collection>_links`.
 */
export function neutronList(
  call: ServiceCall,
  collection: string,
  items: readonly Item[],
  options: ListOptions,
): FrontResponse {
  const query = call.url.searchParams;
  const extensions = call.ctx.deployment.neutronExtensions;
  const attributes = new Set(items.flatMap((item) => Object.keys(item)));
  const filters = new Map<string, string[]>();
  for (const key of new Set(query.keys())) {
    if (reserved.has(key)) continue;
    const values = query.getAll(key).filter((v) => v !== "" || extensions.includes("empty-string-filtering"));
    if (values.length > 0) filters.set(key, values);
  }
  const unknown = [...filters.keys()].filter((k) => items.length > 0 && !attributes.has(k));
  if (unknown.length > 0 && extensions.includes("filter-validation"))
    throw new FrontError(400, `${pyList(unknown)} is invalid attribute for filtering`, "HTTPBadRequest");
  // Without validation Neutron's query skips what is not a column.
  for (const key of unknown) filters.delete(key);
  const sorts = sortsOf(query, attributes.size > 0 ? attributes : new Set(["id"]));
  const kept = items
    .filter((item) => [...filters].every(([key, values]) => matchesFilter(item, key, values)))
    .filter((item) => matchesTagFilters(tagsOf(item), query))
    .sort((a, b) => {
      for (const [key, ascending] of sorts) {
        const order = compare(a[key], b[key]);
        if (order !== 0) return ascending ? order : -order;
      }
      return 0;
    });
  const limit = limitOf(query, call.ctx.pageSize);
  const marker = query.get("marker");
  const reverse = (query.get("page_reverse") ?? "").toLowerCase() === "true";
  let start = 0;
  let end = kept.length;
  if (marker !== null && marker !== "") {
    const at = kept.findIndex((item) => item["id"] === marker);
    if (at < 0) {
      const fault = notFoundFault(options.member, marker);
      throw new FrontError(404, fault.message, fault.type);
    }
    if (reverse) end = at;
    else start = at + 1;
  }
  const page = reverse ? kept.slice(Math.max(start, end - limit), end) : kept.slice(start, start + limit);
  const fields = query.getAll("fields").filter((f) => f !== "");
  const shown = fields.length === 0 ? page : page.map((item) => pick(item, fields));
  const links = pageLinks(call.url, page, limit, reverse);
  return json(200, { [collection]: shown, ...(links.length > 0 ? { [`${collection}_links`]: links } : {}) });
}

function pick(item: Item, fields: readonly string[]): Item {
  return Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));
}

/** Neutron's get_pagination_links: "next" unless a short forward page, "previous" unless a short reverse one. */
function pageLinks(url: URL, page: readonly Item[], limit: number, reverse: boolean): { rel: string; href: string }[] {
  const link = (rel: "next" | "previous", marker: unknown): { rel: string; href: string } => {
    const next = new URL(url.href);
    next.searchParams.delete("marker");
    next.searchParams.delete("page_reverse");
    if (typeof marker === "string") next.searchParams.set("marker", marker);
    if (rel === "previous") next.searchParams.set("page_reverse", "True");
    return { rel, href: next.href };
  };
  const short = page.length < limit;
  return [
    ...(short && !reverse ? [] : [link("next", page[page.length - 1]?.["id"])]),
    ...(short && reverse ? [] : [link("previous", page[0]?.["id"])]),
  ];
}
