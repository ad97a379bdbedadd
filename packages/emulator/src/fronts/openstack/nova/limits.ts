import type { AccountRegion } from "../../../world/account-region.js";
import { tagLimits } from "../../../world/resources/tag-rules.js";
import { json } from "../http.js";
import { projectQuotas, unlimited } from "../quotas.js";
import type { Route, ServiceCall } from "../service.js";
import { atLeast } from "./microversion.js";

/**
 * Nova's absolute limits, shaped by the microversion: the network proxies' limits went with 2.36,
 * image metadata with 2.39, file injection with 2.57. The world limits no memory and has no server
 * groups (-1, and none used); it injects no files (0).
 */
function absoluteLimits(call: ServiceCall, cloud: AccountRegion): Record<string, number> {
  const { usage, limits } = projectQuotas(call, cloud);
  // Server metadata is kept as the VM's tags, so the world's tag limit is Nova's metadata_items.
  const metadataItems = (call.ctx.world.catalog("OPENSTACK").tagLimits ?? tagLimits).perResource;
  const live = cloud.vms.list({ where: (vm) => vm.state !== "terminated" }).items;
  const absolute: Record<string, number> = {
    maxServerMeta: metadataItems,
    maxTotalCores: usage.vcpus.limit,
    maxTotalInstances: usage.vms.limit,
    maxTotalKeypairs: usage.keyPairs.limit,
    maxTotalRAMSize: unlimited,
    maxServerGroups: unlimited,
    maxServerGroupMembers: unlimited,
    totalCoresUsed: usage.vcpus.used,
    totalInstancesUsed: usage.vms.used,
    totalRAMUsed: live.reduce((sum, vm) => sum + vm.memoryMiB, 0),
    totalServerGroupsUsed: 0,
  };
  if (!atLeast(call.microversion, 2, 36)) {
    Object.assign(absolute, {
      maxSecurityGroups: usage.securityGroups.limit,
      maxSecurityGroupRules: limits.rulesPerSecurityGroup,
      maxTotalFloatingIps: unlimited,
      totalSecurityGroupsUsed: usage.securityGroups.used,
      totalFloatingIpsUsed: cloud.publicIps.list().items.length,
    });
  }
  if (!atLeast(call.microversion, 2, 39)) absolute["maxImageMeta"] = metadataItems;
  if (!atLeast(call.microversion, 2, 57)) Object.assign(absolute, { maxPersonality: 0, maxPersonalitySize: 0 });
  return absolute;
}

export const limitRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/limits$/,
    api: "nova:ShowLimits",
    // Rate limits went with the legacy v2 API: v2.1 always answers an empty list.
    handle: (call) => call.call((cloud) => json(200, { limits: { absolute: absoluteLimits(call, cloud), rate: [] } })),
  },
];
