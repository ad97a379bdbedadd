import type { Location } from "@azure/arm-resources-subscriptions";
import type { RegionZoneHandler, RegionZoneInfo } from "@cloud-barista/core/driver";
import type { AzureSession } from "../session.js";

function coordinate(value: string | undefined): number | undefined {
  const n = Number(value);
  return value === undefined || value === "" || !Number.isFinite(n) ? undefined : n;
}

/** A physical region with its logical zones ("1", "2", "3": the subscription's own numbering). */
function toInfo(location: Location): RegionZoneInfo {
  const latitude = coordinate(location.metadata?.latitude);
  const longitude = coordinate(location.metadata?.longitude);
  const displayName = location.displayName ?? location.name ?? "";
  return {
    name: location.name ?? "",
    displayName,
    ...(latitude === undefined || longitude === undefined ? {} : { location: { latitude, longitude } }),
    zones: (location.availabilityZoneMappings ?? [])
      .flatMap((m) => (m.logicalZone ? [m.logicalZone] : []))
      .sort()
      .map((zone) => ({ name: zone, displayName: `${displayName} Zone ${zone}`, status: "Available" as const })),
  };
}

/**
 * Regions are the subscription's physical locations (Subscriptions_ListLocations: coordinates and
 * logical-to-physical zone mappings); logical locations ("asia", "global") are left out. A region
 * without zone mappings has no availability zones.
 */
export function createRegionZoneHandler(session: AzureSession): RegionZoneHandler {
  return {
    list: async function* (ctx) {
      const all = session.pages(
        ctx,
        "Subscriptions_ListLocations",
        (options) =>
          session.clients.subscriptions.subscriptions.listLocations(session.settings.subscriptionId, options),
        (l: Location) => l,
      );
      for await (const location of all) {
        if (location.metadata?.regionType !== undefined && location.metadata.regionType !== "Physical") continue;
        yield toInfo(location);
      }
    },
  };
}
