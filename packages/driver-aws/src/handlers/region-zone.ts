import type { AvailabilityZone } from "@aws-sdk/client-ec2";
import type { RegionZoneHandler, RegionZoneInfo, ZoneStatus } from "@cloud-barista/core/driver";
import { awsRegionTable } from "../region-table.js";
import type { AwsSession } from "../session.js";

function zoneStatus(state: string | undefined): ZoneStatus {
  switch (state) {
    case "available":
    case "information":
    case "constrained":
      return "Available";
    case "impaired":
    case "unavailable":
      return "Unavailable";
    default:
      return "Unknown";
  }
}

function toRegion(name: string, zones: readonly AvailabilityZone[]): RegionZoneInfo {
  const known = awsRegionTable[name];
  return {
    name,
    displayName: known?.displayName ?? name,
    ...(known ? { location: { ...known.location } } : {}),
    zones: zones
      .filter((z) => (z.ZoneType ?? "availability-zone") === "availability-zone" && z.ZoneName !== undefined)
      .map((z) => ({ name: z.ZoneName ?? "", displayName: z.ZoneName ?? "", status: zoneStatus(z.State) })),
  };
}

/**
 * Regions the account can use (DescribeRegions), each with its availability zones: zones are
 * listed region by region (DescribeAvailabilityZones against each region's endpoint).
 */
export function createRegionZoneHandler(aws: AwsSession): RegionZoneHandler {
  return {
    async *list(ctx) {
      for (const region of (await aws.ec2(ctx, "DescribeRegions", {})).Regions ?? []) {
        const name = region.RegionName;
        if (name === undefined) continue;
        const zones = await aws.ec2(ctx, "DescribeAvailabilityZones", {}, name);
        yield toRegion(name, zones.AvailabilityZones ?? []);
      }
    },
  };
}
