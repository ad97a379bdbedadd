import { invalidArgument } from "../errors.js";
import type { TagRules } from "../driver/capabilities.js";
import type { Tags } from "../model/common.js";
import type { SecurityRule } from "../model/security-group.js";
import { cidrContains, cidrOverlaps, parseIpv4Cidr } from "../util/cidr.js";
import type { Ipv4Network } from "../util/cidr.js";
import { ownRecord } from "../util/own-record.js";

// Request checks the runtime makes before anything reaches the store, a lock or a cloud. Each
// failure is an InvalidArgument naming the field (as a path) and the rule. The rules every entry
// point shares: a missing value breaks "required", a value of the wrong type "type", a field the
// request does not have "unknown-field" (unknown fields are refused, not ignored: a misspelt
// optional field would otherwise be dropped in silence), a text or list beyond its bound
// "max-length" or "max-items" (see `requestLimits`).

/** Bounds of request input: every text and list is bounded. */
export const requestLimits = {
  /** Characters of an id, spec name, zone, disk type, region, provider or other short text. */
  textLength: 256,
  /** Characters of a cloud id (`systemId`, an image id): ARNs and resource paths run long. */
  idLength: 1024,
  /** Items of any list (subnets, security groups, rules, VMs, disks). */
  listItems: 1000,
  /** Tags on one resource (AWS's limit, within the other clouds'). */
  tags: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  /** Values of one credential, and the characters of each. */
  credentialValues: 32,
  credentialValueLength: 16_384,
  /** Characters of a VM login password. */
  passwordLength: 128,
} as const;

const namePattern = /^[A-Za-z][A-Za-z0-9_-]*$/;
export const maxNameLength = 63;

/** The rule a value of the wrong type breaks: "required" when it is missing, else "type". */
function typeRule(value: unknown): "required" | "type" {
  return value === undefined || value === null ? "required" : "type";
}

