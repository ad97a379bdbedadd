import { badRequest } from "./http.js";

export interface PageRequest {
  /** The page size asked for, capped at the front's maximum. */
  limit: number;
  marker: string | undefined;
}

/** Reads `limit` and `marker`; no limit (or one above the maximum) means the maximum. */
export function pageRequest(query: URLSearchParams, maxPageSize: number): PageRequest {
  const raw = query.get("limit");
  let limit = maxPageSize;
  if (raw !== null) {
    if (!/^\d+$/.test(raw)) throw badRequest(`Invalid input for limit: "${raw}" is not a non-negative integer`);
    limit = Math.min(maxPageSize, Math.max(1, Number(raw)));
  }
  return { limit, marker: query.get("marker") ?? undefined };
}

export interface PageResult<T> {
  items: T[];
  /** Present when a client should ask for more: the marker of the last item. */
  nextMarker?: string;
}

/**
 * One page after `marker` (an item id, as OpenStack pages). An unknown marker is a 400, as Nova
 * and Cinder answer. `linkWhenFull`: offer a next link whenever the page is full (Nova, Cinder,
 * Octavia, Glance do, so clients meet an empty last page); otherwise only when items remain.
 */
export function pageOf<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  request: PageRequest,
  linkWhenFull = true,
): PageResult<T> {
  let start = 0;
  if (request.marker !== undefined) {
    const at = items.findIndex((item) => idOf(item) === request.marker);
    if (at < 0) throw badRequest(`marker [${request.marker}] not found`);
    start = at + 1;
  }
  const page = items.slice(start, start + request.limit);
  const last = page[page.length - 1];
  const more = linkWhenFull ? page.length === request.limit : start + request.limit < items.length;
  return { items: page, ...(more && last !== undefined ? { nextMarker: idOf(last) } : {}) };
}

/** The URL of the next page: the same request with `limit` and `marker` set. */
export function nextHref(url: URL, limit: number, marker: string): string {
  const next = new URL(url.href);
  next.searchParams.set("limit", String(limit));
  next.searchParams.set("marker", marker);
  return next.href;
}

/** `<collection>_links` as Nova, Neutron, Cinder and Octavia render it. */
export function collectionLinks(
  url: URL,
  request: PageRequest,
  result: PageResult<unknown>,
): { href: string; rel: string }[] {
  return result.nextMarker === undefined
    ? []
    : [{ href: nextHref(url, request.limit, result.nextMarker), rel: "next" }];
}
