import { isBaristaError } from "@cloud-barista/core/driver";
import type { PriceHandler, PriceInfo } from "@cloud-barista/core/driver";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { zoneOffers } from "./stock.js";

interface PriceAnswer extends RpcAnswer {
  PriceInfo?: {
    Price?: {
      OriginalPrice?: number;
      TradePrice?: number;
      Currency?: string;
      DetailInfos?: { DetailInfo?: { Resource?: string; OriginalPrice?: number; TradePrice?: number }[] };
    };
  };
}

/** Where the figures come from, for `PriceInfo.source`. */
export const priceSource = "alibaba-describe-price";

/**
 * Pay-as-you-go Linux prices per hour from ECS DescribePrice, one call per instance type the
 * region (or the connection's zone) offers. The instance type's own line of the answer is used
 * (without the system disk), at its list price (OriginalPrice, before account discounts). A type
 * DescribePrice refuses (not sold for this charge type) is left out.
 */
export function createPriceHandler(session: AlibabaSession): PriceHandler {
  return {
    list: (ctx) =>
      (async function* () {
        const offers = await zoneOffers(session, ctx, "InstanceType", { zone: session.settings.zone });
        const names = [...new Set(offers.flatMap((o) => [...o.inStock, ...o.soldOut]))].sort();
        for (const name of names) {
          let answer: PriceAnswer;
          try {
            answer = await session.call<PriceAnswer>(ctx, "DescribePrice", {
              ResourceType: "instance",
              InstanceType: name,
              PriceUnit: "Hour",
              InstanceNetworkType: "vpc",
              IoOptimized: "optimized",
              ZoneId: session.settings.zone,
            });
          } catch (error) {
            if (isBaristaError(error) && ["InvalidArgument", "NotSupported", "NotFound"].includes(error.code)) continue;
            throw error;
          }
          const price = answer.PriceInfo?.Price;
          const own = price?.DetailInfos?.DetailInfo?.find((d) => d.Resource === "instanceType");
          const figure = Number(own?.OriginalPrice ?? price?.OriginalPrice ?? price?.TradePrice);
          if (!Number.isFinite(figure)) continue;
          const info: PriceInfo = {
            specName: name,
            region: session.region,
            ...(session.settings.zone ? { zone: session.settings.zone } : {}),
            onDemand: { price: figure, currency: price?.Currency ?? "USD", unit: "Hour" },
            source: priceSource,
            retrievedAt: new Date(ctx.clock.now()),
            extra: { chargeType: "PostPaid", ...(answer.RequestId ? { requestId: answer.RequestId } : {}) },
          };
          yield info;
        }
      })(),
  };
}
