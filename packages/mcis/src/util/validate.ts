import { invalidArgument, isProviderName, providerNames } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";

// Checks on placement and MCIS input, which often arrives as JSON: every failure is an
// InvalidArgument naming the field as a path ("filter.ranges.vcpus.min").

export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidArgument(field, "object", "must be an object");
  }
  return value as Record<string, unknown>;
}

/** Rejects keys outside `known` (a misspelt metric must not silently match everything). */
export function requireKnownKeys(field: string, value: object, known: readonly string[], rule = "unknown-field"): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw invalidArgument(`${field}.${key}`, rule, `is not one of ${known.join(", ")}`);
  }
}

export function requireNonNegative(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidArgument(field, "number", "must be a finite number");
  if (value < 0) throw invalidArgument(field, "non-negative", `must be >= 0, got ${value}`);
  return value;
}

export function requirePositiveInteger(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw invalidArgument(field, "positive-integer", `must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}

/** A string or a non-empty list of non-empty strings, as a list. */
export function requireStringList(field: string, value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw invalidArgument(field, "non-empty", "must name at least one value");
  return list.map((item, i) => {
    if (typeof item !== "string" || item.trim() === "") {
      throw invalidArgument(Array.isArray(value) ? `${field}[${i}]` : field, "string", "must be a non-empty string");
    }
    return item;
  });
}

/** Array.isArray without its narrowing (which turns a typed readonly list into `any[]`). */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

/** One of the SDK's provider names ("AWS", "OPENSTACK", ...). */
export function requireProvider(field: string, value: unknown): ProviderName {
  if (!isProviderName(value)) {
    throw invalidArgument(field, "provider", `"${String(value)}" is not one of ${providerNames.join(", ")}`);
  }
  return value;
}
