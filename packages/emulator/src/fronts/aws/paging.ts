import { ParamError } from "./params.js";

/** How large the front's pages are. */
export interface PagePolicy {
  /** Items per page when a request asks for no particular size. */
  defaultSize: number;
  /** The most items a page holds, whatever a request asks (AWS may return fewer than asked). */
  maxSize: number;
}

/**
 * The page size for one request: the requested size within the API's documented bounds (a size
 * outside them is the API's own InvalidParameterValue), capped by the front's policy.
 */
export function pageSizeFor(
  policy: PagePolicy,
  requested: number | undefined,
  bounds: { min: number; max: number; param: string },
): number {
  if (requested === undefined) return Math.min(policy.defaultSize, bounds.max);
  if (requested < bounds.min || requested > bounds.max) {
    throw new ParamError(
      "invalid",
      bounds.param,
      `Value ( ${requested} ) for parameter ${bounds.param} is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`,
    );
  }
  return Math.max(1, Math.min(requested, policy.maxSize));
}

/** One page of items gathered from several sources in turn (public then own images, ...). */
export interface ChainSource<T> {
  page(size: number, token: string | undefined): { items: T[]; nextToken?: string | undefined };
}

/**
 * Pages across sources one after another; the token names the source and that source's own token,
 * so a page never repeats or skips items of a source.
 */
export function chainPages<T>(
  sources: readonly ChainSource<T>[],
  size: number,
  token: string | undefined,
): { items: T[]; nextToken?: string } {
  let index = 0;
  let inner: string | undefined;
  if (token !== undefined) {
    const decoded = decodeChainToken(token);
    if (!decoded || decoded.i >= sources.length)
      throw new ParamError("invalid", "NextToken", "The token is invalid or expired.");
    ({ i: index, t: inner } = decoded);
  }
  const items: T[] = [];
  while (index < sources.length) {
    const source = sources[index];
    if (!source) break;
    const page = source.page(size - items.length, inner);
    items.push(...page.items);
    if (page.nextToken !== undefined) return { items, nextToken: encodeChainToken(index, page.nextToken) };
    index++;
    inner = undefined;
    if (items.length === size) {
      return index < sources.length ? { items, nextToken: encodeChainToken(index, undefined) } : { items };
    }
  }
  return { items };
}

function encodeChainToken(i: number, t: string | undefined): string {
  return Buffer.from(JSON.stringify(t === undefined ? { i } : { i, t })).toString("base64url");
}

function decodeChainToken(token: string): { i: number; t?: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString());
    if (typeof value !== "object" || value === null) return undefined;
    const { i, t } = value as { i?: unknown; t?: unknown };
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0) return undefined;
    if (t !== undefined && typeof t !== "string") return undefined;
    return t === undefined ? { i } : { i, t };
  } catch {
    return undefined;
  }
}
