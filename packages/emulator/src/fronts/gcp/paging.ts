import type { AccountRegion } from "../../world/account-region.js";
import type { FrontResponse } from "../http-front.js";
import { gate, json, link } from "./context.js";
import type { GcpContext } from "./context.js";
import { invalidField } from "./errors.js";
import { applyFilter } from "./filter.js";

// Lists as Compute Engine pages them: `maxResults` (default and most 500, or the front's smaller
// page size), an opaque `pageToken` naming the last item returned (items sorted by name, so
// inserts and deletes between pages neither repeat nor skip the rest), and `nextPageToken` while
// more remain. `filter` applies before paging.

const tokenPrefix = "gcp1:";

/** The page size the request asks for, capped by the front's. */
export function pageSizeOf(ctx: GcpContext): number {
  const raw = ctx.request.url.searchParams.get("maxResults");
  if (raw === null || raw === "") return Math.min(500, ctx.settings.pageSize);
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw invalidField("maxResults", raw, "Must be a non-negative integer.");
  if (value > 500) throw invalidField("maxResults", raw, "Must be less than or equal to 500");
  return Math.min(value === 0 ? 500 : value, ctx.settings.pageSize);
}

function afterOf(ctx: GcpContext): string | undefined {
  const token = ctx.request.url.searchParams.get("pageToken");
  if (token === null || token === "") return undefined;
  const text = Buffer.from(token, "base64url").toString("utf8");
  if (!text.startsWith(tokenPrefix)) throw invalidField("pageToken", token, "Invalid pageToken.");
  return text.slice(tokenPrefix.length);
}

const tokenOf = (key: string) => Buffer.from(`${tokenPrefix}${key}`).toString("base64url");

/** One page of `items` (each with a unique `sortKey`), and the next page's token. */
export function page<T>(
  ctx: GcpContext,
  items: readonly T[],
  sortKey: (item: T) => string,
): { items: T[]; next?: string } {
  const size = pageSizeOf(ctx);
  const after = afterOf(ctx);
  const sorted = [...items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((item) => sortKey(item) > after);
  const chosen = rest.slice(0, size);
  const last = chosen.at(-1);
  return rest.length > size && last !== undefined ? { items: chosen, next: tokenOf(sortKey(last)) } : { items: chosen };
}

/**
 * The sort key of the request's `orderBy`: by name (the default), or newest first for
 * "creationTimestamp desc", the two orders Compute Engine offers; 400 for others.
 */
function orderOf(ctx: GcpContext): (item: Record<string, unknown>) => string {
  const orderBy = (ctx.request.url.searchParams.get("orderBy") ?? "").trim();
  const byName = (item: Record<string, unknown>) => String(item["name"]);
  if (orderBy === "" || orderBy === "name") return byName;
  if (/^creationTimestamp\s+desc$/.test(orderBy)) {
    return (item) => {
      const created = item["creationTimestamp"];
      const ms = typeof created === "string" ? Date.parse(created) : Number.NaN;
      const age = String(9_999_999_999_999 - (Number.isNaN(ms) ? 0 : ms)).padStart(13, "0");
      return `${age}/${byName(item)}`;
    };
  }
  throw invalidField("orderBy", orderBy, "Only 'name' and 'creationTimestamp desc' are supported.");
}

/**
 * A list answer: `{ kind, id, items?, nextPageToken?, selfLink }` for the resources at `path`
 * ("global/networks"). `items` is absent on an empty page, as Compute Engine answers.
 */
export function listBody(
  ctx: GcpContext,
  kind: string,
  path: string,
  items: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const shown = page(ctx, applyFilter(ctx, items), orderOf(ctx));
  return {
    kind,
    id: `projects/${ctx.project}/${path}`,
    ...(shown.items.length > 0 ? { items: shown.items } : {}),
    ...(shown.next === undefined ? {} : { nextPageToken: shown.next }),
    selfLink: link(ctx, path),
  };
}

/**
 * A list route's answer: the items `of` gives inside the gate of `region` (undefined: the
 * project's home region, for global collections), paged as `listBody` does.
 */
export function listed(
  ctx: GcpContext,
  region: string | undefined,
  kind: string,
  path: string,
  of: (cloud: AccountRegion) => readonly Record<string, unknown>[],
): Promise<FrontResponse> {
  return gate(ctx, region, (cloud) => json(200, listBody(ctx, kind, path, of(cloud))));
}

/**
 * An aggregatedList answer: `items` keyed by scope ("zones/us-central1-a", "regions/us-east1"),
 * each `{ [field]: [...] }` or, for a scope with nothing on this page, a NO_RESULTS_ON_PAGE warning.
 * Pages run over every scope's items in scope order, then by name.
 */
export function aggregatedBody(
  ctx: GcpContext,
  kind: string,
  collection: string,
  field: string,
  scopes: readonly { scope: string; items: readonly Record<string, unknown>[] }[],
): Record<string, unknown> {
  const order = new Map(scopes.map((s, i) => [s.scope, String(i).padStart(4, "0")]));
  const flat = scopes.flatMap((s) => applyFilter(ctx, s.items).map((item) => ({ scope: s.scope, item })));
  const shown = page(ctx, flat, (row) => `${order.get(row.scope) ?? ""}/${String(row.item["name"])}`);
  const items: Record<string, unknown> = {};
  for (const { scope } of scopes) {
    const here = shown.items.filter((row) => row.scope === scope).map((row) => row.item);
    items[scope] =
      here.length > 0
        ? { [field]: here }
        : {
            warning: {
              code: "NO_RESULTS_ON_PAGE",
              message: `There are no results for scope '${scope}' on this page.`,
              data: [{ key: "scope", value: scope }],
            },
          };
  }
  return {
    kind,
    id: `projects/${ctx.project}/aggregated/${collection}`,
    items,
    ...(shown.next === undefined ? {} : { nextPageToken: shown.next }),
    selfLink: link(ctx, `aggregated/${collection}`),
  };
}
