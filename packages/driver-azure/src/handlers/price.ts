import { paginate } from "@cloud-barista/core/driver";
import type { PriceHandler, PriceInfo } from "@cloud-barista/core/driver";
import { armFailure, badAnswer, provider, toBaristaError } from "../errors.js";
import { plainGet } from "../retail-http.js";
import type { AzureSession } from "../session.js";

/** An item of the Retail Prices API, as far as the driver reads it. */
interface RetailItem {
  currencyCode?: string;
  retailPrice?: number;
  armRegionName?: string;
  armSkuName?: string;
  skuName?: string;
  productName?: string;
  meterId?: string;
  type?: string;
  unitOfMeasure?: string;
  serviceName?: string;
}

interface RetailPage {
  Items?: RetailItem[];
  NextPageLink?: string | null;
}

/** The Linux pay-as-you-go price of a size: not Spot, Low Priority, Windows or a reservation. */
export function isLinuxConsumption(item: RetailItem): boolean {
  return (
    item.type === "Consumption" &&
    item.serviceName === "Virtual Machines" &&
    item.unitOfMeasure === "1 Hour" &&
    !/ (Spot|Low Priority)$/.test(item.skuName ?? "") &&
    !/ Windows$/.test(item.productName ?? "") &&
    typeof item.retailPrice === "number" &&
    item.retailPrice > 0 &&
    !!item.armSkuName
  );
}

/**
 * On-demand Linux prices of the connection's region from the Azure Retail Prices API
 * (`RetailPrices_List`: anonymous, `Items` with `NextPageLink` followed to the end), filtered to
 * Virtual Machines consumption meters of the region and then to Linux pay-as-you-go ones.
 */
export function createPriceHandler(session: AzureSession): PriceHandler {
  const { region } = session.settings;
  const endpoint = session.endpoints.prices ?? "https://prices.azure.com";
  const settings = session.driverSettings;
  const filter = `serviceName eq 'Virtual Machines' and armRegionName eq '${region}' and priceType eq 'Consumption'`;
  const first = `${endpoint.replace(/\/$/, "")}/api/retail/prices?api-version=2023-01-01-preview&$filter=${encodeURIComponent(filter)}`;
  return {
    list: (ctx) =>
      paginate(
        async (token) => {
          const url = token ?? first;
          const page = await ctx.call("RetailPrices_List", async (signal) => {
            let answer;
            try {
              answer = await plainGet(url, settings, signal);
            } catch (error) {
              throw toBaristaError(error, "RetailPrices_List", ctx.clock.now(), signal);
            }
            let body: unknown;
            try {
              body = JSON.parse(answer.text) as unknown;
            } catch {
              body = undefined;
            }
            if (answer.status >= 400) {
              throw armFailure(
                "RetailPrices_List",
                { status: answer.status, header: answer.header, body },
                ctx.clock.now(),
              );
            }
            if (body === undefined || typeof body !== "object") throw badAnswer("RetailPrices_List: not JSON");
            return body as RetailPage;
          });
          const retrievedAt = new Date(ctx.clock.now());
          const items = (page.Items ?? []).filter(isLinuxConsumption).map((item): PriceInfo => ({
            specName: item.armSkuName ?? "",
            region,
            onDemand: {
              price: item.retailPrice ?? 0,
              currency: item.currencyCode ?? "USD",
              unit: "Hour",
              ...(item.meterId ? { pricingId: item.meterId } : {}),
            },
            source: "azure-retail-prices-api",
            retrievedAt,
          }));
          return { items, nextToken: page.NextPageLink ?? undefined };
        },
        { provider },
      ),
  };
}
