import { pageOf, pageRequest, nextHref } from "../paging.js";
import type { ServiceCall } from "../service.js";

/**
 * One page of a Magnum collection: `limit` and `marker` (a uuid), and a `next` URL while the page
 * is full (magnum/api/controllers/base.py Collection.get_next).
 */
export function magnumPage(
  call: ServiceCall,
  collection: string,
  items: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
  const page = pageOf(items, (item) => String(item["uuid"]), request, false);
  return {
    [collection]: page.items,
    ...(page.nextMarker === undefined ? {} : { next: nextHref(call.url, request.limit, page.nextMarker) }),
  };
}
