import type { CallContext, PriceHandler, PriceInfo } from "@cloud-barista/core/driver";
import type { IbmSession } from "../session.js";

/** The Global Catalog's name of the VPC virtual server service. */
export const instanceService = "is.instance";

interface CatalogEntry {
  id?: string;
  _id?: string;
  name?: string;
  kind?: string;
  metadata?: { deployment?: { location?: string }; pricing?: { type?: string } };
}

interface CatalogPage {
  resources?: CatalogEntry[];
  resource_count?: number;
  count?: number;
  offset?: number;
}

interface Pricing {
  metrics?: {
    metric_id?: string;
    part_ref?: string;
    resource_display_name?: string;
    charge_unit?: string;
    charge_unit_name?: string;
    amounts?: { country?: string; currency?: string; prices?: { price?: number; quantity_tier?: number }[] }[];
  }[];
}

/** A catalog entry's id (`id`, or `_id` in older answers). */
const idOf = (entry: CatalogEntry): string | undefined => entry.id ?? entry._id;

/**
 * On-demand prices from the Global Catalog: the virtual server service (`is.instance`), its plans,
 * each plan's deployment in the connection's region, and that deployment's pricing, whose metrics
 * price each instance profile per hour (the first tier of the USA amount, in its currency).
 */
export function createPriceHandler(session: IbmSession): PriceHandler {
  const children = async (ctx: CallContext, id: string, kind: string): Promise<CatalogEntry[]> => {
    const out: CatalogEntry[] = [];
    for (let offset = 0; ;) {
      const page = await session.call<CatalogPage>(ctx, "get_child_objects", {
        id,
        kind,
        _offset: offset,
        _limit: 200,
      });
      const items = page.resources ?? [];
      out.push(...items);
      offset += items.length;
      if (items.length === 0 || offset >= (page.resource_count ?? page.count ?? 0)) return out;
    }
  };

  return {
    async *list(ctx) {
      const search = await session.call<CatalogPage>(ctx, "list_catalog_entries", { q: instanceService });
      const service = (search.resources ?? []).find((e) => e.name === instanceService) ?? search.resources?.[0];
      const serviceId = service && idOf(service);
      if (!serviceId) return;
      const retrievedAt = new Date(session.clock.now());
      for (const plan of await children(ctx, serviceId, "plan")) {
        const planId = idOf(plan);
        if (!planId) continue;
        const deployments = await children(ctx, planId, "deployment");
        const here = deployments.find(
          (d) => d.metadata?.deployment?.location === session.region || d.name === session.region,
        );
        const deploymentId = here && idOf(here);
        if (!deploymentId) continue;
        const pricing = await session.call<Pricing>(ctx, "get_pricing", { id: deploymentId });
        for (const metric of pricing.metrics ?? []) {
          const spec = metric.resource_display_name ?? metric.metric_id ?? "";
          const amount = metric.amounts?.find((a) => a.country === "USA") ?? metric.amounts?.[0];
          const price = amount?.prices?.[0]?.price;
          if (spec === "" || !amount?.currency || price === undefined || !(price > 0)) continue;
          const info: PriceInfo = {
            specName: spec,
            region: session.region,
            onDemand: {
              price,
              currency: amount.currency,
              unit: "Hour",
              ...(metric.part_ref ? { pricingId: metric.part_ref } : {}),
            },
            source: "ibm-global-catalog",
            retrievedAt,
            extra: { plan: plan.name ?? planId, deployment: deploymentId },
          };
          yield info;
        }
      }
    },
  };
}
