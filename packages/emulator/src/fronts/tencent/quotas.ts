import type { ActionRegistration } from "./actions.js";
import { filtersOf, passes } from "./paging.js";
import { cvm } from "./services.js";

// DescribeAccountQuota reports pay-as-you-go instance quotas per zone; the world keeps one
// regional VM quota, so every zone shows the region's limit and use.

export const quotaActions: ActionRegistration[] = [
  {
    service: cvm,
    action: "DescribeAccountQuota",
    handler: async (c) => {
      const filters = filtersOf(c.params, ["zone", "quota-type"]);
      return c.call((cloud) => {
        const vms = cloud.quotaUsage().find((q) => q.name === "vms");
        const zones = cloud.catalog.getRegion(cloud.region).zones.filter((z) => passes(filters, "zone", z.name));
        const postPaid = passes(filters, "quota-type", "PostPaidQuotaSet");
        const total = vms?.limit ?? 0;
        const used = vms?.used ?? 0;
        return {
          AppId: Number(c.caller.account.slice(0, 10)) || 0,
          AccountQuotaOverview: {
            Region: cloud.region,
            AccountQuota: {
              PostPaidQuotaSet: postPaid
                ? zones.map((z) => ({
                    Zone: z.name,
                    TotalQuota: total,
                    UsedQuota: used,
                    RemainingQuota: Math.max(0, total - used),
                  }))
                : [],
              PrePaidQuotaSet: [],
              SpotPaidQuotaSet: [],
              ImageQuotaSet: [],
              DisasterRecoverGroupQuotaSet: [],
            },
          },
        };
      });
    },
  },
];
