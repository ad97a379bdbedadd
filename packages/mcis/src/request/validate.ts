import { describeValue, invalidArgument } from "@cloud-barista/core";
import { maxVmIndex, requireId } from "../model/ids.js";
import { mcisLimits } from "../model/limits.js";
import { partialFailurePolicies } from "../model/requests.js";
import { requireKnownKeys, requireMaxItems, requireMaxLength } from "../util/validate.js";
import { checkNodeGroupField } from "./node-group.js";
import type { McisCreateRequest, PartialFailurePolicy, SubGroupRequest } from "../model/requests.js";

// Shape checks of requests, before anything is looked up. Every failure is an InvalidArgument
// naming the field as a path ("subGroups[1].size"); every count, list and text is bounded
// (mcisLimits).

function requireText(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw invalidArgument(field, "required", "is required");
  requireMaxLength(field, value, mcisLimits.textLength);
  return value;
}

export function checkLabels(field: string, labels: unknown): void {
  if (labels === undefined) return;
  const proto: unknown = labels !== null && typeof labels === "object" ? Object.getPrototypeOf(labels) : undefined;
  // A plain object: a Map (or a class instance) would pass as "no labels".
  if (Array.isArray(labels) || (proto !== Object.prototype && proto !== null))
    throw invalidArgument(field, "labels", "must be an object of strings");
  const entries = Object.entries(labels as Record<string, unknown>);
  requireMaxItems(field, entries, mcisLimits.labels);
  for (const [key, value] of entries) {
    if (key === "" || key.length > 128)
      throw invalidArgument(`${field}.${key}`, "label-key", "keys must have 1-128 characters");
    if (typeof value !== "string" || value.length > 256)
      throw invalidArgument(`${field}.${key}`, "label-value", "values must be strings of at most 256 characters");
  }
}

export function checkPolicy(field: string, policy: unknown): PartialFailurePolicy {
  if (policy === undefined) return "continue";
  if (!partialFailurePolicies.includes(policy as PartialFailurePolicy)) {
    throw invalidArgument(
      field,
      "enum",
      `must be one of ${partialFailurePolicies.join(", ")}, got ${describeValue(policy)}`,
    );
  }
  return policy as PartialFailurePolicy;
}

/** A VM count of a sub-group or scale-out: 1..9999 (VM IDs are `<group>-<n>`, n at most 9999). */
export function checkSize(field: string, size: unknown, max = maxVmIndex): number {
  if (typeof size !== "number" || !Number.isInteger(size) || size < 1 || size > max) {
    throw invalidArgument(field, "size", `must be an integer from 1 to ${max}, got ${describeValue(size)}`);
  }
  return size;
}

/** The fields of a sub-group besides its spec and image (named per request shape). */
const subGroupKeys = [
  "name",
  "connection",
  "size",
  "vpcName",
  "subnetName",
  "securityGroupNames",
  "keyPairName",
  "rootDiskType",
  "rootDiskSizeGB",
  "labels",
  "nodeGroup",
] as const;

/** The fields of an MCIS create request (static or dynamic). */
const mcisRequestKeys = ["namespace", "name", "description", "labels", "subGroups", "policy", "dryRun"] as const;

/**
 * One sub-group. Network pieces come as a whole or not at all: a VPC needs its subnet and security
 * groups (the default security group lives in the default VPC); a key pair may be given alone.
 */
