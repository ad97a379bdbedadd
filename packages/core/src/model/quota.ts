/**
 * Portable names of the quotas most clouds have. A quota without one keeps the cloud's own name
 * (e.g. Nova's "server_groups").
 */
export type QuotaName =
  | "vcpus"
  | "vms"
  | "memoryGiB"
  | "vpcs"
  | "subnets"
  | "securityGroups"
  | "securityGroupRules"
  | "keyPairs"
  | "disks"
  | "diskGB"
  | "myImages"
  | "publicIps"
  | "nlbs"
  | "clusters";

/** The quotas drivers report under common names. */
export const quotaNames: readonly QuotaName[] = [
  "vcpus",
  "vms",
  "memoryGiB",
  "vpcs",
  "subnets",
  "securityGroups",
  "securityGroupRules",
  "keyPairs",
  "disks",
  "diskGB",
  "myImages",
  "publicIps",
  "nlbs",
  "clusters",
];

/**
 * What one limit covers: the account's use in the connection's region ("region"), or in every
 * region at once ("account", e.g. global quotas).
 */
export type QuotaScope = "region" | "account";

/**
 * One quota of the connection's account, as its cloud reports it (CB-Spider's QuotaInfo). Figures
 * the cloud does not expose are absent, never guessed.
 */
export interface QuotaInfo {
  /** A portable `QuotaName`, else the cloud's own name. */
  // `string & {}` keeps editors suggesting the portable names.
  name: QuotaName | (string & {});
  scope: QuotaScope;
  limit?: number;
  /** The cloud sets no limit (then `limit` and `available` are absent). */
  unlimited?: boolean;
  used?: number;
  /** What can still be used: as the cloud says, or `limit − used` (less anything it holds in reserve). */
  available?: number;
  /** "count" for counts, else the unit of the figures ("GiB", "GB"). */
  unit: string;
  description?: string;
  /** The cloud's name of the quota, e.g. "maxTotalCores" or "cores". */
  nativeName?: string;
}
