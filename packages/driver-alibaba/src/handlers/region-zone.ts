import type { RegionZoneHandler, RegionZoneInfo, ZoneInfo } from "@cloud-barista/core/driver";
import { alibabaRegionLocations } from "../region-table.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";

interface RegionsAnswer extends RpcAnswer {
  Regions?: { Region?: { RegionId?: string; LocalName?: string; Status?: string }[] };
}

interface ZonesAnswer extends RpcAnswer {
  Zones?: {
    Zone?: { ZoneId?: string; LocalName?: string; AvailableResourceCreation?: { ResourceTypes?: string[] } }[];
  };
}

/** Whether a zone takes new instances (an answer without the list says nothing against it). */
const sells = (zone: { AvailableResourceCreation?: { ResourceTypes?: string[] } }) =>
  zone.AvailableResourceCreation?.ResourceTypes?.includes("Instance") ?? true;

/**
 * Regions from ECS DescribeRegions, each with its zones from DescribeZones in that region (one
 * call per region: zones are listed per region only). A zone is Available when it can take new
 * instances (AvailableResourceCreation lists "Instance"), else Unavailable (not on sale); every
 * zone of a region whose Status is not "available" is Unavailable. Coordinates come from the
 * driver's table of region locations (DescribeRegions has none).
 */
export function createRegionZoneHandler(session: AlibabaSession): RegionZoneHandler {
  return {
    async *list(ctx) {
      const answer = await session.call<RegionsAnswer>(ctx, "DescribeRegions", { AcceptLanguage: "en-US" });
      for (const region of answer.Regions?.Region ?? []) {
        if (!region.RegionId) continue;
        const zones = await session.call<ZonesAnswer>(ctx, "DescribeZones", {
          RegionId: region.RegionId,
          AcceptLanguage: "en-US",
          Verbose: false,
        });
        const open = (region.Status ?? "available") === "available";
        const location = Object.hasOwn(alibabaRegionLocations, region.RegionId)
          ? alibabaRegionLocations[region.RegionId]
          : undefined;
        const info: RegionZoneInfo = {
          name: region.RegionId,
          displayName: region.LocalName ?? region.RegionId,
          ...(location ? { location: { ...location } } : {}),
          zones: (zones.Zones?.Zone ?? []).flatMap((z): ZoneInfo[] =>
            z.ZoneId
              ? [
                  {
                    name: z.ZoneId,
                    displayName: z.LocalName ?? z.ZoneId,
                    status: open && sells(z) ? "Available" : "Unavailable",
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
