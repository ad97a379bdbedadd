import type { Region } from "../../../world/resources/catalog-service.js";
import type { ZoneDef } from "../../../world/catalog/types.js";
import { AwsFault } from "../fault.js";
import type { Ec2Action } from "./context.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { zoneIdOf } from "./zones.js";

const regionFields: FilterFields<Region> = {
  "region-name": (r) => r.name,
  endpoint: (r) => `ec2.${r.name}.amazonaws.com`,
  "opt-in-status": () => "opt-in-not-required",
};

/** DescribeRegions: every region of the catalog (none needs an opt-in here). */
export const describeRegions: Ec2Action = async (ctx) => {
  const names = ctx.params.strings("RegionName");
  const match = filterPredicate(readFilters(ctx.params), regionFields);
  const regions = await ctx.call((cloud) => cloud.catalog.listRegions().items);
  const unknown = names.filter((n) => !regions.some((r) => r.name === n));
  if (unknown.length > 0) throw new AwsFault("InvalidParameterValue", `Invalid region names: ${unknown.join(", ")}`);
  return {
    regionInfo: regions
      .filter((r) => (names.length === 0 || names.includes(r.name)) && match(r))
      .map((r) => ({
        regionName: r.name,
        regionEndpoint: `ec2.${r.name}.amazonaws.com`,
        optInStatus: "opt-in-not-required",
      })),
  };
};

type Zone = ZoneDef & { region: string };

const zoneFields: FilterFields<Zone> = {
  "zone-name": (z) => z.name,
  "zone-id": (z) => zoneIdOf(z.name),
  "region-name": (z) => z.region,
  state: (z) => z.status,
  "zone-type": () => "availability-zone",
  "group-name": (z) => z.region,
  "opt-in-status": () => "opt-in-not-required",
};

/** DescribeAvailabilityZones: the zones of the region the request is signed for. */
export const describeAvailabilityZones: Ec2Action = async (ctx) => {
  const names = ctx.params.strings("ZoneName");
  const ids = ctx.params.strings("ZoneId");
  const match = filterPredicate(readFilters(ctx.params), zoneFields);
  const zones = await ctx.call((cloud) =>
    cloud.catalog.getRegion(ctx.region).zones.map((z): Zone => ({ ...z, region: ctx.region })),
  );
  const unknown = names.filter((n) => !zones.some((z) => z.name === n));
  if (unknown.length > 0)
    throw new AwsFault("InvalidParameterValue", `The zone '${unknown.join(", ")}' does not exist.`);
  return {
    availabilityZoneInfo: zones
      .filter(
        (z) =>
          (names.length === 0 || names.includes(z.name)) &&
          (ids.length === 0 || ids.includes(zoneIdOf(z.name))) &&
          match(z),
      )
      .map((z) => ({
        optInStatus: "opt-in-not-required",
        messageSet: [],
        regionName: z.region,
        zoneName: z.name,
        zoneId: zoneIdOf(z.name),
        groupName: z.region,
        networkBorderGroup: z.region,
        zoneType: "availability-zone",
        zoneState: z.status,
      })),
  };
};
