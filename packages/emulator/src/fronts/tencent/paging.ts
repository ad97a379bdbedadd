import { TencentError } from "./errors.js";
import type { Params } from "./params.js";

export interface PagePolicy {
  /** The most items any page holds, whatever Limit asks (Tencent: 100 for most Describe*). */
  maxPageSize: number;
}

/**
 * Offset (0-based) / Limit paging: Limit 1..`max` (default 20), capped by the front's policy;
 * TotalCount counts every match.
 */
export function offsetPage<T>(
  items: readonly T[],
  params: Params,
  policy: PagePolicy,
  bounds: { defaultLimit?: number; max?: number } = {},
): { items: T[]; total: number } {
  const offset = params.int("Offset", { min: 0 }) ?? 0;
  const limit = Math.min(
    params.int("Limit", { min: 1, max: bounds.max ?? 100 }) ?? bounds.defaultLimit ?? 20,
    policy.maxPageSize,
  );
  return { items: items.slice(offset, offset + limit), total: items.length };
}

/** Filters `[{ Name, Values[] }]`: the values of each named filter; unknown names are refused. */
export function filtersOf(params: Params, known: readonly string[], name = "Filters"): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const filter of params.objects(name)) {
    const filterName = filter.required("Name");
    if (!known.includes(filterName)) {
      throw new TencentError(
        "InvalidFilter",
        `The filter \`${filterName}\` is not supported; supported: ${known.join(", ")}.`,
      );
    }
    filters.set(filterName, [...(filters.get(filterName) ?? []), ...filter.requiredStrings("Values")]);
  }
  return filters;
}

/** Whether a value passes a filter (absent filter: everything passes). */
export function passes(filters: Map<string, string[]>, name: string, value: string | undefined): boolean {
  const values = filters.get(name);
  return values === undefined || (value !== undefined && values.includes(value));
}
