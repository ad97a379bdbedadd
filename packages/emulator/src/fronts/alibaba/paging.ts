import type { ListOptions, ListPage } from "../../world/pagination.js";
import { isWorldError } from "../../world/errors.js";
import { AlibabaError } from "./errors.js";
import type { RpcParams } from "./params.js";

/** How large the front's pages may be. */
export interface PagePolicy {
  /** The most items any page holds, whatever a request asks (Alibaba: 100 for most Describe*). */
  maxPageSize: number;
}

/** One PageNumber/PageSize page and the fields every such response carries. */
export interface NumberedPage<T> {
  items: T[];
  fields: { PageNumber: number; PageSize: number; TotalCount: number };
}

/**
 * PageNumber (1-based) / PageSize paging of a list: PageSize 1..`max` (default `defaultSize`),
 * capped by the front's policy; the response names the page size it used.
 */
export function numberedPage<T>(
  items: readonly T[],
  params: RpcParams,
  policy: PagePolicy,
  bounds: { defaultSize?: number; max?: number } = {},
): NumberedPage<T> {
  const pageNumber = params.int("PageNumber", { min: 1 }) ?? 1;
  const requested = params.int("PageSize", { min: 1, max: bounds.max ?? 100 }) ?? bounds.defaultSize ?? 10;
  const size = Math.min(requested, policy.maxPageSize);
  const start = (pageNumber - 1) * size;
  return {
    items: items.slice(start, start + size),
    fields: { PageNumber: pageNumber, PageSize: size, TotalCount: items.length },
  };
}

/**
 * NextToken/MaxResults paging over one of the world's lists; NextToken is "" on the last page, as
 * ECS answers it.
 */
export function tokenPage<T>(
  list: (options: ListOptions<T>) => ListPage<T>,
  params: RpcParams,
  policy: PagePolicy,
  where: ((item: T) => boolean) | undefined,
  bounds: { defaultSize?: number; max?: number } = {},
): { items: T[]; nextToken: string; maxResults: number } {
  const requested = params.int("MaxResults", { min: 1, max: bounds.max ?? 100 }) ?? bounds.defaultSize ?? 10;
  const maxResults = Math.min(requested, policy.maxPageSize);
  try {
    const page = list({ maxResults, nextToken: params.string("NextToken"), where });
    return { items: page.items, nextToken: page.nextToken ?? "", maxResults };
  } catch (error) {
    if (isWorldError(error, "InvalidParameter") && error.field === "nextToken") {
      throw new AlibabaError("InvalidParameter.NextToken", "The specified parameter NextToken is not valid.");
    }
    throw error;
  }
}
