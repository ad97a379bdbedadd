import type { FrontResponse } from "../http-front.js";
import type { SpecDef } from "../../world/catalog/types.js";
import { badRequest } from "./arm-error.js";
import { gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { homeRegion } from "./resource-groups.js";

/** "Standard_D2s_v5" is size "D2s_v5" of family "standardDSv5Family", as Compute names them. */
function familyOf(spec: SpecDef): string {
  return `standard${spec.family.replace(/^./, (c) => c.toUpperCase())}Family`;
}

function capabilities(spec: SpecDef) {
  const list: [string, string][] = [
    ["vCPUs", String(spec.vcpus)],
    ["vCPUsAvailable", String(spec.vcpus)],
    ["MemoryGB", String(spec.memoryMiB / 1024)],
    ["CpuArchitectureType", spec.architecture === "arm64" ? "Arm64" : "x64"],
    ["MaxResourceVolumeMB", String((spec.localDiskGB ?? 0) * 1024)],
    ["HyperVGenerations", "V1,V2"],
    ["PremiumIO", "True"],
    ["LowPriorityCapable", "True"],
  ];
  if (spec.gpu) list.push(["GPUs", String(spec.gpu.count)]);
  return list.map(([name, value]) => ({ name, value }));
}

/**
 * The Compute SKU of a size in one region: where and in which zones it is offered, and its
 * restrictions: a size the region does not offer is listed with a Location restriction
 * (NotAvailableForSubscription), zones that take no new VMs with a Zone restriction.
 */
function sku(ctx: ArmContext, spec: SpecDef, region: string) {
  const def = ctx.world.catalog("AZURE").regions.find((r) => r.name === region);
  const zones = (def?.zones ?? []).filter((z) => z.status === "available").map((z) => z.name);
  const closed = (def?.zones ?? []).filter((z) => z.status !== "available").map((z) => z.name);
  const offered = !spec.regions || spec.regions.includes(region);
  const restrictions = [
    ...(offered
      ? []
      : [
          {
            type: "Location",
            values: [region],
            restrictionInfo: { locations: [region] },
            reasonCode: "NotAvailableForSubscription",
          },
        ]),
    ...(offered && closed.length > 0
      ? [
          {
            type: "Zone",
            values: [region],
            restrictionInfo: { locations: [region], zones: closed },
            reasonCode: "NotAvailableForSubscription",
          },
        ]
      : []),
  ];
  return {
    resourceType: "virtualMachines",
    name: spec.name,
    tier: "Standard",
    size: spec.name.replace(/^Standard_/, ""),
    family: familyOf(spec),
    locations: [region],
    locationInfo: [{ location: region, zones, zoneDetails: [] }],
    capabilities: capabilities(spec),
    restrictions,
  };
}

/**
 * GET /subscriptions/{sub}/providers/Microsoft.Compute/skus: every VM size of every region (or of
 * the one `$filter=location eq '<region>'` names), paged with nextLink.
 */
export async function serveResourceSkus(ctx: ArmContext): Promise<FrontResponse> {
  const filter = ctx.request.url.searchParams.get("$filter");
  const catalog = ctx.world.catalog("AZURE");
  let regions = catalog.regions.map((r) => r.name);
  if (filter !== null) {
    const match = /^location\s+eq\s+'([^']*)'$/i.exec(filter.trim());
    if (!match)
      throw badRequest(
        "InvalidFilter",
        `The filter '${filter}' is not supported. Use location eq '<location>'.`,
        "$filter",
      );
    regions = regions.filter((r) => r === (match[1] ?? "").toLowerCase());
  }
  const region = regions.length === 1 ? (regions[0] ?? homeRegion(ctx)) : homeRegion(ctx);
  const all = await gate(ctx, region, "ResourceSkus_List", () =>
    regions.flatMap((r) => catalog.specs.map((spec) => sku(ctx, spec, r))),
  );
  const start = Number(ctx.request.url.searchParams.get("$skiptoken") ?? "0");
  const value = all.slice(start, start + ctx.pageSize);
  if (start + ctx.pageSize >= all.length) return json(200, { value });
  const next = new URL(ctx.request.url.toString());
  next.searchParams.set("$skiptoken", String(start + ctx.pageSize));
  return json(200, { value, nextLink: next.toString() });
}
