import type { RegionDef } from "../../world/catalog/types.js";
import { cloudOf, gate, json, link, param, requireRegion } from "./context.js";
import type { GcpContext } from "./context.js";
import { catalogCreation, stableId } from "./ids.js";
import { listed } from "./paging.js";
import { regionalQuotas } from "./quota-metrics.js";
import type { GcpRoute } from "./router.js";

/** A region with its zones and its quotas as the caller's project uses them there. */
function regionView(ctx: GcpContext, region: RegionDef): Record<string, unknown> {
  const usage = new Map(
    cloudOf(ctx, region.name)
      .quotaUsage()
      .map((q) => [q.name, q]),
  );
  const limits = ctx.world.quotas.limitsFor("GCP", ctx.account, region.name);
  return {
    kind: "compute#region",
    id: stableId(`region/${region.name}`),
    creationTimestamp: catalogCreation,
    name: region.name,
    description: region.name,
    status: region.zones.some((z) => z.status === "available") ? "UP" : "DOWN",
    zones: region.zones.map((z) => link(ctx, `zones/${z.name}`)),
    quotas: regionalQuotas.map(([name, metric]) => ({
      metric,
      limit: limits[name],
      usage: usage.get(name)?.used ?? 0,
    })),
    selfLink: link(ctx, `regions/${region.name}`),
    supportsPzs: false,
  };
}

export const regionRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "regions",
    api: "compute.regions.list",
    handle: (ctx) =>
      listed(ctx, undefined, "compute#regionList", "regions", () =>
        ctx.world.catalog("GCP").regions.map((r) => regionView(ctx, r)),
      ),
  },
  {
    method: "GET",
    path: "regions/{region}",
    api: "compute.regions.get",
    handle: (ctx) => gate(ctx, undefined, () => json(200, regionView(ctx, requireRegion(ctx, param(ctx, "region"))))),
  },
];
