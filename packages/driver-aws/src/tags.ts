import { ownRecord } from "@cloud-barista/core/driver";
import type { Tags } from "@cloud-barista/core/driver";
import { invalid } from "./errors.js";
import type { ResourceType, TagSpecification } from "@aws-sdk/client-ec2";

/** A tag as EC2 and ELBv2 both shape it. */
export interface TagLike {
  Key?: string | undefined;
  Value?: string | undefined;
}

/** EC2 resources have no name of their own: the "Name" tag is the cloud-side name. */
export const nameTagKey = "Name";

/** All tags of an AWS tag list (a record without a prototype: "__proto__" and "toString" are keys like any other). */
export function tagsOf(list: readonly TagLike[] | undefined): Tags {
  const tags = ownRecord<string>();
  for (const tag of list ?? []) if (tag.Key !== undefined) tags[tag.Key] = tag.Value ?? "";
  return tags;
}

/** The value of the "Name" tag, or "". */
export function nameOf(list: readonly TagLike[] | undefined): string {
  return list?.find((t) => t.Key === nameTagKey)?.Value ?? "";
}

/** The user's tags: everything but the "Name" tag the driver manages. */
export function userTagsOf(list: readonly TagLike[] | undefined): Tags {
  return ownRecord(Object.entries(tagsOf(list)).filter(([key]) => key !== nameTagKey));
}

/** Refuses a user tag named "Name": the driver keeps the cloud-side name there. */
export function checkUserTags(tags: Tags | undefined, field = "tags"): void {
  if (tags && Object.hasOwn(tags, nameTagKey)) {
    throw invalid(
      `${field}.${nameTagKey}`,
      "reserved-tag",
      'the AWS driver keeps the cloud-side name in the "Name" tag',
    );
  }
}

export function toTagList(tags: Tags): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The TagSpecifications of a create call: the "Name" tag plus the user's tags, applied atomically. */
export function tagSpecifications(resourceType: ResourceType, name: string, tags?: Tags): TagSpecification[] {
  checkUserTags(tags);
  return [{ ResourceType: resourceType, Tags: [{ Key: nameTagKey, Value: name }, ...toTagList(tags ?? {})] }];
}
