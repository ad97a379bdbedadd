import { createHash } from "node:crypto";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { World } from "../../world/world.js";
import { isWorldError } from "../../world/errors.js";
import { json } from "./context.js";

// The Azure Retail Prices API (prices.azure.com/api/retail/prices): anonymous, OData `$filter`,
// `{ BillingCurrency, Items, NextPageLink, Count }` pages. Every size of a region has its Linux
// pay-as-you-go meter and, as on Azure, Spot, Low Priority, Windows and reservation meters too, so
// a client must pick the Linux consumption price out of them.

/** The account the world's gate counts anonymous price queries in. */
const anonymous = "retail-prices";

interface RetailItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: string;
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
  reservationTerm?: string;
}

const id = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12).toUpperCase();
const round = (n: number) => Math.round(n * 10_000) / 10_000;

function itemsOf(world: World): RetailItem[] {
  const catalog = world.catalog("AZURE");
  return catalog.regions.flatMap((region) => {
    const cloud = world.accountRegion({ provider: "AZURE", account: anonymous, region: region.name });
    return cloud.catalog.listPrices().items.flatMap((p) => {
      const spec = catalog.specs.find((s) => s.name === p.specName);
      const size = p.specName.replace(/^Standard_/, "").replace(/_/g, " ");
      const series = `Virtual Machines ${spec?.family ?? size} Series`;
      const base = {
        currencyCode: p.currency,
        tierMinimumUnits: 0,
        armRegionName: region.name,
        location: region.displayName,
        effectiveStartDate: "2024-01-01T00:00:00Z",
        serviceName: "Virtual Machines",
        serviceId: "DZH313Z7MMC8",
        serviceFamily: "Compute",
        unitOfMeasure: "1 Hour",
        isPrimaryMeterRegion: true,
        armSkuName: p.specName,
      };
      const meter = (productName: string, skuName: string, price: number, type = "Consumption", term?: string) => ({
        ...base,
        retailPrice: round(price),
        unitPrice: round(price),
        meterId: id(`${region.name}/${skuName}/${productName}/${type}`),
        meterName: skuName,
        productId: `DZH318Z0${id(productName).slice(0, 4)}`,
        skuId: `DZH318Z0${id(productName).slice(0, 4)}/${id(skuName).slice(0, 4)}`,
        productName,
        skuName,
        type,
        ...(term ? { reservationTerm: term } : {}),
      });
      return [
        meter(series, size, p.price),
        meter(series, `${size} Spot`, p.price * 0.2),
        meter(series, `${size} Low Priority`, p.price * 0.2),
        meter(`${series} Windows`, size, p.price * 1.46),
        meter(series, size, p.price * 0.62 * 8760, "Reservation", "1 Year"),
      ];
    });
  });
}

/** `field eq 'value'` clauses joined by `and`, as the API's OData filter takes them. */
function parseFilter(filter: string | null): [keyof RetailItem | "priceType", string][] | undefined {
  if (filter === null || filter.trim() === "") return [];
  const clauses = filter.split(/\s+and\s+/i).map((c) => /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(c));
  if (clauses.some((c) => c === null)) return undefined;
  return clauses.map((c) => [c?.[1] as keyof RetailItem, c?.[2] ?? ""]);
}

/** GET /api/retail/prices: anonymous, filtered, `pageSize` items a page with an absolute NextPageLink. */
export async function serveRetailPrices(
  world: World,
  request: FrontRequest,
  origin: string,
  pageSize: number,
): Promise<FrontResponse> {
  const clauses = parseFilter(request.url.searchParams.get("$filter"));
  const bad = { Error: { Code: "BadRequest", Message: "Invalid OData parameters supplied" } };
  if (clauses === undefined) return json(400, bad);
  const known = new Set([
    "priceType",
    "serviceName",
    "armRegionName",
    "armSkuName",
    "skuName",
    "productName",
    "meterName",
    "currencyCode",
    "serviceFamily",
    "location",
  ]);
  if (clauses.some(([field]) => !known.has(field))) return json(400, bad);
  let items: RetailItem[];
  try {
    const region = clauses.find(([f]) => f === "armRegionName")?.[1] ?? world.catalog("AZURE").regions[0]?.name ?? "";
    const served = world.catalog("AZURE").regions.some((r) => r.name === region);
    items = await world.call(
      {
        provider: "AZURE",
        account: anonymous,
        region: served ? region : (world.catalog("AZURE").regions[0]?.name ?? ""),
        api: "RetailPrices_List",
      },
      () => itemsOf(world),
    );
  } catch (error) {
    if (!isWorldError(error, "Throttled")) throw error;
    return {
      status: 429,
      headers: { "retry-after": String(Math.ceil((error.retryAfterMs ?? 1000) / 1000)) },
      body: "Too Many Requests",
    };
  }
  const matching = items.filter((item) =>
    clauses.every(([field, value]) => String(field === "priceType" ? item.type : item[field]) === value),
  );
  const skip = Number(request.url.searchParams.get("$skip") ?? "0") || 0;
  const page = matching.slice(skip, skip + pageSize);
  let nextPageLink: string | null = null;
  if (skip + pageSize < matching.length) {
    const next = new URL(request.url.pathname + request.url.search, origin);
    next.searchParams.set("$skip", String(skip + pageSize));
    nextPageLink = next.toString();
  }
  return json(200, {
    BillingCurrency: "USD",
    CustomerEntityId: "Default",
    CustomerEntityType: "Retail",
    Items: page,
    NextPageLink: nextPageLink,
    Count: page.length,
  });
}
