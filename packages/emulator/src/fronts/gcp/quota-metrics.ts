import type { QuotaName } from "../../world/control/quotas.js";
import type { RegionQuotaName } from "../../world/resources/quota-usage.js";

/** Compute Engine's quota metric for each world quota (regional ones in regions.get, the rest per project). */
export const quotaMetrics: Partial<Record<QuotaName, string>> = {
  vcpus: "CPUS",
  vms: "INSTANCES",
  diskTotalGB: "DISKS_TOTAL_GB",
  nlbs: "FORWARDING_RULES",
  vpcs: "NETWORKS",
  securityGroups: "FIREWALLS",
  subnetsPerVpc: "SUBNETWORKS",
  rulesPerSecurityGroup: "FIREWALLS",
  myImages: "IMAGES",
};

/** Quotas regions.get reports, by their world names. */
export const regionalQuotas: readonly (readonly [RegionQuotaName, string])[] = [
  ["vcpus", "CPUS"],
  ["diskTotalGB", "DISKS_TOTAL_GB"],
  ["vms", "INSTANCES"],
  ["nlbs", "FORWARDING_RULES"],
];
