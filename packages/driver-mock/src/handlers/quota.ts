import type { QuotaHandler, QuotaInfo, QuotaName } from "@cloud-barista/core/driver";
import type { QuotaUsage, RegionQuotaName } from "@cloud-barista/emulator";
import type { MockSession } from "../session.js";

// Quotas: the world's account-wide limits of the connection's region, with their use.

const portable: Readonly<Record<RegionQuotaName, { name: QuotaName; unit: string; description: string }>> = {
  vpcs: { name: "vpcs", unit: "count", description: "VPCs" },
  securityGroups: { name: "securityGroups", unit: "count", description: "security groups" },
  keyPairs: { name: "keyPairs", unit: "count", description: "key pairs" },
  vms: { name: "vms", unit: "count", description: "VMs not terminated" },
  vcpus: { name: "vcpus", unit: "count", description: "vCPUs of VMs not terminated" },
  disks: { name: "disks", unit: "count", description: "data disks" },
  diskTotalGB: { name: "diskGB", unit: "GB", description: "total size of data disks" },
  myImages: { name: "myImages", unit: "count", description: "machine images" },
  nlbs: { name: "nlbs", unit: "count", description: "network load balancers" },
  clusters: { name: "clusters", unit: "count", description: "managed Kubernetes clusters" },
};

export function createQuotaHandler(session: MockSession): QuotaHandler {
  return {
    async *list(ctx) {
      const usage = await session.call(ctx, "DescribeAccountAttributes", (cloud) => cloud.quotaUsage());
      for (const quota of usage) yield toQuota(quota);
    },
  };
}

function toQuota(quota: QuotaUsage): QuotaInfo {
  const { name, unit, description } = portable[quota.name];
  return {
    name,
    scope: "region",
    limit: quota.limit,
    used: quota.used,
    // A limit lowered below the use leaves nothing, not a negative amount.
    available: Math.max(0, quota.limit - quota.used),
    unit,
    description,
    nativeName: quota.name,
  };
}
