import type { Tags } from "../model/common.js";

/**
 * The tag search rule every driver applies: a keyword matches a resource when one of its tag keys
 * or values contains it; the empty keyword matches every resource that has a tag at all.
 */
export function tagsMatch(tags: Tags, keyword: string): boolean {
  const entries = Object.entries(tags);
  return keyword === "" ? entries.length > 0 : entries.some(([k, v]) => k.includes(keyword) || v.includes(keyword));
}
