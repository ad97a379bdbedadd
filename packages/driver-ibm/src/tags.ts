import { ownRecord } from "@cloud-barista/core/driver";
import type { TagRules, Tags } from "@cloud-barista/core/driver";

/**
 * IBM user tags are strings ("key:value"), case-insensitive (IBM keeps them lower-case), of
 * letters, digits, spaces, "_", ".", "-" and ":", at most 128 characters. The driver keeps a tag
 * as "key:value" (a key alone for an empty value), so a key holds no ":".
 */
export const ibmTagRules: TagRules = {
  maxPairLength: 128,
  keyPattern: { source: "^[a-z0-9_. -]{1,127}$", rule: "lower-case letters, digits, spaces, '_', '.' and '-'" },
  valuePattern: {
    source: "^[a-z0-9_.: -]{0,126}$",
    rule: "lower-case letters, digits, spaces, '_', '.', '-' and ':'",
  },
};

/** The IBM tag name of a key and value. */
export function tagName(key: string, value: string): string {
  return value === "" ? key : `${key}:${value}`;
}

/** A tag name's key and value: split at the first ":" (a name without one is a key with an empty value). */
export function splitTag(name: string): [key: string, value: string] {
  const at = name.indexOf(":");
  return at < 0 ? [name, ""] : [name.slice(0, at), name.slice(at + 1)];
}

/** Tag names as the user's own keys (never an object literal: "__proto__" is a key too). */
export function tagsOf(names: readonly string[]): Tags {
  return ownRecord(names.map(splitTag));
}
