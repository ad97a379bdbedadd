import { invalidParameter } from "./errors.js";

/** Paging and filtering of every world list. */
export interface ListOptions<T> {
  /** Page size, 1..1000; absent means everything in one page. */
  maxResults?: number | undefined;
  /** The `nextToken` of the previous page. */
  nextToken?: string | undefined;
  /** Keeps only matching items; applied before paging, as the clouds' server-side filters are. */
  where?: ((item: T) => boolean) | undefined;
}

/** One page of a world list, and the token of the next one. */
export interface ListPage<T> {
  items: T[];
  /** Absent on the last page. */
  nextToken?: string;
}

/** The largest `maxResults` a world list takes (InvalidParameter beyond it). */
export const maxPageSize = 1000;

/**
 * Pages `rows` (sorted by ascending `key`). The token names the key of the last item returned, so
 * items created or deleted between pages neither repeat nor shift the rest.
 */
export function pageOf<T>(rows: readonly { key: number; item: T }[], options: ListOptions<T> = {}): ListPage<T> {
  return pageOfRows(
    rows,
    (row) => row.key,
    (row) => row.item,
    options,
  );
}

/**
 * Pages `rows` (sorted by ascending `keyOf`), making the view of a row only when the page may
 * contain it: rows before the token are skipped unseen, and the walk stops one match past a full
 * page. A listing of a large table builds (and copies) only what it returns.
 */
export function pageOfRows<R, T>(
  rows: Iterable<R>,
  keyOf: (row: R) => number,
  view: (row: R) => T,
  options: ListOptions<T> = {},
): ListPage<T> {
  const limit = options.maxResults ?? Number.POSITIVE_INFINITY;
  if (options.maxResults !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= maxPageSize)) {
    throw invalidParameter("maxResults", `must be an integer from 1 to ${maxPageSize}`);
  }
  const after = options.nextToken === undefined ? -1 : decodeToken(options.nextToken);
  const where = options.where;
  const items: T[] = [];
  let lastKey = -1;
  for (const row of rows) {
    const key = keyOf(row);
    if (key <= after) continue;
    // Without a filter, any further row means another page: no need to build its view.
    if (!where && items.length === limit) return { items, nextToken: encodeToken(lastKey) };
    const item = view(row);
    if (where && !where(item)) continue;
    if (items.length === limit) return { items, nextToken: encodeToken(lastKey) };
    items.push(item);
    lastKey = key;
  }
  return { items };
}

/** Pages a static list (catalog data) by position. */
export function pageOfArray<T>(items: readonly T[], options: ListOptions<T> = {}): ListPage<T> {
  return pageOf(
    items.map((item, key) => ({ key, item })),
    options,
  );
}

const tokenPrefix = "wt1.";

function encodeToken(key: number): string {
  return Buffer.from(`${tokenPrefix}${key}`).toString("base64url");
}

function decodeToken(token: string): number {
  const text = Buffer.from(token, "base64url").toString();
  const key = Number(text.slice(tokenPrefix.length));
  if (!text.startsWith(tokenPrefix) || !Number.isInteger(key) || key < 0) {
    throw invalidParameter("nextToken", "is not a token this list handed out");
  }
  return key;
}
