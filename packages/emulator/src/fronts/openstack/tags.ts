import { tagRecord } from "../../world/resources/tag-rules.js";
import type { Tags } from "../../world/types.js";
import { badRequest } from "./http.js";

// Neutron, Octavia and Glance tags are plain strings; the world keeps key/value tags. A string tag
// is stored as a key with an empty value, so the front translates without interpreting it.

/** Neutron's limit on one tag. */
export const maxTagLength = 60;

export function toWorldTags(tags: readonly string[]): Tags {
  for (const tag of tags) {
    if (tag.length === 0 || tag.length > maxTagLength)
      throw badRequest(`Invalid tag "${tag}": tags are 1..${maxTagLength} characters`);
    if (tag.includes(",")) throw badRequest(`Invalid tag "${tag}": tags cannot contain a comma`);
  }
  return tagRecord(tags.map((t): [string, string] => [t, ""]));
}

export function fromWorldTags(tags: Tags): string[] {
  return Object.entries(tags).map(([key, value]) => (value === "" ? key : `${key}=${value}`));
}

/**
 * Neutron's tag filters on lists: `tags` (all of), `tags-any` (any of), `not-tags`, `not-tags-any`,
 * each a comma-separated list.
 */
export function matchesTagFilters(tags: Tags, query: URLSearchParams): boolean {
  const have = new Set(fromWorldTags(tags));
  const list = (name: string): string[] | undefined => {
    const raw = query.getAll(name).join(",");
    return raw === "" ? undefined : raw.split(",");
  };
  const all = list("tags");
  const any = list("tags-any");
  const notAll = list("not-tags");
  const notAny = list("not-tags-any");
  if (all && !all.every((t) => have.has(t))) return false;
  if (any && !any.some((t) => have.has(t))) return false;
  if (notAll?.every((t) => have.has(t))) return false;
  if (notAny?.some((t) => have.has(t))) return false;
  return true;
}
