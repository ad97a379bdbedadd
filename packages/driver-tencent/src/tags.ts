import { ownRecord } from "@cloud-barista/core/driver";
import type { Tags } from "@cloud-barista/core/driver";

/** A tag as CVM, VPC and CBS answer it (`Key`/`Value`), or CLB and the tag service (`TagKey`/`TagValue`). */
export interface AnsweredTag {
  Key?: string;
  Value?: string;
  TagKey?: string;
  TagValue?: string;
}

/** A create's `Tags` (VPC, CBS): `[{ Key, Value }]`, left out when there are none. */
export function tagList(tags: Tags | undefined): { Key: string; Value: string }[] | undefined {
  const entries = Object.entries(tags ?? {});
  return entries.length === 0 ? undefined : entries.map(([Key, Value]) => ({ Key, Value }));
}

/** A CVM create's `TagSpecification` for one resource type ("instance", "keypair", "image"). */
export function tagSpecification(
  resourceType: string,
  tags: Tags | undefined,
): { ResourceType: string; Tags: { Key: string; Value: string }[] }[] | undefined {
  const list = tagList(tags);
  return list ? [{ ResourceType: resourceType, Tags: list }] : undefined;
}

/** An answer's tags as the user's own keys (never an object literal: "__proto__" is a key too). */
export function tagsOf(tags: readonly AnsweredTag[] | null | undefined): Tags | undefined {
  const list = tags ?? [];
  if (list.length === 0) return undefined;
  return ownRecord(list.map((t) => [t.Key ?? t.TagKey ?? "", t.Value ?? t.TagValue ?? ""] as const));
}

/** Tags without the keys the driver keeps for itself; undefined when none are left. */
export function withoutKeys(tags: Tags | undefined, keys: readonly string[]): Tags | undefined {
  const own = ownRecord(tags ?? {});
  for (const key of keys) delete own[key];
  return Object.keys(own).length > 0 ? own : undefined;
}
