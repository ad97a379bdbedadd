import { collect, paginate } from "@cloud-barista/core/driver";
import type { CallContext, PriceHandler, PriceInfo } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { provider } from "../errors.js";
import type { GcpSession } from "../session.js";

type MachineType = protos.google.cloud.compute.v1.IMachineType;

/** Compute Engine's service id in the Cloud Billing Catalog. */
export const computeServiceId = "6F81-5844-456A";

/** A SKU of the Cloud Billing Catalog, as far as the driver reads it. */
export interface Sku {
  skuId?: string;
  description?: string;
  category?: { resourceFamily?: string; resourceGroup?: string; usageType?: string };
  serviceRegions?: string[];
  pricingInfo?: {
    pricingExpression?: {
      usageUnit?: string;
      tieredRates?: {
        startUsageAmount?: number;
        unitPrice?: { currencyCode?: string; units?: string; nanos?: number };
      }[];
    };
  }[];
}

/** A SKU's on-demand unit price: its first tier's (from 0), units plus nanos. */
export function unitPrice(sku: Sku): { price: number; currency: string } | undefined {
  const rate = sku.pricingInfo?.[0]?.pricingExpression?.tieredRates?.find((r) => (r.startUsageAmount ?? 0) === 0);
  const unit = rate?.unitPrice;
  if (!unit) return undefined;
  return { price: Number(unit.units ?? 0) + (unit.nanos ?? 0) / 1e9, currency: unit.currencyCode ?? "USD" };
}

/** Words that mark a SKU as not the on-demand price of a predefined VM. */
const notOnDemand = /\b(spot|preemptible|commitment|custom|sole tenancy|reserved|extended)\b/i;

/**
 * The vCPUs a shared-core E2 type is billed for at the E2 vCPU price (Google's shared-core
 * machine types: e2-micro 0.25, e2-small 0.5, e2-medium 1 vCPU). f1-micro and g1-small have SKUs of
 * their own and are not priced.
 */
export const billedCpus: Readonly<Record<string, number>> = { "e2-micro": 0.25, "e2-small": 0.5, "e2-medium": 1 };

/** The machine family of a machine type as SKU descriptions write it ("n2d-standard-4" → "N2D"). */
export const familyOf = (machineType: string) => (machineType.split("-")[0] ?? "").toUpperCase();

/**
 * The on-demand hourly price of a machine type from its family's vCPU and RAM SKUs of the
 * region ("N2 Instance Core running in …" per vCPU hour, "N2 Instance Ram running in …" per
 * GiB hour; N1's are "N1 Predefined Instance …"), plus its bundled GPUs' SKU ("Nvidia Tesla T4 GPU
 * running in …"). Undefined when a part has no SKU (the type is then not priced at all).
 */
export function priceOf(
  type: MachineType,
  skus: readonly Sku[],
): { price: number; currency: string; ids: string[] } | undefined {
  const family = familyOf(type.name ?? "");
  const find = (pattern: RegExp) =>
    skus.find((s) => pattern.test(s.description ?? "") && !notOnDemand.test(s.description ?? ""));
  const core = find(new RegExp(`^${family} (Predefined )?Instance Core running in `, "i"));
  const ram = find(new RegExp(`^${family} (Predefined )?Instance Ram running in `, "i"));
  const corePrice = core && unitPrice(core);
  const ramPrice = ram && unitPrice(ram);
  if (!corePrice || !ramPrice) return undefined;
  const cpus = billedCpus[type.name ?? ""] ?? type.guestCpus ?? 0;
  let price = corePrice.price * cpus + (ramPrice.price * (type.memoryMb ?? 0)) / 1024;
  const ids = [core.skuId ?? "", ram.skuId ?? ""];
  for (const accelerator of type.accelerators ?? []) {
    const model = (accelerator.guestAcceleratorType ?? "").replace(/^nvidia-(tesla-)?/, "").replace(/-/g, " ");
    const gpu = find(new RegExp(`^Nvidia (Tesla )?${model} GPU running in `, "i"));
    const gpuPrice = gpu && unitPrice(gpu);
    if (!gpuPrice) return undefined;
    price += gpuPrice.price * (accelerator.guestAcceleratorCount ?? 0);
    ids.push(gpu.skuId ?? "");
  }
  return { price: Math.round(price * 1e6) / 1e6, currency: corePrice.currency, ids };
}

interface SkuPage {
  skus?: Sku[];
  nextPageToken?: string;
}

/**
 * On-demand prices of the connection's region: the Cloud Billing Catalog's Compute Engine SKUs
 * (`cloudbilling.services.skus.list`, USD, followed to the end, kept to the region's on-demand
 * usage) combined per machine type of the connection's zone (see `priceOf`). Shared-core E2 types
 * are billed for a fraction of a vCPU (`billedCpus`); f1-micro and g1-small are left out.
 */
export function createPriceHandler(session: GcpSession): PriceHandler {
  const { region, zone } = session.settings;
  const skuPages = (ctx: CallContext) =>
    paginate(
      async (token) => {
        const params = new URLSearchParams({ currencyCode: "USD", pageSize: String(session.driverSettings.pageSize) });
        if (token) params.set("pageToken", token);
        const page = await session.rest<SkuPage>(
          ctx,
          "cloudbilling.services.skus.list",
          "GET",
          () => `${session.billingEndpoint}/v1/services/${computeServiceId}/skus?${params.toString()}`,
        );
        return { items: page.skus ?? [], nextToken: page.nextPageToken || undefined };
      },
      { provider },
    );
  return {
    list: async function* (ctx) {
      await session.ready(ctx);
      const skus: Sku[] = [];
      for await (const sku of skuPages(ctx)) {
        if ((sku.serviceRegions ?? []).includes(region) && (sku.category?.usageType ?? "OnDemand") === "OnDemand")
          skus.push(sku);
      }
      const retrievedAt = new Date(ctx.clock.now());
      const types = await collect(
        session.pages(
          ctx,
          "compute.machineTypes.list",
          (c, o, page) => c.machineTypes.list({ project: session.project, zone, ...page }, o),
          (t: MachineType) => t,
        ),
      );
      for (const type of types) {
        if (type.isSharedCpu && billedCpus[type.name ?? ""] === undefined) continue;
        const priced = priceOf(type, skus);
        if (!priced) continue;
        const info: PriceInfo = {
          specName: type.name ?? "",
          region,
          onDemand: { price: priced.price, currency: priced.currency, unit: "Hour", pricingId: priced.ids.join("+") },
          source: "gcp-cloud-billing-catalog",
          retrievedAt,
          extra: { skus: priced.ids.join(",") },
        };
        yield info;
      }
    },
  };
}
