import { describe, expect, it } from "vitest";
import { rankOffers } from "../../src/placement/rank.js";
import type { PlacementFilter } from "../../src/placement/filter.js";
import type { Offer } from "../../src/placement/offer.js";
import { cities, offer, ubuntuX86 } from "./support.js";

const catalog: Offer[] = [
  offer({
    connection: "a",
    specName: "small",
    vcpus: 2,
    memoryGiB: 4,
    price: 0.05,
    provider: "AWS",
    region: "ap-northeast-2",
  }),
  offer({
    connection: "a",
    specName: "large",
    vcpus: 8,
    memoryGiB: 32,
    price: 0.4,
    provider: "AWS",
    region: "ap-northeast-2",
    diskGB: 200,
  }),
  offer({
    connection: "b",
    specName: "arm",
    vcpus: 4,
    memoryGiB: 8,
    architecture: "arm64",
    price: 0.06,
    provider: "GCP",
    location: cities.tokyo,
  }),
  offer({
    connection: "c",
    specName: "gpu",
    vcpus: 8,
    memoryGiB: 64,
    gpuCount: 2,
    gpuModel: "NVIDIA A100",
    gpuMemoryGB: 80,
    price: 6,
    provider: "AZURE",
    location: cities.frankfurt,
  }),
  offer({
    connection: "d",
    specName: "unpriced",
    vcpus: 4,
    memoryGiB: 16,
    price: null,
    performance: 70,
    provider: "OPENSTACK",
  }),
  offer({
    connection: "e",
    specName: "debian-only",
    vcpus: 4,
    memoryGiB: 16,
    price: 0.2,
    performance: 90,
    images: [{ ...ubuntuX86, id: "deb", name: "Debian 12", osDistribution: "Debian 12 (bookworm)" }],
  }),
];

const ids = (filter: PlacementFilter): string[] =>
  rankOffers(catalog, { filter })
    .results.map((r) => r.offer.id)
    .sort();

describe("filters", () => {
  it("applies inclusive numeric ranges", () => {
    expect(ids({ ranges: { vcpus: { min: 4, max: 4 } } })).toEqual(["b/arm", "d/unpriced", "e/debian-only"]);
    expect(ids({ ranges: { memoryGiB: { min: 32 } } })).toEqual(["a/large", "c/gpu"]);
    expect(ids({ ranges: { diskGB: { min: 100 } } })).toEqual(["a/large"]);
    expect(ids({ ranges: { gpuCount: { min: 1 }, gpuMemoryGB: { min: 40 } } })).toEqual(["c/gpu"]);
  });

  it("excludes unknown figures from a range on them", () => {
    expect(ids({ ranges: { pricePerHour: { max: 0.2 } } })).toEqual(["a/small", "b/arm", "e/debian-only"]);
    expect(ids({ ranges: { performance: { min: 0 } } })).toEqual(["d/unpriced", "e/debian-only"]);
  });

  it("matches providers, regions and connections exactly, ignoring case", () => {
    expect(ids({ provider: "AWS" })).toEqual(["a/large", "a/small"]);
    expect(ids({ provider: ["GCP", "AZURE"] })).toEqual(["b/arm", "c/gpu"]);
    // Input that arrives as JSON may spell a provider in any case.
    expect(ids(JSON.parse('{ "provider": ["gcp", "Azure"] }') as PlacementFilter)).toEqual(["b/arm", "c/gpu"]);
    expect(ids({ region: "AP-NORTHEAST-2" })).toEqual(["a/large", "a/small"]);
    expect(ids({ region: "ap-northeast" })).toEqual([]);
    expect(ids({ connection: "d" })).toEqual(["d/unpriced"]);
  });

  it("matches architecture, GPU model and image OS", () => {
    expect(ids({ architecture: "arm64" })).toEqual(["b/arm"]);
    expect(ids({ gpuModel: "a100" })).toEqual(["c/gpu"]);
    expect(ids({ os: "debian" })).toEqual(["e/debian-only"]);
    expect(ids({ os: ["bookworm", "24.04"] })).toHaveLength(catalog.length);
  });

  it("keeps regions within a radius", () => {
    // Tokyo is 1,160 km from Seoul, Frankfurt 8,550 km.
    expect(ids({ within: { point: cities.seoul, radiusKm: 1200 } })).not.toContain("c/gpu");
    expect(ids({ within: { point: cities.seoul, radiusKm: 1200 } })).toContain("b/arm");
    expect(ids({ within: { point: cities.seoul, radiusKm: 1100 } })).not.toContain("b/arm");
  });

  it("rejects unknown metrics and fields, naming them", () => {
    const bad = (filter: unknown) => () => rankOffers(catalog, { filter: filter as PlacementFilter });
    expect(bad({ ranges: { cpu: { min: 1 } } })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "filter.ranges.cpu", rule: "unknown-metric" }),
    );
    expect(bad({ vcpus: { min: 1 } })).toThrow(
      expect.objectContaining({ field: "filter.vcpus", rule: "unknown-field" }),
    );
    expect(bad({ ranges: { vcpus: { min: 1, mx: 3 } } })).toThrow(
      expect.objectContaining({ field: "filter.ranges.vcpus.mx" }),
    );
    expect(bad({ architecture: "amd64" })).toThrow(
      expect.objectContaining({ field: "filter.architecture", rule: "architecture" }),
    );
    expect(bad({ provider: [] })).toThrow(expect.objectContaining({ field: "filter.provider", rule: "non-empty" }));
    // A misspelt provider would match nothing in silence.
    expect(bad({ provider: "OCI" })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "filter.provider", rule: "provider" }),
    );
    expect(bad({ provider: ["AWS", "AMAZON"] })).toThrow(
      expect.objectContaining({ field: "filter.provider[1]", rule: "provider" }),
    );
  });

  it("rejects impossible ranges, naming the field", () => {
    const bad = (filter: PlacementFilter) => () => rankOffers(catalog, { filter });
    expect(bad({ ranges: { vcpus: { min: 8, max: 4 } } })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "filter.ranges.vcpus", rule: "range" }),
    );
    expect(bad({ ranges: { memoryGiB: { min: -1 } } })).toThrow(
      expect.objectContaining({ field: "filter.ranges.memoryGiB.min", rule: "non-negative" }),
    );
    expect(bad({ ranges: { pricePerHour: { max: Number.NaN } } })).toThrow(
      expect.objectContaining({ field: "filter.ranges.pricePerHour.max", rule: "number" }),
    );
    expect(bad({ within: { point: { latitude: 91, longitude: 0 }, radiusKm: 10 } })).toThrow(
      expect.objectContaining({ field: "filter.within.point.latitude" }),
    );
  });
});
