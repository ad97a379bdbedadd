import type { RegionZoneHandler, RegionZoneInfo, ZoneInfo } from "@cloud-barista/core/driver";
import type {
  DescribeRegionsResponse,
  DescribeZonesResponse,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/region/v20220627/region_models.js";
import { tencentRegionLocations } from "../region-table.js";
import type { TencentSession } from "../session.js";

/**
 * Regions from the region service's DescribeRegions (Product "cvm", which names no region), each
 * with its zones from DescribeZones in that region (one call per region: zones are listed per
 * region only). A zone is Available when its ZoneState is AVAILABLE, and every zone of a region
 * that is not AVAILABLE is Unavailable. Coordinates come from the driver's table of region
 * locations (DescribeRegions has none).
 */
export function createRegionZoneHandler(session: TencentSession): RegionZoneHandler {
  return {
    async *list(ctx) {
      const answer = await session.call<DescribeRegionsResponse>(ctx, "region:DescribeRegions", { Product: "cvm" });
      for (const region of answer.RegionSet ?? []) {
        if (!region.Region) continue;
        const zones = await session.call<DescribeZonesResponse>(
          ctx,
          "region:DescribeZones",
          { Product: "cvm" },
          region.Region,
        );
        const open = (region.RegionState ?? "AVAILABLE") === "AVAILABLE";
        const location = Object.hasOwn(tencentRegionLocations, region.Region)
          ? tencentRegionLocations[region.Region]
          : undefined;
        const info: RegionZoneInfo = {
          name: region.Region,
          displayName: region.RegionName || region.Region,
          ...(location ? { location: { ...location } } : {}),
          zones: (zones.ZoneSet ?? []).flatMap((z): ZoneInfo[] =>
            z.Zone
              ? [
                  {
                    name: z.Zone,
                    displayName: z.ZoneName || z.Zone,
                    status: open && (z.ZoneState ?? "AVAILABLE") === "AVAILABLE" ? "Available" : "Unavailable",
                  },
                ]
              : [],
          ),
        };
        yield info;
      }
    },
  };
}
