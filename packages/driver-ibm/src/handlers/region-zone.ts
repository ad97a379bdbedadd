import type { RegionZoneHandler, RegionZoneInfo, ZoneStatus } from "@cloud-barista/core/driver";
import { locationOf } from "../region-table.js";
import type { IbmSession } from "../session.js";
import type { IbmRegion, IbmZone } from "./native-types.js";

const zoneStatus = (status: string | undefined): ZoneStatus =>
  status === "available" ? "Available" : status === "impaired" || status === "unavailable" ? "Unavailable" : "Unknown";

/**
 * Regions from `list_regions`, each with its zones from `list_region_zones` (one call per region,
 * asked of the connection's regional endpoint). A zone of a region that is not `available` is
 * Unavailable. Coordinates come from the driver's table (IBM's regions carry none).
 */
export function createRegionZoneHandler(session: IbmSession): RegionZoneHandler {
  return {
    async *list(ctx) {
      const { regions = [] } = await session.call<{ regions?: IbmRegion[] }>(ctx, "list_regions");
      for (const region of regions) {
        if (!region.name) continue;
        const { zones = [] } = await session.call<{ zones?: IbmZone[] }>(ctx, "list_region_zones", {
          region: region.name,
        });
        const open = (region.status ?? "available") === "available";
        const location = locationOf(region.name);
        const info: RegionZoneInfo = {
          name: region.name,
          displayName: region.name,
          ...(location ? { location } : {}),
          zones: zones.flatMap((z) =>
            z.name ? [{ name: z.name, displayName: z.name, status: open ? zoneStatus(z.status) : "Unavailable" }] : [],
          ),
        };
        yield info;
      }
    },
  };
}
