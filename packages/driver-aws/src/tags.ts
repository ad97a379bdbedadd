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

/**
 * The value of the "Name" tag; for a resource without one (made by the console, Terraform or another
 * SDK) its cloud id, a stable name that `register` and `tag.find` show the same way.
 */
export function nameOf(list: readonly TagLike[] | undefined, id: string | undefined): string {
  const name = list?.find((t) => t.Key === nameTagKey)?.Value?.trim();
  return name ? name : (id ?? "");
}

/** The tag the driver leaves on instances it launches: the login user cloud-init made. */
export const vmUserTagKey = "cb-barista:vm-user";

/** The user's tags: everything but the "Name" and login-user tags the driver manages. */
export function userTagsOf(list: readonly TagLike[] | undefined): Tags {
  return ownRecord(Object.entries(tagsOf(list)).filter(([key]) => key !== nameTagKey && key !== vmUserTagKey));
}

/** Refuses a user tag named "Name": the driver keeps the cloud-side name there. */
export function checkUserTags(tags: Tags | undefined, field = "tags"): void {
  if (tags && Object.hasOwn(tags, vmUserTagKey))
    throw invalid(`${field}.${vmUserTagKey}`, "reserved-tag", "the AWS driver keeps the VM's login user there");
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

/** The tags of a new instance: its name, the user's tags and, on Linux, the login user cloud-init makes. */
export function launchTags(name: string, tags: Tags | undefined, vmUser: string | undefined): TagSpecification[] {
  const [spec] = tagSpecifications("instance", name, tags);
  return [
    { ...spec, Tags: [...(spec?.Tags ?? []), ...(vmUser === undefined ? [] : [{ Key: vmUserTagKey, Value: vmUser }])] },
  ];
}
