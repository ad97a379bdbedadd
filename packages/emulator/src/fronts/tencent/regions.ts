import type { AccountRegion } from "../../world/account-region.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError } from "./errors.js";
import { cvm, regionService } from "./services.js";

/** Tencent's numeric region codes, the first digits of a ZoneId ("100003" for ap-guangzhou-3). */
const regionCodes: Readonly<Record<string, number>> = {
  "ap-guangzhou": 10,
  "ap-shanghai": 20,
  "ap-beijing": 80,
  "ap-singapore": 90,
  "ap-seoul": 180,
  "ap-tokyo": 250,
  "na-siliconvalley": 150,
  "eu-frankfurt": 170,
};

/** A zone's numeric id: region code, then the zone number on four digits. */
export function zoneIdOf(zone: string): string {
  const m = /^(.*)-(\d+)$/.exec(zone);
  const code = regionCodes[m?.[1] ?? ""] ?? 99;
  return `${code}${(m?.[2] ?? "0").padStart(4, "0")}`;
}

function regionSet(cloud: AccountRegion): Record<string, unknown>[] {
  return cloud.catalog.listRegions().items.map((r) => ({
    Region: r.name,
    RegionName: r.displayName,
    RegionState: "AVAILABLE",
  }));
}

function zoneSet(cloud: AccountRegion): Record<string, unknown>[] {
  return cloud.catalog.getRegion(cloud.region).zones.map((z) => ({
    Zone: z.name,
    ZoneName: z.displayName,
    ZoneId: zoneIdOf(z.name),
    ZoneState: z.status === "available" ? "AVAILABLE" : "UNAVAILABLE",
  }));
}

/** The region service serves every product's regions; the emulator knows CVM's (and the products built on it). */
function requireProduct(c: ActionContext): void {
  const product = c.params.required("Product");
  if (!["cvm", "vpc", "cbs", "clb"].includes(product)) {
    throw new TencentError("InvalidParameterValue", `The product \`${product}\` is not supported.`);
  }
}

export const regionActions: ActionRegistration[] = [
  {
    service: regionService,
    action: "DescribeRegions",
    regionRequired: false,
    handler: async (c) => {
      requireProduct(c);
      return c.call((cloud) => {
        const set = regionSet(cloud);
        return { TotalCount: set.length, RegionSet: set };
      });
    },
  },
  {
    service: regionService,
    action: "DescribeZones",
    // The region service's calls take no X-TC-Region; zones are then the front's default region's.
    regionRequired: false,
    handler: async (c) => {
      requireProduct(c);
      return c.call((cloud) => {
        const set = zoneSet(cloud);
        return { TotalCount: set.length, ZoneSet: set };
      });
    },
  },
  {
    service: cvm,
    action: "DescribeRegions",
    regionRequired: false,
    handler: async (c) =>
      c.call((cloud) => {
        const set = regionSet(cloud);
        return { TotalCount: set.length, RegionSet: set };
      }),
  },
  {
    service: cvm,
    action: "DescribeZones",
    handler: async (c) =>
      c.call((cloud) => {
        const set = zoneSet(cloud);
        return { TotalCount: set.length, ZoneSet: set };
      }),
  },
];

/** A zone of the caller's region that takes new resources. */
export function requireZone(cloud: AccountRegion, zone: string, field = "Placement.Zone"): void {
  const found = cloud.catalog.getRegion(cloud.region).zones.find((z) => z.name === zone);
  if (!found) {
    throw new TencentError(
      "InvalidZone.MismatchRegion",
      `The zone \`${zone}\` (${field}) is not in region ${cloud.region}.`,
    );
  }
  if (found.status !== "available") {
    throw new TencentError(
      "ResourceInsufficient.ZoneSoldOutForSpecifiedInstance",
      `The zone \`${zone}\` sells nothing now.`,
    );
  }
}
