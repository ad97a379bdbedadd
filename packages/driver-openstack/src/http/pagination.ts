import { paginate } from "@cloud-barista/core";
import type { CallContext } from "@cloud-barista/core";
import type { OpenStackApiName } from "../api-names.js";
import { provider } from "../errors.js";
import type { OpenStackClient, ServiceRequest } from "./client.js";

/** The next-page link of a list answer: `<collection>_links` rel "next", or Glance's `next`. */
export function nextLink(body: Record<string, unknown>, collection: string): string | undefined {
  const links = body[`${collection}_links`];
  if (Array.isArray(links)) {
    const next = (links as { rel?: string; href?: string }[]).find((l) => l.rel === "next");
    if (next?.href) return next.href;
  }
  return typeof body["next"] === "string" ? body["next"] : undefined;
}

/**
 * Follows an OpenStack list (limit/marker) to its end, one native call per page. The next page
 * reuses the query of the link the service returned on the service's own endpoint, so links a
 * proxy rewrote (or Glance's relative ones) still work. An empty page ends the list.
 */
export function listAll<T, R>(
  ctx: CallContext,
  client: OpenStackClient,
  api: OpenStackApiName,
  request: Omit<ServiceRequest, "method" | "body">,
  collection: string,
  map: (item: T) => R | undefined,
  pageSize: number,
): AsyncIterable<R> {
  return paginate(
    async (token) => {
      const query = token === undefined ? new URLSearchParams() : new URLSearchParams(token);
      if (token === undefined) {
        for (const [key, value] of Object.entries(request.query ?? {}))
          if (value !== undefined) query.set(key, String(value));
        query.set("limit", String(pageSize));
      }
      const { data } = await client.request<Record<string, unknown>>(ctx, api, { ...request, method: "GET", query });
      const items = Array.isArray(data[collection]) ? (data[collection] as T[]) : [];
      const next = items.length === 0 ? undefined : nextLink(data, collection);
      return {
        items: items.map(map).filter((r): r is R => r !== undefined),
        nextToken: next === undefined ? undefined : new URL(next, "http://relative.invalid").searchParams.toString(),
      };
    },
    { provider },
  );
}
