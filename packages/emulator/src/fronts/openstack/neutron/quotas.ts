import type { AccountRegion } from "../../../world/account-region.js";
import { FrontError, json } from "../http.js";
import { projectQuotas, unlimited } from "../quotas.js";
import type { Route, ServiceCall } from "../service.js";

interface QuotaDetail {
  limit: number;
  used: number;
  reserved: number;
}

const detail = (limit: number, used: number): QuotaDetail => ({ limit, used, reserved: 0 });

/**
 * Neutron's quota details of the resources the world keeps. Subnets, routers, floating IPs and
 * rules have no project-wide limit in the world (its subnet and rule limits are per network and
 * per group), so they report -1 with their use; ports (views here) are left out.
 */
function details(call: ServiceCall, cloud: AccountRegion): Record<string, QuotaDetail> {
  const { usage } = projectQuotas(call, cloud);
  // The operator's shared network and its subnets are not the project's.
  const shared = new Set(cloud.vpcs.list({ where: (v) => v.shared !== undefined }).items.map((v) => v.id));
  const rules = cloud.securityGroups.list().items.reduce((sum, g) => sum + g.rules.length, 0);
  return {
    network: detail(usage.vpcs.limit, usage.vpcs.used),
    subnet: detail(unlimited, cloud.subnets.list({ where: (s) => !shared.has(s.vpcId) }).items.length),
    router: detail(unlimited, cloud.routers.list().items.length),
    floatingip: detail(unlimited, cloud.publicIps.list().items.length),
    security_group: detail(usage.securityGroups.limit, usage.securityGroups.used),
    security_group_rule: detail(unlimited, rules),
  };
}

export const quotaRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/quotas\/([^/]+)\/details(?:\.json)?$/,
    api: "neutron:ShowQuotaDetails",
    handle: (call) => {
      if (call.params[0] !== call.projectId)
        throw new FrontError(403, "Policy doesn't allow get_quota to be performed.", "PolicyNotAuthorized");
      return call.call((cloud) => json(200, { quota: details(call, cloud) }));
    },
  },
];
