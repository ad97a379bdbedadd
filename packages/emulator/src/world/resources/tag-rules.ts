import { invalidParameter } from "../errors.js";
import type { Tags } from "../types.js";

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
