import type { QuotaHandler, QuotaInfo, QuotaName } from "@cloud-barista/core/driver";
import type { AlibabaSession, RpcAnswer } from "../session.js";

interface AttributesAnswer extends RpcAnswer {
  AccountAttributeItems?: {
    AccountAttributeItem?: {
      AttributeName?: string;
      AttributeValues?: { ValueItem?: { Value?: string; ZoneId?: string }[] };
    }[];
  };
}

/** The quotas the driver reports: a limit attribute, its use where ECS reports one, and the name. */
const quotas: readonly { max: string; used?: string; name: QuotaName | (string & {}); description: string }[] = [
  {
    max: "max-postpaid-instance-vcpu-count",
    used: "used-postpaid-instance-vcpu-count",
    name: "vcpus",
    description: "vCPUs of pay-as-you-go instances",
  },
  {
    max: "max-spot-instance-vcpu-count",
    used: "used-spot-instance-vcpu-count",
    name: "spot-instance-vcpu-count",
    description: "vCPUs of spot instances",
  },
  { max: "max-security-groups", name: "securityGroups", description: "security groups" },
  {
    max: "max-elastic-network-interfaces",
    name: "elastic-network-interfaces",
    description: "elastic network interfaces",
  },
  { max: "max-dedicated-hosts", name: "dedicated-hosts", description: "dedicated hosts" },
];

/**
 * Quotas of the connection's region from ECS DescribeAccountAttributes (one call, `AttributeName.N`
 * up to 8): pay-as-you-go and spot vCPUs with their use, security groups, elastic network
 * interfaces and dedicated hosts (limits only: ECS reports no use for those). An attribute ECS does
 * not answer is left out; the region-wide value is preferred over a zone's.
 */
export function createQuotaHandler(session: AlibabaSession): QuotaHandler {
  return {
    list: (ctx) =>
      (async function* () {
        const names = quotas.flatMap((q) => (q.used ? [q.max, q.used] : [q.max]));
        const answer = await session.call<AttributesAnswer>(ctx, "DescribeAccountAttributes", {
          AttributeName: names,
        });
        const value = (name: string | undefined): number | undefined => {
          const item = answer.AccountAttributeItems?.AccountAttributeItem?.find((i) => i.AttributeName === name);
          const values = item?.AttributeValues?.ValueItem ?? [];
          const chosen = values.find((v) => !v.ZoneId) ?? values[0];
          const n = Number(chosen?.Value);
          return chosen?.Value !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
        };
        for (const q of quotas) {
          const limit = value(q.max);
          if (limit === undefined) continue;
          const used = value(q.used);
          const info: QuotaInfo = {
            name: q.name,
            scope: "region",
            limit,
            ...(used === undefined ? {} : { used, available: Math.max(0, limit - used) }),
            unit: "count",
            description: q.description,
            nativeName: q.max,
          };
          yield info;
        }
      })(),
  };
}
