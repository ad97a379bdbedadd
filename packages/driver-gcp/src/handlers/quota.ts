import type { QuotaHandler, QuotaInfo, QuotaName } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import type { GcpSession } from "../session.js";

type Quota = protos.google.cloud.compute.v1.IQuota;

/** Region quota metrics that have a portable name. */
const portable: Readonly<Record<string, QuotaName>> = {
  CPUS: "vcpus",
  INSTANCES: "vms",
  DISKS_TOTAL_GB: "diskGB",
  IN_USE_ADDRESSES: "publicIps",
  STATIC_ADDRESSES: "publicIps",
  SUBNETWORKS: "subnets",
  FORWARDING_RULES: "nlbs",
};

function toQuota(quota: Quota): QuotaInfo {
  const nativeName = String(quota.metric ?? "");
  const limit = Number(quota.limit ?? 0);
  const used = Number(quota.usage ?? 0);
  const gb = /_GB$/.test(nativeName);
  return {
    name: portable[nativeName] ?? nativeName,
    scope: "region",
    limit,
    used,
    available: Math.max(0, limit - used),
    unit: gb ? "GB" : "count",
    nativeName,
  };
}

/**
 * Quotas are the connection's region's quotas (`regions.get`: each metric's limit and usage):
 * CPUS (portable `vcpus`), INSTANCES (`vms`), DISKS_TOTAL_GB (`diskGB`) and the rest under their
 * own names. A metric listed twice keeps its first entry (IN_USE_ADDRESSES before STATIC_ADDRESSES).
 */
export function createQuotaHandler(session: GcpSession): QuotaHandler {
  return {
    list: async function* (ctx) {
      const [region] = await session.call(ctx, "compute.regions.get", (c, o) =>
        c.regions.get({ project: session.project, region: session.settings.region }, o),
      );
      const seen = new Set<string>();
      for (const quota of region.quotas ?? []) {
        const info = toQuota(quota);
        if (seen.has(info.name)) continue;
        seen.add(info.name);
        yield info;
      }
    },
  };
}
