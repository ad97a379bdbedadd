import type { RegionZoneHandler, RegionZoneInfo, ZoneInfo } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { lastSegment } from "../names.js";
import { gcpRegionPlaces } from "../region-places.js";
import type { GcpSession } from "../session.js";

type Zone = protos.google.cloud.compute.v1.IZone;
type Region = protos.google.cloud.compute.v1.IRegion;

const zoneInfo = (zone: Zone): ZoneInfo => ({
  name: zone.name ?? "",
  displayName: zone.description || zone.name || "",
  status: zone.status === "UP" ? "Available" : zone.status === "DOWN" ? "Unavailable" : "Unknown",
});

function place(name: string | null | undefined): { location: { latitude: number; longitude: number } } | undefined {
  const known = name ? gcpRegionPlaces[name] : undefined;
  return known ? { location: { ...known } } : undefined;
}

/**
 * Regions and their zones: `regions.list` and `zones.list` of the project, each followed to its
 * last page, zones grouped under the region their `region` URL names. Compute Engine reports no
 * coordinates: a region's location is the driver's table's (`gcpRegionPlaces`).
 */
export function createRegionZoneHandler(session: GcpSession): RegionZoneHandler {
  return {
    list: async function* (ctx) {
      const zonesByRegion = new Map<string, ZoneInfo[]>();
      const zones = session.pages(
        ctx,
        "compute.zones.list",
        (c, o, page) => c.zones.list({ project: session.project, ...page }, o),
        (z: Zone) => z,
      );
      for await (const zone of zones) {
        const region = lastSegment(zone.region);
        zonesByRegion.set(region, [...(zonesByRegion.get(region) ?? []), zoneInfo(zone)]);
      }
      const regions = session.pages(
        ctx,
        "compute.regions.list",
        (c, o, page) => c.regions.list({ project: session.project, ...page }, o),
        (r: Region): RegionZoneInfo => ({
          name: r.name ?? "",
          displayName: r.description || r.name || "",
          ...(place(r.name) ?? {}),
          zones: (zonesByRegion.get(r.name ?? "") ?? []).sort((a, b) => a.name.localeCompare(b.name)),
        }),
      );
      yield* regions;
    },
  };
}
