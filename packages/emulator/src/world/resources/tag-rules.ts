import { invalidParameter } from "../errors.js";
import type { Tags } from "../types.js";

/**
 * Tags as the world keeps and hands them out: a record without a prototype, so a key such as
 * "__proto__", "constructor" or "toString" is a key like any other (clouds accept them). A tag
 * object made with `{}` would drop "__proto__" on assignment and find "toString" on lookup.
 */
export function tagRecord(tags: Tags | Iterable<readonly [string, string]> = {}): Tags {
  const record = Object.create(null) as Tags;
  const entries = Symbol.iterator in tags ? tags : Object.entries(tags);
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** Whether `tags` itself has `key` (never an inherited property). */
export function hasTag(tags: Tags, key: string): boolean {
  return Object.hasOwn(tags, key);
}

/** The value of tag `key`, or undefined (never an inherited property). */
export function tagValue(tags: Tags, key: string): string | undefined {
  return Object.hasOwn(tags, key) ? tags[key] : undefined;
}

export interface TagLimits {
  readonly perResource: number;
  readonly keyLength: number;
  readonly valueLength: number;
}

/** AWS-sized tag limits, which are also within what the other clouds accept. */
export const tagLimits: TagLimits = { perResource: 50, keyLength: 128, valueLength: 256 };

/** Checks tags about to be set on a resource that already has `existing`. */
export function checkTags(tags: Tags, existing: Tags = {}, field = "tags", limits: TagLimits = tagLimits): void {
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > limits.keyLength) {
      throw invalidParameter(`${field}.${key}`, `tag keys must be 1..${limits.keyLength} characters`);
    }
    if (key.toLowerCase().startsWith("aws:")) throw invalidParameter(`${field}.${key}`, "the aws: prefix is reserved");
    if (typeof value !== "string" || value.length > limits.valueLength) {
      throw invalidParameter(
        `${field}.${key}`,
        `tag values must be strings of at most ${limits.valueLength} characters`,
      );
    }
  }
  const count = new Set([...Object.keys(existing), ...Object.keys(tags)]).size;
  if (count > limits.perResource) {
    throw invalidParameter(field, `a resource carries at most ${limits.perResource} tags`);
  }
}
