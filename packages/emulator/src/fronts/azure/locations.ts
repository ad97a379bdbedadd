import type { FrontResponse } from "../http-front.js";
import { gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { homeRegion } from "./resource-groups.js";

/** GET /subscriptions/{sub}/locations: the regions with coordinates and logical-to-physical zone mappings. */
export async function serveLocations(ctx: ArmContext): Promise<FrontResponse> {
  const regions = await gate(
    ctx,
    homeRegion(ctx),
    "Subscriptions_ListLocations",
    (cloud) => cloud.catalog.listRegions().items,
  );
  const value = regions.map((r) => ({
    id: `/subscriptions/${ctx.account}/locations/${r.name}`,
    name: r.name,
    type: "Region",
    displayName: r.displayName,
    regionalDisplayName: r.displayName,
    metadata: {
      regionType: "Physical",
      regionCategory: "Recommended",
      latitude: String(r.location.latitude),
      longitude: String(r.location.longitude),
      physicalLocation: r.displayName,
    },
    availabilityZoneMappings: r.zones
      .filter((z) => z.status === "available")
      .map((z) => ({ logicalZone: z.name, physicalZone: `${r.name}-az${z.name}` })),
  }));
  return json(200, { value });
}
