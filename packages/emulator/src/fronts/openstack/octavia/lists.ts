import { FrontError, badRequest } from "../http.js";
import type { ServiceCall } from "../service.js";

// Octavia's lists (octavia/api/common/pagination.py): filters on any attribute of the objects
// (an unknown one is a 400), tags filters, sorting (created_at then id, ascending, by default),
// `fields` selection, and pages of `limit` items after `marker` (or before it with
// page_reverse=True), with "previous" and "next" links that keep only limit, sort and marker.

const auxiliary = new Set(["limit", "marker", "sort", "sort_key", "sort_dir", "fields", "page_reverse"]);
const tagFilters = new Set(["tags", "tags-any", "not-tags", "not-tags-any"]);

type View = Record<string, unknown>;

/** A scalar attribute as the query string would say it; objects and lists compare as nothing. */
function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function tagsOf(view: View): Set<string> {
  return new Set(Array.isArray(view["tags"]) ? (view["tags"] as string[]) : []);
}

function filterOf(query: URLSearchParams, sample: View | undefined): (view: View) => boolean {
  const checks: ((view: View) => boolean)[] = [];
  for (const key of new Set(query.keys())) {
    if (auxiliary.has(key)) continue;
    const values = query.getAll(key);
    if (tagFilters.has(key)) {
      const tags = values.flatMap((v) => v.split(","));
      checks.push((view) => {
        const have = tagsOf(view);
        if (key === "tags") return tags.every((t) => have.has(t));
        if (key === "tags-any") return tags.some((t) => have.has(t));
        if (key === "not-tags") return !tags.every((t) => have.has(t));
        return !tags.some((t) => have.has(t));
      });
      continue;
    }
    if (values.length > 1 || (sample !== undefined && !(key in sample)))
      throw badRequest("One or more arguments are either duplicate or invalid");
    const wanted = (values[0] ?? "").toLowerCase();
    checks.push((view) => scalar(view[key])?.toLowerCase() === wanted);
  }
  return (view) => checks.every((check) => check(view));
}

function sorterOf(query: URLSearchParams, sample: View | undefined): (a: View, b: View) => number {
  const keys: [string, string][] = [];
  const sort = query.get("sort");
  const sortKey = query.get("sort_key");
  if (sort) {
    for (const part of sort.split(",")) {
      const pieces = part.split(":");
      if (pieces.length > 2) throw badRequest(`Supplied sort key '${JSON.stringify(pieces)}' is not valid.`);
      keys.push([pieces[0] ?? "", (pieces[1] ?? "asc").toLowerCase()]);
    }
  } else if (sortKey) {
    const dirs = (query.get("sort_dir") ?? "").split(",").filter((d) => d !== "");
    sortKey.split(",").forEach((key, i) => keys.push([key, (dirs[i] ?? "asc").toLowerCase()]));
  }
  for (const key of ["created_at", "id"]) if (!keys.some(([k]) => k === key)) keys.push([key, "asc"]);
  for (const [key, dir] of keys) {
    if (dir !== "asc" && dir !== "desc") throw badRequest(`Supplied sort direction '${dir}' is not valid.`);
    if (sample !== undefined && !(key in sample)) throw badRequest(`Supplied sort key '${key}' is not valid.`);
  }
  return (a, b) => {
    for (const [key, dir] of keys) {
      const [x, y] = [scalar(a[key]) ?? "", scalar(b[key]) ?? ""];
      if (x !== y) return (x < y ? -1 : 1) * (dir === "asc" ? 1 : -1);
    }
    return 0;
  };
}

/** `limit`, capped at the front's page size; "infinite" or below 1 means no limit. */
function limitOf(query: URLSearchParams, maxLimit: number): number | undefined {
  const raw = query.get("limit");
  if (raw === null) return maxLimit;
  if (raw === "infinite") return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw badRequest(`Supplied pagination limit '${raw}' is not valid.`);
  const limit = Number(raw);
  return limit < 1 ? undefined : Math.min(limit, maxLimit);
}

/** One page of `views` as Octavia returns it: `{ [collection]: items, [collection_links]: links }`. */
export function octaviaList(call: ServiceCall, collection: string, views: View[]): Record<string, unknown> {
  const query = call.url.searchParams;
  const sample = views[0];
  const filtered = views.filter(filterOf(query, sample)).sort(sorterOf(query, sample));
  const limit = limitOf(query, call.ctx.pageSize);
  const marker = query.get("marker");
  const reverse = (query.get("page_reverse") ?? "false").toLowerCase() === "true";
  let items = filtered;
  if (marker !== null) {
    const at = filtered.findIndex((v) => v["id"] === marker);
    if (at < 0) throw new FrontError(400, `Supplied pagination marker '${marker}' is not valid.`);
    items = reverse ? filtered.slice(0, at) : filtered.slice(at + 1);
  }
  if (limit !== undefined) items = reverse ? items.slice(-limit) : items.slice(0, limit);
  const path = `${call.url.origin}${call.url.pathname}`;
  const base = [`limit=${limit ?? "None"}`];
  if (query.get("sort")) base.push(`sort=${query.get("sort") ?? ""}`);
  if (query.get("sort_key")) base.push(`sort_key=${query.get("sort_key") ?? ""}`);
  const links: { rel: string; href: string }[] = [];
  const [first, last] = [items[0], items[items.length - 1]];
  if (first && last) {
    if (marker !== null)
      links.push({
        rel: "previous",
        href: `${path}?${[...base, `marker=${String(first["id"])}`, "page_reverse=True"].join("&")}`,
      });
    if (limit === undefined || items.length >= limit)
      links.push({ rel: "next", href: `${path}?${[...base, `marker=${String(last["id"])}`].join("&")}` });
  }
  const fields = query.getAll("fields").flatMap((f) => f.split(","));
  const shown =
    fields.length === 0
      ? items
      : items.map((v) => Object.fromEntries(fields.filter((f) => f in v).map((f) => [f, v[f]])));
  return { [collection]: shown, [`${collection}_links`]: links };
}

/** One object, cut down to `fields` when the request names some. */
export function withFields(call: ServiceCall, view: View): View {
  const fields = call.url.searchParams.getAll("fields").flatMap((f) => f.split(","));
  return fields.length === 0 ? view : Object.fromEntries(fields.filter((f) => f in view).map((f) => [f, view[f]]));
}
