import type { QuotaHandler, QuotaInfo } from "@cloud-barista/core/driver";
import type { DescribeAccountQuotaResponse } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import { filters } from "../session.js";
import type { TencentSession } from "../session.js";

const nonNegative = (n: unknown): number | undefined => {
  const v = Number(n);
  return n !== undefined && n !== null && Number.isFinite(v) && v >= 0 ? v : undefined;
};

/**
 * Quotas of the connection's region from CVM DescribeAccountQuota (one call): pay-as-you-go
 * instances (Tencent reports them per zone; the driver adds the zones up, or takes the connection's
 * zone only) and custom images. What CVM does not report is left out.
 */
export function createQuotaHandler(session: TencentSession): QuotaHandler {
  return {
    list: (ctx) =>
      (async function* () {
        const zone = session.settings.zone;
        const answer = await session.call<DescribeAccountQuotaResponse>(ctx, "DescribeAccountQuota", {
          Filters: filters({ zone }),
        });
        const quota = answer.AccountQuotaOverview?.AccountQuota;
        const zones = (quota?.PostPaidQuotaSet ?? []).filter((q) => zone === undefined || q.Zone === zone);
        if (zones.length > 0) {
          const limit = zones.reduce((sum, q) => sum + (nonNegative(q.TotalQuota) ?? 0), 0);
          const used = zones.reduce((sum, q) => sum + (nonNegative(q.UsedQuota) ?? 0), 0);
          const info: QuotaInfo = {
            name: "vms",
            scope: "region",
            limit,
            used,
            available: Math.max(0, limit - used),
            unit: "count",
            description: zone ? `pay-as-you-go instances in ${zone}` : "pay-as-you-go instances (all zones)",
            nativeName: "PostPaidQuotaSet",
          };
          yield info;
        }
        const images = quota?.ImageQuotaSet?.[0];
        const imageLimit = nonNegative(images?.TotalQuota);
        if (imageLimit !== undefined) {
          const used = nonNegative(images?.UsedQuota);
          const info: QuotaInfo = {
            name: "myImages",
            scope: "region",
            limit: imageLimit,
            ...(used === undefined ? {} : { used, available: Math.max(0, imageLimit - used) }),
            unit: "count",
            description: "custom images",
            nativeName: "ImageQuotaSet",
          };
          yield info;
        }
      })(),
  };
}
