import { describe, expect, it } from "vitest";
import { recommendClusterLocations } from "./cluster-location.js";
import type { Offer } from "./offer.js";

const seoul = { latitude: 37.57, longitude: 126.98 };
const virginia = { latitude: 38.9, longitude: -77.4 };

function offer(
  connection: string,
  provider: Offer["provider"],
  specName: string,
  vcpus: number,
  perHour: number | undefined,
  location = seoul,
): Offer {
  return {
    id: `${connection}/${specName}`,
    connection,
    provider,
    region: `${connection}-region`,
    zone: undefined,
    specName,
    vcpus,
    memoryGiB: vcpus * 4,
    diskGB: 0,
    gpuCount: 0,
    gpuModel: undefined,
    gpuMemoryGB: 0,
    architecture: "x86_64",
    price: perHour === undefined ? undefined : { perHour, currency: "USD", source: "test", retrievedAt: new Date(0) },
    location,
    performance: undefined,
    images: [],
  };
}

describe("recommendClusterLocations", () => {
  const offers = [
    offer("aws-seoul", "AWS", "t3.medium", 2, 0.052),
    offer("aws-seoul", "AWS", "t3.small", 1, 0.026),
    offer("azure-seoul", "AZURE", "Standard_B2s", 2, 0.0496),
    offer("gcp-virginia", "GCP", "e2-medium", 2, 0.0335, virginia),
    offer("ibm-seoul", "IBM", "bx2-2x8", 2, undefined),
  ];

  it("adds the control-plane fee to the cheapest fitting node spec per connection", () => {
    const ranked = recommendClusterLocations(offers, { nodes: 3, minVcpus: 2 });
    expect(ranked.map((r) => [r.connection, r.specName, r.totalPerHour])).toEqual([
      ["azure-seoul", "Standard_B2s", 0.1488],
      ["gcp-virginia", "e2-medium", 0.2005],
      ["aws-seoul", "t3.medium", 0.256],
    ]);
  });

  it("keeps to a distance from a point, and takes other fees", () => {
    const ranked = recommendClusterLocations(offers, {
      nodes: 1,
      near: seoul,
      maxDistanceKm: 1000,
      controlPlanePerHour: { AWS: 0 },
    });
    expect(ranked.map((r) => [r.connection, r.specName, r.distanceKm])).toEqual([
      ["aws-seoul", "t3.small", 0],
      ["azure-seoul", "Standard_B2s", 0],
    ]);
  });

  it("refuses a cluster without nodes", () => {
    expect(() => recommendClusterLocations(offers, { nodes: 0 })).toThrow(/nodes/);
  });
});
