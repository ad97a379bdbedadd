import { randomBytes } from "node:crypto";
import { invalidArgument } from "../errors.js";
import type { NamingRules } from "../driver/capabilities.js";
import type { TrackedType } from "../model/common.js";

const suffixLength = 8;
const suffixAlphabet = "0123456789abcdefghijklmnopqrstuv"; // base32, lower case: valid on every cloud

function randomSuffix(): string {
  return [...randomBytes(suffixLength)].map((b) => suffixAlphabet[b % 32]).join("");
}

export function maxCloudNameLength(rules: NamingRules, resourceType: TrackedType): number {
  return rules.maxLength[resourceType] ?? rules.defaultMaxLength;
}

/**
 * Derives the cloud-side name: the user's name made to fit the cloud's rules, plus a random
 * suffix so that names stay unique in the cloud even when several SDK instances or connections
 * share an account ("web" becomes "web-k3v9q0ab").
 */
export function deriveCloudName(name: string, resourceType: TrackedType, rules: NamingRules): string {
  const sep = rules.separator;
  let base = rules.lowerCase ? name.toLowerCase() : name;
  base = base.replace(/[-_]/g, sep).replace(/[^A-Za-z0-9_-]/g, "");
  const room = maxCloudNameLength(rules, resourceType) - suffixLength - 1;
  if (room < 1) return randomSuffix();
  if (reservedPrefixOf(base, resourceType, rules) !== undefined) base = `cb${sep}${base}`;
  base = base.slice(0, room).replace(new RegExp(`\\${sep}+$`), "");
  return `${base}${sep}${randomSuffix()}`;
}

function reservedPrefixOf(name: string, resourceType: TrackedType, rules: NamingRules): string | undefined {
  return rules.reservedPrefixes?.[resourceType]?.find((p) => name.toLowerCase().startsWith(p.toLowerCase()));
}

/** With name derivation off, the user's name goes to the cloud as is, so it must obey the cloud's rules. */
export function checkCloudName(field: string, name: string, resourceType: TrackedType, rules: NamingRules): string {
  const max = maxCloudNameLength(rules, resourceType);
  if (name.length > max) {
    throw invalidArgument(
      field,
      "cloud-name-length",
      `this cloud allows at most ${max} characters for a ${resourceType} name`,
    );
  }
  if (rules.lowerCase && name !== name.toLowerCase()) {
    throw invalidArgument(field, "cloud-name-case", "this cloud accepts lower-case names only");
  }
  const reserved = reservedPrefixOf(name, resourceType, rules);
  if (reserved !== undefined) {
    throw invalidArgument(
      field,
      "cloud-name-prefix",
      `this cloud does not accept ${resourceType} names starting with "${reserved}"`,
    );
  }
  const other = rules.separator === "-" ? "_" : "-";
  if (name.includes(other)) {
    throw invalidArgument(field, "cloud-name-characters", `this cloud does not accept '${other}' in names`);
  }
  return name;
}
