import type { DiskTypeDef } from "../../world/catalog/types.js";
import { gate, json, link, param, relative, requireZone } from "./context.js";
import type { GcpContext } from "./context.js";
import { invalidField, notFound } from "./errors.js";
import { catalogCreation, stableId } from "./ids.js";
import { aggregatedBody, listBody } from "./paging.js";
import { parseRef } from "./refs.js";
import type { GcpRoute } from "./router.js";

/**
 * The disk type a reference names ("zones/z/diskTypes/pd-ssd", full or partial URL), in `zone` and
 * offered by the catalog; 400 otherwise, as Compute Engine refuses a bare name or another zone's type.
 */
export function diskTypeOf(ctx: GcpContext, value: unknown, zone: string, field: string): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const ref = parseRef(text, "diskTypes", field);
  if (ref.project !== undefined && ref.project !== ctx.project) {
    throw invalidField(field, text, `The referenced resource must be in project '${ctx.project}'.`);
  }
  const known = ctx.world.catalog("GCP").diskTypes.some((d) => d.name === ref.name);
  if (ref.scope !== zone || !known) {
    throw invalidField(field, text, `Disk type '${ref.name}' does not exist in zone '${zone}'.`);
  }
  return ref.name;
}

const descriptions: Readonly<Record<string, string>> = {
  "pd-balanced": "Balanced Persistent Disk",
  "pd-ssd": "SSD Persistent Disk",
  "pd-standard": "Standard Persistent Disk",
  "hyperdisk-balanced": "Hyperdisk Balanced",
};

function diskTypeView(ctx: GcpContext, zone: string, type: DiskTypeDef): Record<string, unknown> {
  return {
    kind: "compute#diskType",
    id: stableId(`diskType/${zone}/${type.name}`),
    creationTimestamp: catalogCreation,
    name: type.name,
    description: descriptions[type.name] ?? type.name,
    validDiskSize: `${type.minGB}GB-${type.maxGB}GB`,
    zone: link(ctx, `zones/${zone}`),
    selfLink: link(ctx, `zones/${zone}/diskTypes/${type.name}`),
    defaultDiskSizeGb: String(type.defaultGB),
  };
}

const types = (ctx: GcpContext) => ctx.world.catalog("GCP").diskTypes;

/** diskTypes of a zone: get, list, aggregatedList (every zone offers the catalog's types). */
export const diskTypeRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "zones/{zone}/diskTypes",
    api: "compute.diskTypes.list",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const zone = requireZone(ctx, param(ctx, "zone")).zone.name;
        const items = types(ctx).map((t) => diskTypeView(ctx, zone, t));
        return json(200, listBody(ctx, "compute#diskTypeList", `zones/${zone}/diskTypes`, items));
      }),
  },
  {
    method: "GET",
    path: "zones/{zone}/diskTypes/{diskType}",
    api: "compute.diskTypes.get",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const zone = requireZone(ctx, param(ctx, "zone")).zone.name;
        const type = types(ctx).find((t) => t.name === param(ctx, "diskType"));
        if (!type) throw notFound(relative(ctx, `zones/${zone}/diskTypes/${param(ctx, "diskType")}`));
        return json(200, diskTypeView(ctx, zone, type));
      }),
  },
  {
    method: "GET",
    path: "aggregated/diskTypes",
    api: "compute.diskTypes.aggregatedList",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const scopes = ctx.world
          .catalog("GCP")
          .regions.flatMap((r) => r.zones)
          .map((z) => ({ scope: `zones/${z.name}`, items: types(ctx).map((t) => diskTypeView(ctx, z.name, t)) }));
        return json(200, aggregatedBody(ctx, "compute#diskTypeAggregatedList", "diskTypes", "diskTypes", scopes));
      }),
  },
];
