import { createHash } from "node:crypto";
import type { RegionDef } from "../../world/catalog/types.js";
import type { FrontResponse } from "../http-front.js";
import { gate, json } from "./context.js";
import type { GcpContext } from "./context.js";
import { GcpError } from "./errors.js";
import { familyPrices } from "./sku-prices.js";

// The Cloud Billing Catalog API for Compute Engine: GET /v1/services (the one service) and
// GET /v1/services/6F81-5844-456A/skus with pageSize/pageToken/nextPageToken. SKUs are vCPU,
// memory and GPU prices per machine family and region, made from the world's machine-type prices
// (sku-prices.ts says how); regions of one price area share a SKU, as Google's "Americas" ones do.

export const computeServiceId = "6F81-5844-456A";
const maxPageSize = 5000;
const effectiveTime = "2025-01-01T08:00:00Z";

/** Google's area in SKU descriptions: "Americas" and "EMEA" for the base regions, else the city. */
function areaOf(region: RegionDef): string {
  if (region.name.startsWith("us-")) return "Americas";
  if (region.name === "europe-west1") return "EMEA";
  return region.zones[0]?.displayName.replace(/ [A-Z]$/, "") ?? region.name;
}

function skuId(key: string): string {
  const hex = createHash("sha256").update(key).digest("hex").toUpperCase();
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`;
}

/** USD as the API's Money: whole units (a string) and nanos. */
function money(usd: number): { currencyCode: string; units: string; nanos: number } {
  const nanos = Math.round(usd * 1e9);
  return { currencyCode: "USD", units: String(Math.floor(nanos / 1e9)), nanos: nanos % 1e9 };
}

const units = {
  CPU: {
    usageUnit: "h",
    usageUnitDescription: "hour",
    baseUnit: "s",
    baseUnitDescription: "second",
    baseUnitConversionFactor: 3600,
  },
  GPU: {
    usageUnit: "h",
    usageUnitDescription: "hour",
    baseUnit: "s",
    baseUnitDescription: "second",
    baseUnitConversionFactor: 3600,
  },
  RAM: {
    usageUnit: "GiBy.h",
    usageUnitDescription: "gibibyte hour",
    baseUnit: "By.s",
    baseUnitDescription: "byte second",
    baseUnitConversionFactor: 3865470566400,
  },
} as const;

function gpuName(model: string, memoryGB: number): string {
  if (model === "A100") return memoryGB >= 80 ? "Nvidia A100 80GB GPU" : "Nvidia Tesla A100 GPU";
  return `Nvidia ${model} GPU`;
}

/** Every Compute Engine SKU the world's prices make, sorted by id. */
export function computeSkus(ctx: GcpContext): Record<string, unknown>[] {
  const catalog = ctx.world.catalog("GCP");
  const areas = new Map<string, RegionDef[]>();
  for (const region of catalog.regions) {
    const key = `${areaOf(region)}|${region.priceFactor}`;
    areas.set(key, [...(areas.get(key) ?? []), region]);
  }
  const skus: Record<string, unknown>[] = [];
  for (const family of familyPrices(catalog)) {
    const label = family.family.toUpperCase();
    const specsOf = catalog.specs.filter((s) => s.family === family.family);
    for (const regions of areas.values()) {
      const first = regions[0];
      if (!first) continue;
      // A family sold in only some regions has SKUs only there.
      const served = regions.filter((r) => specsOf.some((s) => !s.regions || s.regions.includes(r.name)));
      if (served.length === 0) continue;
      const area = areaOf(first);
      const parts: ["CPU" | "RAM" | "GPU", string, number][] = [
        ["CPU", `${label} Instance Core running in ${area}`, family.cpu],
        ["RAM", `${label} Instance Ram running in ${area}`, family.ram],
        ...(family.gpu
          ? [
              ["GPU", `${gpuName(family.gpu.model, family.gpu.memoryGB)} running in ${area}`, family.gpu.price] as [
                "GPU",
                string,
                number,
              ],
            ]
          : []),
      ];
      for (const [group, description, base] of parts) {
        const id = skuId(`${description}|${first.priceFactor}`);
        skus.push({
          name: `services/${computeServiceId}/skus/${id}`,
          skuId: id,
          description,
          category: {
            serviceDisplayName: "Compute Engine",
            resourceFamily: "Compute",
            resourceGroup: group,
            usageType: "OnDemand",
          },
          serviceRegions: served.map((r) => r.name),
          pricingInfo: [
            {
              summary: "",
              pricingExpression: {
                ...units[group],
                displayQuantity: 1,
                tieredRates: [{ startUsageAmount: 0, unitPrice: money(base * first.priceFactor) }],
              },
              currencyConversionRate: 1,
              effectiveTime,
            },
          ],
          serviceProviderName: "Google",
          geoTaxonomy: { type: served.length > 1 ? "MULTI_REGIONAL" : "REGIONAL", regions: served.map((r) => r.name) },
        });
      }
    }
  }
  return skus.sort((a, b) => (String(a["skuId"]) < String(b["skuId"]) ? -1 : 1));
}

function notFound(path: string): GcpError {
  return new GcpError(404, "notFound", `The requested URL ${path} was not found on this server.`, { withStatus: true });
}

function pageSizeOf(ctx: GcpContext): number {
  const raw = ctx.request.url.searchParams.get("pageSize");
  const size = raw === null || raw === "" ? maxPageSize : Number(raw);
  if (!Number.isInteger(size) || size < 0) {
    throw new GcpError(400, "badRequest", `Invalid value at 'page_size' (TYPE_INT32), "${raw ?? ""}"`, {
      withStatus: true,
    });
  }
  return Math.min(size === 0 ? maxPageSize : size, maxPageSize, ctx.settings.pageSize);
}

function serveSkus(ctx: GcpContext): FrontResponse {
  const currency = ctx.request.url.searchParams.get("currencyCode");
  if (currency !== null && currency !== "" && currency !== "USD") {
    throw new GcpError(400, "badRequest", `Currency ${currency} is not supported by the emulator.`, {
      withStatus: true,
    });
  }
  const size = pageSizeOf(ctx);
  const token = ctx.request.url.searchParams.get("pageToken") ?? "";
  const all = computeSkus(ctx);
  let start = 0;
  if (token !== "") {
    const after = Buffer.from(token, "base64url").toString("utf8").replace(/^sku:/, "");
    if (!Buffer.from(token, "base64url").toString("utf8").startsWith("sku:")) {
      throw new GcpError(400, "badRequest", "Invalid page token.", { withStatus: true });
    }
    start = all.findIndex((s) => String(s["skuId"]) > after);
    if (start < 0) start = all.length;
  }
  const skus = all.slice(start, start + size);
  const last = skus.at(-1);
  const more = start + size < all.length && last !== undefined;
  return json(200, {
    skus,
    nextPageToken: more ? Buffer.from(`sku:${String(last["skuId"])}`).toString("base64url") : "",
  });
}

/** GET /v1/services and GET /v1/services/{service}/skus (`segments` below "services"). */
export function serveBilling(ctx: GcpContext, segments: readonly string[]): Promise<FrontResponse> {
  return gate(ctx, undefined, () => {
    if (ctx.request.method !== "GET") throw notFound(ctx.request.url.pathname);
    if (segments.length === 0) {
      return json(200, {
        services: [
          {
            name: `services/${computeServiceId}`,
            serviceId: computeServiceId,
            displayName: "Compute Engine",
            businessEntityName: "businessEntities/GCP",
          },
        ],
        nextPageToken: "",
      });
    }
    if (segments.length !== 2 || segments[1] !== "skus") throw notFound(ctx.request.url.pathname);
    if (segments[0] !== computeServiceId) {
      throw new GcpError(404, "notFound", `Service services/${segments[0]} not found.`, { withStatus: true });
    }
    return serveSkus(ctx);
  });
}
