import type { GpuDef } from "../../world/catalog/types.js";
import { gate, json, link, param, requireZone } from "./context.js";
import type { GcpContext } from "./context.js";
import { notFound } from "./errors.js";
import { catalogCreation, stableId } from "./ids.js";
import { acceleratorType, specsInZone } from "./machine-types.js";
import { aggregatedBody, listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// Accelerator types per zone: the GPUs of the machine types the catalog sells there (accelerator-
// optimized types such as A2 and G2 carry theirs), at most as many per instance as the largest of them.

function acceleratorsIn(ctx: GcpContext, zone: string): { name: string; gpu: GpuDef; max: number }[] {
  const found = new Map<string, { name: string; gpu: GpuDef; max: number }>();
  for (const spec of specsInZone(ctx, zone)) {
    if (!spec.gpu) continue;
    const name = acceleratorType(spec.gpu);
    const known = found.get(name);
    found.set(name, { name, gpu: spec.gpu, max: Math.max(known?.max ?? 0, spec.gpu.count) });
  }
  return [...found.values()];
}

function acceleratorView(ctx: GcpContext, zone: string, a: { name: string; gpu: GpuDef; max: number }) {
  return {
    kind: "compute#acceleratorType",
    id: stableId(`acceleratorType/${a.name}`),
    creationTimestamp: catalogCreation,
    name: a.name,
    description: `${a.gpu.manufacturer} ${a.gpu.model}${a.gpu.model === "A100" ? ` ${a.gpu.memoryGB}GB` : ""}`,
    zone: link(ctx, `zones/${zone}`),
    selfLink: link(ctx, `zones/${zone}/acceleratorTypes/${a.name}`),
    maximumCardsPerInstance: a.max,
  };
}

export const acceleratorTypeRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "zones/{zone}/acceleratorTypes",
    api: "compute.acceleratorTypes.list",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const zone = requireZone(ctx, param(ctx, "zone")).zone.name;
        const items = acceleratorsIn(ctx, zone).map((a) => acceleratorView(ctx, zone, a));
        return json(200, listBody(ctx, "compute#acceleratorTypeList", `zones/${zone}/acceleratorTypes`, items));
      }),
  },
  {
    method: "GET",
    path: "zones/{zone}/acceleratorTypes/{acceleratorType}",
    api: "compute.acceleratorTypes.get",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const zone = requireZone(ctx, param(ctx, "zone")).zone.name;
        const name = param(ctx, "acceleratorType");
        const found = acceleratorsIn(ctx, zone).find((a) => a.name === name);
        if (!found) throw notFound(`projects/${ctx.project}/zones/${zone}/acceleratorTypes/${name}`);
        return json(200, acceleratorView(ctx, zone, found));
      }),
  },
  {
    method: "GET",
    path: "aggregated/acceleratorTypes",
    api: "compute.acceleratorTypes.aggregatedList",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const scopes = ctx.world.catalog("GCP").regions.flatMap((region) =>
          region.zones.map((z) => ({
            scope: `zones/${z.name}`,
            items: acceleratorsIn(ctx, z.name).map((a) => acceleratorView(ctx, z.name, a)),
          })),
        );
        return json(
          200,
          aggregatedBody(ctx, "compute#acceleratorTypeAggregatedList", "acceleratorTypes", "acceleratorTypes", scopes),
        );
      }),
  },
];
