import type { AccountRegion } from "../../world/account-region.js";
import type { QuotaLimits } from "../../world/control/quotas.js";
import type { QuotaUsage, RegionQuotaName } from "../../world/resources/quota-usage.js";
import type { ServiceCall } from "./service.js";

// What Nova's limits, Neutron's quota details and Cinder's limits report: the world's quotas of
// the token's project in the region. Where the world enforces no limit, OpenStack's -1 says so.

/** OpenStack's "no limit". */
export const unlimited = -1;

export interface ProjectQuotas {
  /** Limit and use of each account-wide quota. */
  usage: Readonly<Record<RegionQuotaName, QuotaUsage>>;
  /** Every limit, the per-network and per-group ones included. */
  limits: QuotaLimits;
}

export function projectQuotas(call: ServiceCall, cloud: AccountRegion): ProjectQuotas {
  const usage = Object.fromEntries(cloud.quotaUsage().map((q) => [q.name, q])) as Record<RegionQuotaName, QuotaUsage>;
  return { usage, limits: call.ctx.world.quotas.limitsFor(cloud.provider, cloud.account, cloud.region) };
}
