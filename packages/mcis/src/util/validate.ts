import { BaristaError, describeValue, invalidArgument, isProviderName, providerNames } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";

// Checks on placement and MCIS input, which often arrives as JSON: every failure is an
// InvalidArgument naming the field as a path ("filter.ranges.vcpus.min").

export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidArgument(field, "object", "must be an object");
  }
  return value as Record<string, unknown>;
}

/**
 * A request naming what the cloud does not have (a spec, an image, a VPC), found by reading it: a
 * NotFound naming the field and the rule. Not an InvalidArgument, which says nothing was sent.
 */
export function unknownReference(field: string, rule: string, message: string, resourceType: string): BaristaError {
  return new BaristaError("NotFound", `${field}: ${message}`, { field, rule, resourceType });
}

/**
 * A request whose parts do not fit together as the cloud has them (an image of another
 * architecture than the spec, an image the cloud marks unavailable), found by reading it: a Conflict.
 */
export function referenceConflict(field: string, rule: string, message: string): BaristaError {
  return new BaristaError("Conflict", `${field}: ${message}`, { field, rule });
}

/** Rejects keys outside `known` (a misspelt metric must not silently match everything). */
export function requireKnownKeys(field: string, value: object, known: readonly string[], rule = "unknown-field"): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw invalidArgument(`${field}.${key}`, rule, `is not one of ${known.join(", ")}`);
  }
}

/** A finite number >= 0, at most `max` (rule `max`). */
export function requireNonNegative(field: string, value: unknown, max = Infinity): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw invalidArgument(field, "number", "must be a finite number");
  if (value < 0) throw invalidArgument(field, "non-negative", `must be >= 0, got ${value}`);
  return requireAtMost(field, value, max);
}

/** An integer >= 1 (not NaN, Infinity or a fraction), at most `max` (rule `max`). */
export function requirePositiveInteger(field: string, value: unknown, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw invalidArgument(field, "positive-integer", `must be an integer >= 1, got ${describeValue(value)}`);
  }
  return requireAtMost(field, value, max);
}

/** An integer >= 0 (not NaN, Infinity or a fraction), at most `max` (rule `max`). */
export function requireNonNegativeInteger(field: string, value: unknown, max = Infinity): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw invalidArgument(field, "non-negative-integer", `must be an integer >= 0, got ${describeValue(value)}`);
  }
  return requireAtMost(field, value, max);
}

function requireAtMost(field: string, value: number, max: number): number {
  if (value > max) throw invalidArgument(field, "max", `must be at most ${max}, got ${value}`);
  return value;
}

/** A list of at most `max` items (rule `max-items`), checked before any item is looked at. */
export function requireMaxItems(field: string, list: readonly unknown[], max: number): void {
  if (list.length > max)
    throw invalidArgument(field, "max-items", `must have at most ${max} items, got ${list.length}`);
}

/** Text of at most `max` characters (rule `max-length`); anything else passes (other checks own it). */
export function requireMaxLength(field: string, value: unknown, max: number): void {
  if (typeof value === "string" && value.length > max)
    throw invalidArgument(field, "max-length", `must have at most ${max} characters, got ${value.length}`);
}

/** A string or a non-empty list of at most `bounds.items` non-empty strings of at most `bounds.length` characters, as a list. */
export function requireStringList(field: string, value: unknown, bounds: { items: number; length: number }): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw invalidArgument(field, "non-empty", "must name at least one value");
  requireMaxItems(field, list, bounds.items);
  return list.map((item, i) => {
    const at = Array.isArray(value) ? `${field}[${i}]` : field;
    if (typeof item !== "string" || item.trim() === "")
      throw invalidArgument(at, "string", "must be a non-empty string");
    requireMaxLength(at, item, bounds.length);
    return item;
  });
}

/**
 * An options bag: absent, or an object with only `known` keys, whose `abortSignal` is an
 * AbortSignal and whose `onProgress` is a function.
 */
export function requireOptions(value: unknown, known: readonly string[]): void {
  if (value === undefined) return;
  requireKnownKeys("options", requireObject("options", value), known);
  const { abortSignal, onProgress } = value as { abortSignal?: unknown; onProgress?: unknown };
  if (abortSignal !== undefined && !(abortSignal instanceof AbortSignal))
    throw invalidArgument("options.abortSignal", "type", "must be an AbortSignal");
  if (onProgress !== undefined && typeof onProgress !== "function")
    throw invalidArgument("options.onProgress", "type", "must be a function");
}

/** Array.isArray without its narrowing (which turns a typed readonly list into `any[]`). */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

/** One of the SDK's provider names ("AWS", "OPENSTACK", ...). */
export function requireProvider(field: string, value: unknown): ProviderName {
  if (!isProviderName(value)) {
    throw invalidArgument(field, "provider", `${describeValue(value)} is not one of ${providerNames.join(", ")}`);
  }
  return value;
}
