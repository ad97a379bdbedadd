/**
 * Integrated ID: the name a resource is known by and the id its cloud assigned. In the user API,
 * `nameId` is the user's name; towards a driver it is the cloud-side name (see docs/iid.md).
 */
export interface IID {
  readonly nameId: string;
  readonly systemId: string;
}

/** User tags, as the cloud stores them. */
export type Tags = Record<string, string>;

/** Provider-specific details a portable field cannot hold (instance lifecycle, ARNs, ...). */
export type Extra = Record<string, string>;

/** Resource types whose names the runtime maps to cloud ids. */
export type ResourceType = "vpc" | "subnet" | "securityGroup" | "keyPair" | "vm" | "disk" | "myImage" | "nlb";

/** Every resource type the SDK tracks by name. */
export const resourceTypes: readonly ResourceType[] = [
  "vpc",
  "subnet",
  "securityGroup",
  "keyPair",
  "vm",
  "disk",
  "myImage",
  "nlb",
];

/**
 * Every type whose names the runtime maps to cloud ids: the resource types above, and managed
 * Kubernetes clusters with their node groups (node groups are named per cluster). The tag handler
 * addresses `ResourceType`s only; clusters take their tags at create.
 */
export type TrackedType = ResourceType | "cluster" | "nodeGroup";

/** Every type the runtime tracks by name: the resource types plus clusters and their node groups. */
export const trackedTypes: readonly TrackedType[] = [...resourceTypes, "cluster", "nodeGroup"];

/** Slow-changing catalog data the runtime caches per connection. */
export type MetadataKind = "regionZones" | "images" | "specs" | "prices" | "clusterVersions";

/** CPU architecture of an image or VM spec (CB-Spider values). */
export type Architecture = "x86_64" | "arm64" | "x86_32" | "arm32" | "x86_64_mac" | "arm64_mac" | "NA";
