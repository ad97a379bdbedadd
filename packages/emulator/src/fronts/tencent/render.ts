import type { Tags } from "../../world/types.js";
import { invalidValue } from "./errors.js";
import type { Params } from "./params.js";

/** Tags as Tencent lists them: [{ Key, Value }]. */
export function tagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** A time as VPC, CBS and CLB write them: "2026-01-02 03:04:05". */
export function plainTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d{3}Z$/, "");
}

/** A time as CVM writes them: "2026-01-02T03:04:05Z". */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Tags given as [{ Key, Value }] (at most 50, keys unique, none starting "qcloud:"). */
export function tagsParam(list: Params[], name = "Tags"): Tags {
  const tags = Object.create(null) as Tags;
  list.forEach((tag, i) => {
    const key = tag.required("Key");
    const value = tag.string("Value") ?? "";
    if (key.length > 127 || /^(qcloud|tencent|project)/i.test(key)) {
      throw invalidValue(
        `${name}.${i}.Key`,
        "It must be at most 127 characters and not use a reserved prefix.",
        "InvalidParameterValue.TagKeyCharacterIllegal",
      );
    }
    if (value.length > 255) throw invalidValue(`${name}.${i}.Value`, "It must be at most 255 characters.");
    if (Object.hasOwn(tags, key))
      throw invalidValue(`${name}.${i}.Key`, `\`${key}\` is given twice.`, "InvalidParameterValue.DuplicateTags");
    tags[key] = value;
  });
  if (Object.keys(tags).length > 50) throw invalidValue(name, "At most 50 tags are allowed.", "LimitExceeded.TagQuota");
  return tags;
}

/** Tags given with TagSpecification [{ ResourceType, Tags }], for the resource type asked. */
export function tagSpecification(params: Params, resourceType: string): Tags {
  const tags = Object.create(null) as Tags;
  for (const spec of params.objects("TagSpecification")) {
    const type = spec.required("ResourceType");
    if (type === resourceType) Object.assign(tags, tagsParam(spec.objects("Tags"), "TagSpecification.Tags"));
  }
  return tags;
}

/** Filters on tags: "tag-key" and "tag:<key>". */
export function tagFiltersPass(filters: Map<string, string[]>, tags: Tags): boolean {
  for (const [name, values] of filters) {
    if (name === "tag-key" && !values.some((k) => Object.hasOwn(tags, k))) return false;
    if (name.startsWith("tag:")) {
      const key = name.slice(4);
      if (!Object.hasOwn(tags, key) || !values.includes(tags[key] ?? "")) return false;
    }
  }
  return true;
}

/** Known filter names plus every "tag:<key>" one. */
export function withTagFilters(params: Params, known: readonly string[]): string[] {
  const tagNames = params
    .objects("Filters")
    .map((f) => f.string("Name") ?? "")
    .filter((n) => n.startsWith("tag:"));
  return [...known, "tag-key", ...tagNames];
}
