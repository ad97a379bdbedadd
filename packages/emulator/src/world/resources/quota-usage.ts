import { ensureQuota } from "../control/quotas.js";
import type { QuotaName } from "../control/quotas.js";
import type { RegionState } from "./region-state.js";
import { liveVms } from "./vm-lifecycle.js";

/** Quotas counted over the whole account and region (the others are per VPC or per group). */
export type RegionQuotaName = Exclude<QuotaName, "subnetsPerVpc" | "rulesPerSecurityGroup">;

/** One region-wide quota: its limit for the account and how much of it is used now (live resources only). */
export interface QuotaUsage {
  name: RegionQuotaName;
  limit: number;
  used: number;
}

/** What counts against each quota: live VMs only; data disks by size, an extension by its new size. */
export function quotaUsed(state: RegionState, name: RegionQuotaName): number {
  switch (name) {
    case "vpcs":
      return state.vpcs.all().filter((vpc) => !vpc.operator).length;
    case "securityGroups":
      return state.securityGroups.all().length;
    case "keyPairs":
      return state.keyPairs.all().length;
    case "vms":
      return liveVms(state).length;
    case "vcpus":
      return liveVms(state).reduce((sum, vm) => sum + vm.vcpus, 0);
    case "disks":
      return state.disks.all().length;
    case "diskTotalGB":
      return state.disks.all().reduce((sum, disk) => sum + Math.max(disk.sizeGB, disk.extendingTo ?? 0), 0);
    case "myImages":
      return state.myImages.all().length;
    case "nlbs":
      return state.nlbs.all().length;
  }
}

/** Throws QuotaExceeded unless `adding` more fits under the quota. */
export function requireQuota(state: RegionState, name: RegionQuotaName, adding = 1): void {
  ensureQuota(name, state.limits()[name], quotaUsed(state, name), adding);
}

const regionQuotaNames: readonly RegionQuotaName[] = [
  "vpcs",
  "securityGroups",
  "keyPairs",
  "vms",
  "vcpus",
  "disks",
  "diskTotalGB",
  "myImages",
  "nlbs",
];

export function quotaUsage(state: RegionState): QuotaUsage[] {
  const limits = state.limits();
  return regionQuotaNames.map((name) => ({ name, limit: limits[name], used: quotaUsed(state, name) }));
}
