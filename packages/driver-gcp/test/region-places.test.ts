import { closedAfterEach } from "@cloud-barista/core/testing";
import { collect } from "@cloud-barista/core";
import { defaultCatalogs } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { gcpRegionPlaces } from "../src/region-places.js";
import { gcpFixture } from "./setup.js";

// regions.list gives no coordinates: the driver's table places every region the emulator's world
// (which maps Google's public regions) serves, and the regions it lists carry them, so placement
// by location and latency ranks GCP's regions as it does the other clouds'.

const open = closedAfterEach(gcpFixture);

const km = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};

describe("the GCP region places", () => {
  it("place every region of the world's GCP catalog within 50 km of the world's own coordinates", () => {
    const regions = defaultCatalogs.find((c) => c.provider === "GCP")?.regions ?? [];
    expect(regions.length).toBeGreaterThan(1);
    for (const region of regions) {
      const place = gcpRegionPlaces[region.name];
      expect(place, region.name).toBeDefined();
      if (place) expect(km(place, region.location), region.name).toBeLessThan(50);
    }
  });

  it("are the locations of the regions the driver lists", async () => {
    const fixture = await open();
    const regions = await collect(fixture.conn.metadata.regionZones());
    const seoul = regions.find((r) => r.name === "asia-northeast3");
    expect(seoul?.location).toEqual(gcpRegionPlaces["asia-northeast3"]);
    for (const r of regions) expect(r.location, r.name).toBeDefined();
  });
});
