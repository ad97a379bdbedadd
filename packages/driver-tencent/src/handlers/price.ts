import type { PriceHandler, PriceInfo } from "@cloud-barista/core/driver";
import type { TencentSession } from "../session.js";
import { instanceOffers, selling } from "./stock.js";

/** Where the figures come from, for `PriceInfo.source`. */
export const priceSource = "tencent-describe-zone-instance-config-infos";

/**
 * Pay-as-you-go prices per hour of every instance type, from the same one
 * DescribeZoneInstanceConfigInfos call as specs (each offer carries its Price): the list price
 * (UnitPrice, before account discounts), of the connection's zone when it has one, else of the
 * cheapest zone that sells the type (its zone in `zone`). Tencent's China site prices in CNY, its
 * international site (`endpointDomain` intl.tencentcloudapi.com) in USD.
 */
export function createPriceHandler(session: TencentSession): PriceHandler {
  const { currency } = session.settings;
  return {
    list: (ctx) =>
      (async function* () {
        const offers = await instanceOffers(session, ctx, { zone: session.settings.zone });
        const best = new Map<string, { zone: string; price: number; unit: string }>();
        for (const o of offers) {
          const price = Number(o.Price?.UnitPrice);
          if (!o.InstanceType || !Number.isFinite(price) || price <= 0) continue;
          if (!selling(o) && offers.some((p) => p.InstanceType === o.InstanceType && selling(p))) continue;
          const seen = best.get(o.InstanceType);
          if (!seen || price < seen.price) {
            best.set(o.InstanceType, { zone: o.Zone ?? "", price, unit: o.Price?.ChargeUnit ?? "HOUR" });
          }
        }
        for (const [specName, { zone, price, unit }] of [...best].sort(([a], [b]) => a.localeCompare(b))) {
          if (unit !== "HOUR") continue;
          const info: PriceInfo = {
            specName,
            region: session.region,
            ...(zone ? { zone } : {}),
            onDemand: { price, currency, unit: "Hour" },
            source: priceSource,
            retrievedAt: new Date(ctx.clock.now()),
            extra: { chargeType: "POSTPAID_BY_HOUR" },
          };
          yield info;
        }
      })(),
  };
}
