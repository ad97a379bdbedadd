import { ownRecord } from "@cloud-barista/core/driver";
import type { Tags } from "@cloud-barista/core/driver";

/** Tags as ECS answers them (`TagKey`/`TagValue`) or VPC and tag APIs do (`Key`/`Value`). */
export interface AnsweredTag {
  TagKey?: string;
  TagValue?: string;
  Key?: string;
  Value?: string;
}

/** A create's `Tag.N.Key` / `Tag.N.Value` parameters. */
export function tagParams(tags: Tags | undefined): { Tag?: { Key: string; Value: string }[] } {
  const entries = Object.entries(tags ?? {});
  return entries.length === 0 ? {} : { Tag: entries.map(([Key, Value]) => ({ Key, Value })) };
}

/** An answer's tags as the user's own keys (never an object literal: "__proto__" is a key too). */
export function tagsOf(tags: { Tag?: AnsweredTag[] } | undefined): Tags | undefined {
  const list = tags?.Tag ?? [];
  if (list.length === 0) return undefined;
  return ownRecord(list.map((t) => [t.TagKey ?? t.Key ?? "", t.TagValue ?? t.Value ?? ""] as const));
}
