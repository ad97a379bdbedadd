import type { RegionDef } from "../../world/catalog/types.js";
import type { VpcCall } from "./context.js";
import { json, notFound } from "./http.js";
import type { Json } from "./http.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";

/** IBM's data center names of each region's zones, in zone order. */
const dataCenters: Readonly<Record<string, readonly string[]>> = {
  "us-south": ["DAL10", "DAL12", "DAL13"],
  "us-east": ["WDC04", "WDC06", "WDC07"],
  "eu-de": ["FRA02", "FRA04", "FRA05"],
  "eu-gb": ["LON04", "LON05", "LON06"],
  "jp-tok": ["TOK02", "TOK04", "TOK05"],
  "au-syd": ["SYD01", "SYD04", "SYD05"],
  "ca-tor": ["TOR01", "TOR04", "TOR05"],
  "br-sao": ["SAO01", "SAO04", "SAO05"],
};

/** The loopback base of a region's VPC API: what `endpoint` names, so a client following it reaches this front. */
export function regionEndpoint(call: VpcCall, region: string): string {
  return call.base.replace(/\/vpc\/[^/]+\/v1$/, `/vpc/${region}`);
}

function regionView(call: VpcCall, region: RegionDef): Json {
  return {
    endpoint: regionEndpoint(call, region.name),
    href: `${call.base}/regions/${region.name}`,
    name: region.name,
    status: "available",
  };
}

function zoneView(call: VpcCall, region: RegionDef, index: number): Json {
  const zone = region.zones[index];
  if (!zone) return {};
  const dataCenter = dataCenters[region.name]?.[index];
  return {
    ...(dataCenter ? { data_center: dataCenter } : {}),
    href: `${call.base}/regions/${region.name}/zones/${zone.name}`,
    name: zone.name,
    region: { href: `${call.base}/regions/${region.name}`, name: region.name },
    status: zone.status === "available" ? "available" : "unavailable",
    universal_name: `${region.name.replace("-", "")}-zone${index + 1}`,
  };
}

function regionOf(call: VpcCall, name: string): RegionDef {
  const region = call.front.world.catalog("IBM").regions.find((r) => r.name === name);
  if (!region) throw notFound("not_found", `Region ${name} not found.`, name);
  return region;
}

export const regionRoutes: Route[] = [
  {
    method: "GET",
    path: path("/regions"),
    api: "list_regions",
    handle: async (call) => {
      const regions = await call.call(() => call.front.world.catalog("IBM").regions);
      // IBM answers every region in one unpaged collection.
      return json(200, { regions: regions.map((r) => regionView(call, r)) });
    },
  },
  {
    method: "GET",
    path: path("/regions/{}"),
    api: "get_region",
    handle: async (call) => json(200, regionView(call, await call.call(() => regionOf(call, call.params[0] ?? "")))),
  },
  {
    method: "GET",
    path: path("/regions/{}/zones"),
    api: "list_region_zones",
    handle: async (call) => {
      const region = await call.call(() => regionOf(call, call.params[0] ?? ""));
      return json(200, { zones: region.zones.map((_, i) => zoneView(call, region, i)) });
    },
  },
  {
    method: "GET",
    path: path("/regions/{}/zones/{}"),
    api: "get_region_zone",
    handle: async (call) => {
      const region = await call.call(() => regionOf(call, call.params[0] ?? ""));
      const index = region.zones.findIndex((z) => z.name === call.params[1]);
      if (index < 0) throw notFound("not_found", `Zone ${call.params[1] ?? ""} not found.`, call.params[1]);
      return json(200, zoneView(call, region, index));
    },
  },
];
