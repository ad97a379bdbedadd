import { createHash } from "node:crypto";
import { invalidArgument } from "@cloud-barista/core";

/**
 * The one ID rule of namespaces, MCIS and sub-groups: Tumblebug's `[a-z]([-a-z0-9]*[a-z0-9])?`
 * (lower case, starts with a letter, no trailing dash), at most `maxIdLength` characters. VM IDs
 * are derived (`<subGroup>-<n>`, n = 1..`maxVmIndex`) and so obey the rule too.
 */
export const idPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Keeps the core VM name `<mcis>-<vm>-<hash>` within 63 characters (24 + 1 + 29 + 1 + 8). */
export const maxIdLength = 24;

/** Highest VM index of a sub-group, so that a VM ID has at most 24 + 5 characters. */
export const maxVmIndex = 9999;

/** Checks one ID; the error names the field and the rule it broke. */
export function requireId(field: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw invalidArgument(field, "required", "is required");
  if (value.length > maxIdLength) {
    throw invalidArgument(field, "id-length", `must be at most ${maxIdLength} characters, got ${value.length}`);
  }
  if (!idPattern.test(value)) {
    throw invalidArgument(
      field,
      "id-characters",
      `"${value}" must match ${idPattern.source}: lower-case letters, digits and '-', starting with a letter, not ending with '-'`,
    );
  }
  return value;
}

/** The ID of VM `index` of a sub-group: "g1" and 3 give "g1-3". */
export function vmId(subGroup: string, index: number): string {
  return `${subGroup}-${index}`;
}

/**
 * The core (connection-level) name of an MCIS VM. IDs may contain '-', so joining them alone could
 * make two MCIS clash ("a-b"/"c" and "a"/"b-c"); a hash of the full identity keeps names apart
 * while the readable part helps a human find the VM in the cloud console.
 */
export function coreVmName(namespace: string, mcis: string, vm: string): string {
  const hash = createHash("sha256").update(`${namespace}/${mcis}/${vm}`).digest();
  return `${mcis}-${vm}-${base32(hash).slice(0, 8)}`;
}

/** Core names of a namespace's default network pieces in one connection (VPC, subnet, SG, key pair). */
export function sharedResourceName(namespace: string): string {
  return `mcis-${namespace}-shared`;
}

const alphabet = "0123456789abcdefghijklmnopqrstuv";

function base32(bytes: Uint8Array): string {
  return [...bytes].map((b) => alphabet[b % 32]).join("");
}

/** Cloud tags that carry MCIS identity, so a resource found in the cloud can be traced back. */
export const tagKeys = {
  namespace: "cb-ns",
  mcis: "cb-mcis",
  subGroup: "cb-subgroup",
  vm: "cb-vm",
  shared: "cb-shared",
} as const;

/** `{ tags }` when the connection's cloud can tag `type`, else nothing: tags are identity, not a requirement. */
export function tagsIfTaggable(
  conn: { capabilities: { tagResourceTypes: readonly string[] } },
  type: string,
  tags: Record<string, string>,
): { tags?: Record<string, string> } {
  return conn.capabilities.tagResourceTypes.includes(type) ? { tags } : {};
}

export function vmTags(namespace: string, mcis: string, subGroup: string, vm: string): Record<string, string> {
  return { [tagKeys.namespace]: namespace, [tagKeys.mcis]: mcis, [tagKeys.subGroup]: subGroup, [tagKeys.vm]: vm };
}
