import type { CallContext } from "@cloud-barista/core/driver";
import type { InstanceTypeQuotaItem } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import { filters } from "../session.js";
import type { ApiAnswer, TencentSession } from "../session.js";

interface ConfigInfosAnswer extends ApiAnswer {
  InstanceTypeQuotaSet?: InstanceTypeQuotaItem[];
}

/** What the offers are asked about: a zone, an instance type, both or neither. */
export interface OfferFilter {
  zone?: string | undefined;
  instanceType?: string | undefined;
}

/** Whether an offer can be bought now (Status SELL and not WithoutStock). */
export const selling = (o: InstanceTypeQuotaItem): boolean =>
  (o.Status ?? "SELL") === "SELL" && o.StatusCategory !== "WithoutStock";

const key = (f: OfferFilter) => `types|${f.zone ?? ""}|${f.instanceType ?? ""}`;

/**
 * DescribeZoneInstanceConfigInfos for pay-as-you-go instances: per zone and instance type, its
 * figures, sell status (SELL or SOLD_OUT) and hourly price, in one answer. With `remember`, the
 * answer is kept a while per question (`stockTtlMs`): a VM start checks its zone without a call
 * each time; spec and price lists ask afresh (the runtime caches those lists itself).
 */
export function instanceOffers(
  session: TencentSession,
  ctx: CallContext,
  filter: OfferFilter = {},
  remember = false,
): Promise<InstanceTypeQuotaItem[]> {
  const ask = async () => {
    const answer = await session.call<ConfigInfosAnswer>(ctx, "DescribeZoneInstanceConfigInfos", {
      Filters: filters({
        "instance-charge-type": "POSTPAID_BY_HOUR",
        zone: filter.zone,
        "instance-type": filter.instanceType,
      }),
    });
    return (answer.InstanceTypeQuotaSet ?? []).filter((o) => o.InstanceType && o.Zone);
  };
  return remember ? (session.stock.get(key(filter), ask) as Promise<InstanceTypeQuotaItem[]>) : ask();
}

/** Forgets a remembered answer: the cloud just said otherwise (a create refused for no stock). */
export function forgetInstanceOffers(session: TencentSession, filter: OfferFilter): void {
  session.stock.forget(key(filter));
}
