import type { Tags } from "../../world/types.js";

/** Tags as ECS lists them on a resource. */
export function tagSet(tags: Tags): { Tag: { TagKey: string; TagValue: string }[] } {
  return { Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) };
}

/** Tags as VPC and SLB list them (Key/Value). */
export function keyValueTags(tags: Tags): { Tag: { Key: string; Value: string }[] } {
  return { Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
}

/** A time as Alibaba writes it: "2026-01-02T03:04:05Z". */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A time as ECS writes instance times: minute precision, "2026-01-02T03:04Z". */
export function minuteTime(ms: number): string {
  return new Date(ms).toISOString().replace(/:\d{2}\.\d{3}Z$/, "Z");
}