export function checkSubGroup(
  field: string,
  group: SubGroupRequest,
  shape: { spec: string; image: string } = { spec: "specName", image: "image" },
): void {
  if (group === null || typeof group !== "object" || Array.isArray(group))
    throw invalidArgument(field, "required", "must be a sub-group object");
  requireKnownKeys(field, group, [...subGroupKeys, shape.spec, shape.image]);
  requireId(`${field}.name`, group.name);
  requireText(`${field}.connection`, group.connection);
  requireText(`${field}.${shape.spec}`, (group as unknown as Record<string, unknown>)[shape.spec]);
  const image = (group as unknown as Record<string, unknown>)[shape.image];
  // A node group may leave its image to the cloud's default node image.
  if (group.nodeGroup === undefined || image !== undefined) requireText(`${field}.${shape.image}`, image);
  checkSize(`${field}.size`, group.size);
  if (group.nodeGroup !== undefined) checkNodeGroupField(field, group);
  const hasVpc = group.vpcName !== undefined;
  if (hasVpc) requireText(`${field}.vpcName`, group.vpcName);
  if (group.subnetName !== undefined || hasVpc) {
    if (!hasVpc) throw invalidArgument(`${field}.vpcName`, "required", "is required with subnetName");
    requireText(`${field}.subnetName`, group.subnetName);
  }
  if (group.securityGroupNames !== undefined || hasVpc) {
    if (!hasVpc) throw invalidArgument(`${field}.vpcName`, "required", "is required with securityGroupNames");
    if (!Array.isArray(group.securityGroupNames) || group.securityGroupNames.length === 0) {
      throw invalidArgument(
        `${field}.securityGroupNames`,
        "required",
        "must name at least one security group of the VPC",
      );
    }
    requireMaxItems(`${field}.securityGroupNames`, group.securityGroupNames, mcisLimits.listItems);
    group.securityGroupNames.forEach((sg, i) => requireText(`${field}.securityGroupNames[${i}]`, sg));
  }
  if (group.keyPairName !== undefined) requireText(`${field}.keyPairName`, group.keyPairName);
  if (group.rootDiskType !== undefined) requireText(`${field}.rootDiskType`, group.rootDiskType);
  if (group.rootDiskSizeGB !== undefined) checkSize(`${field}.rootDiskSizeGB`, group.rootDiskSizeGB, 65_536);
  checkLabels(`${field}.labels`, group.labels);
}

/** One sub-group to add; its name must not be `taken` already. */
export function checkNewSubGroup(
  field: string,
  group: SubGroupRequest | undefined,
  taken: readonly string[],
): SubGroupRequest {
  if (group === undefined) throw invalidArgument(field, "required", "is required");
  checkSubGroup(field, group);
  if (taken.includes(group.name))
    throw invalidArgument(`${field}.name`, "unique", `sub-group "${group.name}" already exists`);
  return group;
}

/**
 * Sub-group names must be unique within the request and against `taken` (an MCIS's existing ones).
 * Each sub-group has a VM at least, so the list is bounded by the VMs an MCIS may hold.
 */
export function checkSubGroups(
  field: string,
  groups: unknown,
  taken: readonly string[] = [],
  shape?: { spec: string; image: string },
): SubGroupRequest[] {
  if (!Array.isArray(groups) || groups.length === 0)
    throw invalidArgument(field, "non-empty", "must list at least one sub-group");
  requireMaxItems(field, groups, mcisLimits.vmsPerMcis);
  const list = groups as SubGroupRequest[];
  const seen = new Set(taken);
  list.forEach((group, i) => {
    checkSubGroup(`${field}[${i}]`, group, shape);
    if (seen.has(group.name))
      throw invalidArgument(`${field}[${i}].name`, "unique", `sub-group "${group.name}" already exists`);
    seen.add(group.name);
  });
  return list;
}

/**
 * An MCIS holds at most `mcisLimits.vmsPerMcis` VMs: `existing` ones (records, terminated ones
 * included) and `added` new ones. `field` names what asks for the new ones.
 */
export function checkMcisVms(field: string, existing: number, added: number): void {
  if (existing + added > mcisLimits.vmsPerMcis) {
    throw invalidArgument(
      field,
      "max-vms",
      `an MCIS holds at most ${mcisLimits.vmsPerMcis} VMs; this would make ${existing + added}${existing > 0 ? ` (${existing} there already)` : ""}`,
    );
  }
}

/** The total size of sub-groups that passed `checkSubGroups`. */
export function totalSize(groups: readonly { size: number }[]): number {
  return groups.reduce((sum, g) => sum + g.size, 0);
}

/** The MCIS-level fields of a create request. */
export function checkMcisFields(request: Omit<McisCreateRequest, "subGroups">): void {
  if (request === null || typeof request !== "object" || Array.isArray(request))
    throw invalidArgument("request", "required", "must be an object");
  // Unknown fields are refused, not ignored: a misspelt one ("polciy") would otherwise be dropped.
  for (const key of Object.keys(request)) {
    if (!(mcisRequestKeys as readonly string[]).includes(key)) {
      throw invalidArgument(key, "unknown-field", `is not a field of an MCIS request (${mcisRequestKeys.join(", ")})`);
    }
  }
  requireId("namespace", request.namespace);
  requireId("name", request.name);
  if (request.description !== undefined && typeof request.description !== "string") {
    throw invalidArgument("description", "string", "must be a string");
  }
  requireMaxLength("description", request.description, mcisLimits.descriptionLength);
  checkLabels("labels", request.labels);
  checkPolicy("policy", request.policy);
  if (request.dryRun !== undefined && typeof request.dryRun !== "boolean")
    throw invalidArgument("dryRun", "boolean", "must be a boolean");
}
