import type { ResourceType, TrackedType } from "../model/common.js";
import type { HandlerName } from "./handlers.js";

export const handlerNames = [
  "regionZone",
  "image",
  "spec",
  "price",
  "quota",
  "vpc",
  "securityGroup",
  "keyPair",
  "vm",
  "disk",
  "myImage",
  "nlb",
  "cluster",
  "tag",
  "orphan",
] as const satisfies readonly HandlerName[];

// Every handler name is listed above: a new one fails to compile here until it is.
type Never<T extends never> = T;
type _EveryHandlerListed = Never<Exclude<HandlerName, (typeof handlerNames)[number]>>;

/** Operations a driver may lack even when it has the handler. */
export type OptionalOperation =
  | "vpc.addSubnet"
  | "vpc.removeSubnet"
  | "securityGroup.addRules"
  | "securityGroup.removeRules"
  | "vm.suspend"
  | "vm.resume"
  | "vm.reboot"
  | "disk.resize"
  | "disk.attach"
  | "nlb.addVms"
  | "nlb.removeVms"
  | "nlb.health"
  | "cluster.nodeGroups"
  | "cluster.autoScaling"
  | "cluster.upgrade";

export const optionalOperations: readonly OptionalOperation[] = [
  "vpc.addSubnet",
  "vpc.removeSubnet",
  "securityGroup.addRules",
  "securityGroup.removeRules",
  "vm.suspend",
  "vm.resume",
  "vm.reboot",
  "disk.resize",
  "disk.attach",
  "nlb.addVms",
  "nlb.removeVms",
  "nlb.health",
  "cluster.nodeGroups",
  "cluster.autoScaling",
  "cluster.upgrade",
];

/** How the runtime may derive cloud-side names for this cloud (see docs/iid.md). */
export interface NamingRules {
  /** Longest cloud-side name per resource type; types not listed use `defaultMaxLength`. */
  maxLength: Partial<Record<TrackedType, number>>;
  defaultMaxLength: number;
  /** The one punctuation character the cloud accepts in names ("-" nearly everywhere, "_" on Tencent). */
  separator: "-" | "_";
  /** The cloud accepts lower-case names only. */
  lowerCase: boolean;
  /** Prefixes the cloud refuses at the start of a name, per resource type (AWS: "sg-" for security groups). */
  reservedPrefixes?: Partial<Record<TrackedType, readonly string[]>>;
}

/**
 * The cloud's (and the driver's) own rules for user tags beyond the SDK's (1-128 character keys,
 * values of at most 256): the runtime checks them before anything is sent, so a tag the driver
 * would refuse never fails a create half way.
 */
export interface TagRules {
  /** Keys the driver keeps for itself (AWS: "Name", the cloud-side name). */
  reservedKeys?: readonly string[];
  /** Key prefixes the cloud refuses, compared without case (AWS: "aws:"). */
  reservedPrefixes?: readonly string[];
  /** Longest "key=value" where the cloud keeps a tag as one string (OpenStack Neutron: 60). */
  maxPairLength?: number;
  /** Characters a key may not hold (OpenStack: "=", which separates key and value). */
  forbiddenKeyCharacters?: string;
  /** Characters neither key nor value may hold (OpenStack: ",", which separates tags in filters). */
  forbiddenCharacters?: string;
  /** What a whole key must match, where the cloud allows a narrow alphabet (GCP labels). */
  keyPattern?: TagPattern;
  /** What a whole value must match (the empty value included). */
  valuePattern?: TagPattern;
}

/** A regular expression a tag key or value must match, and the rule in words for the error. */
export interface TagPattern {
  /** The expression's source, anchored by the driver ("^[a-z][a-z0-9_-]{0,62}$"); compiled with the "u" flag. */
  source: string;
  /** The rule in words, read after "keys must be" / "values must be". */
  rule: string;
}

export interface DriverCapabilities {
  handlers: Readonly<Record<HandlerName, boolean>>;
  unsupportedOperations: readonly OptionalOperation[];
  quirks: {
    /** VPCs carry an IPv4 CIDR (false on GCP and IBM, where only subnets do). */
    vpcCidr: boolean;
    /** Resources are created per zone, not only per region. */
    zoneBasedControl: boolean;
    /**
     * When the cloud grows a disk: only while attached to a running VM (IBM Cloud's volumes), only
     * while detached, or either (absent).
     */
    diskResizeWhen?: "attached" | "detached";
  };
  /** Resource types the tag handler can tag. */
  tagResourceTypes: readonly ResourceType[];
  /** The cloud's own rules for tags, checked by the runtime before any call. */
  tagRules?: TagRules;
  naming: NamingRules;
}

export function supportsOperation(capabilities: DriverCapabilities, operation: OptionalOperation): boolean {
  const handler = operation.slice(0, operation.indexOf(".")) as HandlerName;
  return capabilities.handlers[handler] && !capabilities.unsupportedOperations.includes(operation);
}
