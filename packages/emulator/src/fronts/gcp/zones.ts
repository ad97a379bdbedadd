import type { RegionDef, ZoneDef } from "../../world/catalog/types.js";
import { gate, json, link, param, requireZone } from "./context.js";
import type { GcpContext } from "./context.js";
import { catalogCreation, stableId } from "./ids.js";
import { listed } from "./paging.js";
import type { GcpRoute } from "./router.js";

/** CPU platforms a zone offers, by the machine families the catalog sells (arm64 ones included). */
const cpuPlatforms = [
  "Intel Broadwell",
  "Intel Cascade Lake",
  "Intel Ice Lake",
  "Intel Sapphire Rapids",
  "AMD Milan",
  "Ampere Altra",
  "Google Axion",
];

function zoneView(ctx: GcpContext, zone: ZoneDef, region: RegionDef): Record<string, unknown> {
  return {
    kind: "compute#zone",
    id: stableId(`zone/${zone.name}`),
    creationTimestamp: catalogCreation,
    name: zone.name,
    description: zone.name,
    status: zone.status === "available" ? "UP" : "DOWN",
    region: link(ctx, `regions/${region.name}`),
    selfLink: link(ctx, `zones/${zone.name}`),
    availableCpuPlatforms: cpuPlatforms,
    supportsPzs: false,
  };
}

export const zoneRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "zones",
    api: "compute.zones.list",
    handle: (ctx) =>
      listed(ctx, undefined, "compute#zoneList", "zones", () =>
        ctx.world.catalog("GCP").regions.flatMap((region) => region.zones.map((zone) => zoneView(ctx, zone, region))),
      ),
  },
  {
    method: "GET",
    path: "zones/{zone}",
    api: "compute.zones.get",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const { zone, region } = requireZone(ctx, param(ctx, "zone"));
        return json(200, zoneView(ctx, zone, region));
      }),
  },
];