/**
 * A short description of any value for an error message: never throws (a symbol, a bigint or an
 * object without a prototype cannot always be turned into a string) and never prints a long text.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "undefined":
      return "undefined";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return "an object";
  }
}

const describe = describeValue;

/** An object (not null, not an array): a request, an options bag, an item of a list. */
export function requireObject(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidArgument(field, typeRule(value), `must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * A request object with no fields beyond `known` (rule "unknown-field"). `field` names the object
 * ("request", "subnet", "options"); fields of a top-level request are named without it.
 */
export function requireFields<T extends object>(
  field: string,
  value: unknown,
  known: readonly (keyof T & string)[],
  prefix: string = field,
): T {
  const object = requireObject(field, value);
  for (const key of Object.keys(object)) {
    if (!(known as readonly string[]).includes(key)) {
      throw invalidArgument(
        prefix === "" ? key : `${prefix}.${key}`,
        "unknown-field",
        `is not a field of ${field}${known.length > 0 ? ` (${known.join(", ")})` : ""}`,
      );
    }
  }
  return object as T;
}

/**
 * An options bag: absent, or an object with only `known` keys, whose `abortSignal` is an
 * AbortSignal and whose `wait`, `refresh` and `force` are booleans.
 */
export function requireOptions<T extends object>(value: T | undefined, known: readonly (keyof T & string)[]): T {
  if (value === undefined) return {} as T;
  const options = requireFields<T>("options", value, known) as Record<string, unknown>;
  const signal = options.abortSignal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalidArgument("options.abortSignal", "type", `must be an AbortSignal, got ${describe(signal)}`);
  }
  for (const flag of ["wait", "refresh", "force", "details"]) {
    if (options[flag] !== undefined) requireBoolean(`options.${flag}`, options[flag]);
  }
  for (const name of ["vpcName", "owner"]) {
    if (options[name] !== undefined) requireName(`options.${name}`, options[name]);
  }
  return value;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (value instanceof AbortSignal) return true;
  const signal = value as Partial<AbortSignal> | null;
  return (
    typeof signal === "object" &&
    signal !== null &&
    typeof signal.aborted === "boolean" &&
    typeof signal.addEventListener === "function"
  );
}

export function requireBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw invalidArgument(field, typeRule(value), `must be true or false, got ${describe(value)}`);
  }
  return value;
}

export function requireName(field: string, value: unknown): string {
  if (value === undefined || value === null || value === "") throw invalidArgument(field, "required", "is required");
  if (typeof value !== "string") throw invalidArgument(field, "type", `must be a name, got ${describe(value)}`);
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

/** A non-blank string of at most `max` characters. */
export function requireString(field: string, value: unknown, max: number = requestLimits.textLength): string {
  if (typeof value !== "string") {
    throw invalidArgument(field, typeRule(value), `must be a string, got ${describe(value)}`);
  }
  if (value.trim().length === 0) throw invalidArgument(field, "required", "is required");
  return requireMaxLength(field, value, max);
}

function requireMaxLength(field: string, value: string, max: number): string {
  if (value.length > max) {
    throw invalidArgument(field, "max-length", `must have at most ${max} characters, got ${value.length}`);
  }
  return value;
}

/** A login user name as cloud-init creates it (the rule `cloudInit` applies in every driver). */
const linuxUserName = /^[a-z_][a-z0-9_-]{0,31}$/;

export function requireVmUser(field: string, value: unknown): string {
  if (typeof value !== "string") throw invalidArgument(field, typeRule(value), `must be a string`);
  if (!linuxUserName.test(value)) {
    throw invalidArgument(field, "linux-user", `"${value.slice(0, 40)}" is not a valid Linux user name`);
  }
  return value;
}

/** A password a VM user logs in with: one non-empty line (cloud-init writes it into the user data). */
export function requirePassword(field: string, value: unknown): string {
  if (typeof value !== "string") throw invalidArgument(field, typeRule(value), "must be a string");
  if (value === "" || /[\0\r\n]/.test(value)) throw invalidArgument(field, "password", "must be one non-empty line");
  return requireMaxLength(field, value, requestLimits.passwordLength);
}

export function requireCidr(field: string, value: unknown): Ipv4Network {
  if (typeof value !== "string")
    throw invalidArgument(field, typeRule(value), `must be a string, got ${describe(value)}`);
  const network = parseIpv4Cidr(value);
  if (!network) {
    throw invalidArgument(
      field,
      "cidr",
      `${describe(value)} is not an IPv4 network in canonical CIDR form (e.g. 10.0.0.0/16, no leading zeros, no host bits)`,
    );
  }
  return network;
}

/** Subnet CIDRs must lie inside the VPC's and must not overlap one another. */
export function requireSubnetLayout(
  subnets: readonly { field: string; cidr: Ipv4Network }[],
  vpc: { field: string; cidr: Ipv4Network } | undefined,
  fail: (field: string, rule: string, message: string) => Error = invalidArgument,
): void {
  subnets.forEach((subnet, i) => {
    if (vpc && !cidrContains(vpc.cidr, subnet.cidr)) {
      throw fail(subnet.field, "cidr-within-vpc", `must lie inside ${vpc.field}`);
    }
    const clash = subnets.slice(0, i).find((other) => cidrOverlaps(other.cidr, subnet.cidr));
    if (clash) throw fail(subnet.field, "cidr-overlap", `overlaps ${clash.field}`);
  });
}

export function requirePort(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalidArgument(
      field,
      value === undefined ? "required" : "port",
      `must be an integer from 1 to 65535, got ${describe(value)}`,
    );
  }
  return value;
}

export function requirePositiveInteger(field: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidArgument(
      field,
      value === undefined ? "required" : "positive-integer",
      `must be an integer from 1 to ${max}, got ${describe(value)}`,
    );
  }
  return value;
}

export function requireOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw invalidArgument(
      field,
      value === undefined ? "required" : "enum",
      `must be one of ${allowed.join(", ")}, got ${describe(value)}`,
    );
  }
  return value as T;
}

/** An array of at most `requestLimits.listItems` items (rule "max-items"), checked before any item. */
export function requireArray<T>(field: string, value: unknown, options: { nonEmpty?: boolean } = {}): T[] {
  if (!Array.isArray(value)) throw invalidArgument(field, typeRule(value), `must be an array, got ${describe(value)}`);
  if (options.nonEmpty && value.length === 0) throw invalidArgument(field, "non-empty", "must not be empty");
  if (value.length > requestLimits.listItems) {
    throw invalidArgument(
      field,
      "max-items",
      `must have at most ${requestLimits.listItems} items, got ${value.length}`,
    );
  }
  return value as T[];
}

/** An array of names (each checked, none twice). */
export function requireNames(field: string, value: unknown, options: { nonEmpty?: boolean } = {}): string[] {
  const names = requireArray<unknown>(field, value, options).map((n, i) => requireName(`${field}[${i}]`, n));
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) throw invalidArgument(`${field}[${i}]`, "unique", `"${n}" appears twice`);
  });
  return names;
}

/** An object used as a dictionary: a plain object (not an array, a Map or a class instance). */
export function requireDictionary(field: string, value: unknown): Record<string, unknown> {
  const proto: unknown = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (Array.isArray(value) || (proto !== Object.prototype && proto !== null)) {
    throw invalidArgument(field, typeRule(value), `must be an object of keys to strings, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A tag key: 1 to 128 characters. "__proto__", "constructor" and the like are keys like any other. */
export function requireTagKey(field: string, key: unknown): string {
  if (typeof key !== "string") throw invalidArgument(field, typeRule(key), `must be a string, got ${describe(key)}`);
  if (key.length === 0 || key.length > requestLimits.tagKeyLength) {
    throw invalidArgument(field, "tag-key", `keys must have 1-${requestLimits.tagKeyLength} characters`);
  }
  return key;
}

export function requireTagValue(field: string, value: unknown): string {
  if (typeof value !== "string" || value.length > requestLimits.tagValueLength) {
    throw invalidArgument(
      field,
      value === undefined ? "required" : "tag-value",
      `values must be strings of at most ${requestLimits.tagValueLength} characters`,
    );
  }
  return value;
}

/** A tag the driver's cloud would refuse (`DriverCapabilities.tagRules`), refused before any call. */
export function requireTagRules(field: string, key: string, value: string | undefined, rules: TagRules = {}): void {
  if (rules.reservedKeys?.includes(key)) {
    throw invalidArgument(field, "reserved-tag", `"${key}" is the driver's own tag`);
  }
  const prefix = rules.reservedPrefixes?.find((p) => key.toLowerCase().startsWith(p.toLowerCase()));
  if (prefix !== undefined)
    throw invalidArgument(field, "reserved-tag", `keys starting with "${prefix}" are the cloud's`);
  const forbiddenIn = (text: string, characters = ""): string | undefined =>
    [...characters].find((c) => text.includes(c));
  const inKey = forbiddenIn(key, `${rules.forbiddenKeyCharacters ?? ""}${rules.forbiddenCharacters ?? ""}`);
  if (inKey !== undefined) throw invalidArgument(field, "tag-key", `keys may not hold "${inKey}" on this cloud`);
  if (rules.keyPattern && !new RegExp(rules.keyPattern.source, "u").test(key))
    throw invalidArgument(field, "tag-key", `keys must be ${rules.keyPattern.rule} on this cloud`);
  if (value === undefined) return;
  if (rules.valuePattern && !new RegExp(rules.valuePattern.source, "u").test(value))
    throw invalidArgument(field, "tag-value", `values must be ${rules.valuePattern.rule} on this cloud`);
  const inValue = forbiddenIn(value, rules.forbiddenCharacters);
  if (inValue !== undefined)
    throw invalidArgument(field, "tag-value", `values may not hold "${inValue}" on this cloud`);
  const pair = value === "" ? key.length : key.length + 1 + value.length;
  if (rules.maxPairLength !== undefined && pair > rules.maxPairLength) {
    throw invalidArgument(field, "tag-length", `"key=value" may have at most ${rules.maxPairLength} characters here`);
  }
}

/**
 * Tags: absent, or a plain object of at most `requestLimits.tags` keys to string values. Returns a
 * copy without a prototype (so a key such as "__proto__" stays a key), or undefined.
 */
export function requireTags(field: string, tags: unknown): Tags | undefined {
  if (tags === undefined) return undefined;
  const entries = Object.entries(requireDictionary(field, tags));
  if (entries.length > requestLimits.tags) {
    throw invalidArgument(field, "max-items", `a resource carries at most ${requestLimits.tags} tags`);
  }
  for (const [key, value] of entries) {
    requireTagKey(`${field}.${key}`, key);
    requireTagValue(`${field}.${key}`, value);
  }
  return ownRecord(entries as [string, string][]);
}

const protocols = ["TCP", "UDP", "ICMP", "ALL"] as const;
const directions = ["inbound", "outbound"] as const;

/** TCP/UDP rules need a port range; ICMP and ALL rules must not carry ports. */
export function requireSecurityRules(field: string, rules: unknown): SecurityRule[] {
  return requireArray<SecurityRule>(field, rules).map((rule, i) => {
    const at = `${field}[${i}]`;
    requireFields<SecurityRule>(at, rule, ["direction", "protocol", "fromPort", "toPort", "cidr"]);
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
