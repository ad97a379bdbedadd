import { ownRecord } from "@cloud-barista/core/driver";
import type { TagRules, Tags } from "@cloud-barista/core/driver";
import { invalid } from "./errors.js";

// Neutron, Octavia and Glance tags are plain strings; the SDK's are key/value pairs. The driver
// stores a pair as "key=value" (a tag without "=" reads as a key with an empty value).

/** The driver's own tag: the network (VPC) a security group or router belongs to. */
export const vpcTagKey = "cb-vpc";

/** The server metadata key holding the login user of a VM the driver started; not a user tag. */
export const loginUserKey = "cb-login-user";

/** Keys the driver keeps for itself, in Neutron tags and Nova metadata alike. */
const reservedKeys: readonly string[] = [vpcTagKey, loginUserKey];

/**
 * The tag rules above as the runtime checks them before any call (`DriverCapabilities.tagRules`),
 * so a tag the driver would refuse never fails a create half way (tags are set after the create).
 */
export const openStackTagRules: TagRules = {
  reservedKeys: [vpcTagKey, loginUserKey],
  maxPairLength: 60,
  forbiddenKeyCharacters: "=",
  forbiddenCharacters: ",",
};

/** Refuses a user tag key the driver keeps for itself. */
export function checkTagKey(key: string): void {
  if (reservedKeys.includes(key)) throw invalid(`tags.${key}`, "reserved-tag", `"${key}" is the driver's own tag`);
}

/**
 * User tags of Nova or Cinder metadata; the driver's own keys are left out. Tags are records
 * without a prototype: "__proto__", "constructor" and "toString" are keys like any other.
 */
export function metadataTags(metadata: Readonly<Record<string, string>> | undefined): Tags {
  return ownRecord(Object.entries(metadata ?? {}).filter(([key]) => key !== loginUserKey));
}

/** Neutron's limit on one tag. */
const maxTagLength = 60;

export function encodeTag(key: string, value: string): string {
  if (key === "" || key.includes("="))
    throw invalid(`tags.${key}`, "tag-key", 'tag keys must be non-empty and free of "="');
  checkTagKey(key);
  const tag = value === "" ? key : `${key}=${value}`;
  if (tag.length > maxTagLength || tag.includes(","))
    throw invalid(`tags.${key}`, "tag-length", `"key=value" must be at most ${maxTagLength} characters without commas`);
  return tag;
}

export function encodeTags(tags: Tags | undefined): string[] {
  return Object.entries(tags ?? {}).map(([k, v]) => encodeTag(k, v));
}

function split(tag: string): [string, string] {
  const at = tag.indexOf("=");
  return at < 0 ? [tag, ""] : [tag.slice(0, at), tag.slice(at + 1)];
}

/** User tags of a string tag list; the driver's own tags are left out. */
export function decodeTags(tags: readonly string[] | undefined): Tags {
  const out = ownRecord<string>();
  for (const tag of tags ?? []) {
    const [key, value] = split(tag);
    if (!reservedKeys.includes(key)) out[key] = value;
  }
  return out;
}

/** The value of the driver's own tag `key` in a string tag list. */
export function ownTag(tags: readonly string[] | undefined, key: string): string | undefined {
  for (const tag of tags ?? []) {
    const [k, v] = split(tag);
    if (k === key) return v;
  }
  return undefined;
}

/** The raw tag string carrying `key`, if any. */
export function rawTag(tags: readonly string[] | undefined, key: string): string | undefined {
  return (tags ?? []).find((t) => split(t)[0] === key);
}
