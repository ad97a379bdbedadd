import { invalidArgument } from "../errors.js";
import type { Tags } from "../model/common.js";
import type { SecurityRule } from "../model/security-group.js";
import { cidrContains, cidrOverlaps, parseIpv4Cidr } from "../util/cidr.js";
import type { Ipv4Network } from "../util/cidr.js";

// Request checks the runtime makes before anything reaches a lock or a cloud. Each failure is an
// InvalidArgument naming the field (as a path) and the rule.

const namePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const maxNameLength = 63;

export function requireName(field: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw invalidArgument(field, "required", "is required");
  }
  if (value.length > maxNameLength) {
    throw invalidArgument(field, "name-length", `must be at most ${maxNameLength} characters`);
  }
  if (!namePattern.test(value)) {
    throw invalidArgument(
      field,
      "name-characters",
      "must start with a letter and use only letters, digits, '-' and '_'",
    );
  }
  return value;
}

export function requireString(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0) throw invalidArgument(field, "required", "is required");
  return value;
}

export function requireCidr(field: string, value: unknown): Ipv4Network {
  const network = typeof value === "string" ? parseIpv4Cidr(value) : undefined;
  if (!network) {
    throw invalidArgument(field, "cidr", `"${String(value)}" is not an IPv4 network in CIDR form (e.g. 10.0.0.0/16)`);
  }
  return network;
}

/** Subnet CIDRs must lie inside the VPC's and must not overlap one another. */
export function requireSubnetLayout(
  subnets: readonly { field: string; cidr: Ipv4Network }[],
  vpc: { field: string; cidr: Ipv4Network } | undefined,
): void {
  subnets.forEach((subnet, i) => {
    if (vpc && !cidrContains(vpc.cidr, subnet.cidr)) {
      throw invalidArgument(subnet.field, "cidr-within-vpc", `must lie inside ${vpc.field}`);
    }
    const clash = subnets.slice(0, i).find((other) => cidrOverlaps(other.cidr, subnet.cidr));
    if (clash) throw invalidArgument(subnet.field, "cidr-overlap", `overlaps ${clash.field}`);
  });
}

export function requirePort(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalidArgument(field, "port", `must be an integer from 1 to 65535, got ${String(value)}`);
  }
  return value;
}

export function requirePositiveInteger(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidArgument(field, "positive-integer", `must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw invalidArgument(field, "enum", `must be one of ${allowed.join(", ")}, got ${String(value)}`);
  }
  return value as T;
}

export function requireArray<T>(field: string, value: unknown, options: { nonEmpty?: boolean } = {}): T[] {
  if (!Array.isArray(value)) throw invalidArgument(field, "required", "must be an array");
  if (options.nonEmpty && value.length === 0) throw invalidArgument(field, "non-empty", "must not be empty");
  return value as T[];
}

export function requireTags(field: string, tags: Tags | undefined): void {
  if (tags === undefined) return;
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128)
      throw invalidArgument(`${field}.${key}`, "tag-key", "keys must have 1-128 characters");
    if (typeof value !== "string" || value.length > 256) {
      throw invalidArgument(`${field}.${key}`, "tag-value", "values must be strings of at most 256 characters");
    }
  }
}

const protocols = ["TCP", "UDP", "ICMP", "ALL"] as const;
const directions = ["inbound", "outbound"] as const;

/** TCP/UDP rules need a port range; ICMP and ALL rules must not carry ports. */
export function requireSecurityRules(field: string, rules: unknown): SecurityRule[] {
  return requireArray<SecurityRule>(field, rules).map((rule, i) => {
    const at = `${field}[${i}]`;
    if (rule === null || typeof rule !== "object") throw invalidArgument(at, "required", "must be a rule object");
    const direction = requireOneOf(`${at}.direction`, rule.direction, directions);
    const protocol = requireOneOf(`${at}.protocol`, rule.protocol, protocols);
    requireCidr(`${at}.cidr`, rule.cidr);
    if (protocol === "TCP" || protocol === "UDP") {
      const fromPort = requirePort(`${at}.fromPort`, rule.fromPort);
      const toPort = requirePort(`${at}.toPort`, rule.toPort);
      if (fromPort > toPort) throw invalidArgument(`${at}.toPort`, "port-range", "must not be below fromPort");
      return { direction, protocol, fromPort, toPort, cidr: rule.cidr };
    }
    if (rule.fromPort !== undefined || rule.toPort !== undefined) {
      throw invalidArgument(`${at}.fromPort`, "no-ports", `${protocol} rules take no ports`);
    }
    return { direction, protocol, cidr: rule.cidr };
  });
}
