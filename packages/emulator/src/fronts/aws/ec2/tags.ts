import { tagRecord, tagValue } from "../../../world/resources/tag-rules.js";
import type { Tags } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { QueryParams } from "../params.js";
import type { XmlValue } from "../xml.js";

/** A resource's tags as EC2 renders them: `<tagSet><item><key/><value/></item>...</tagSet>`. */
export function tagSet(tags: Tags): XmlValue {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** `Tag.N.Key` / `Tag.N.Value` pairs. */
export function readTags(params: QueryParams, name = "Tag"): Tags {
  const tags = tagRecord();
  for (const tag of params.list(name)) tags[tag.required("Key")] = tag.string("Value") ?? "";
  return tags;
}

/**
 * The tags a create call's `TagSpecification.N` asks for this resource type. Specifications for
 * other types are refused: the world creates only the resource itself, so nothing else could
 * carry them.
 */
export function tagsFromSpecifications(params: QueryParams, resourceType: string): Tags | undefined {
  let tags: Tags | undefined;
  for (const spec of params.list("TagSpecification")) {
    const type = spec.required("ResourceType");
    if (type !== resourceType) {
      throw new AwsFault(
        "InvalidParameterValue",
        `'${type}' is not a valid taggable resource type for this operation.`,
      );
    }
    tags = tagRecord([...Object.entries(tags ?? {}), ...Object.entries(readTags(spec))]);
  }
  return tags;
}

/**
 * The name the world keeps for a resource EC2 only names by its "Name" tag (VPCs, subnets,
 * instances, volumes). Nothing renders it; it only has to satisfy the world's name rules.
 */
export function worldNameOf(tags: Tags | undefined, fallback: string): string {
  const name = tags && tagValue(tags, "Name");
  return name ? name.slice(0, 255) : fallback;
}
