import { describe, expect, it } from "vitest";
import { providerNames } from "@cloud-barista/core";
import { defaultCatalogs } from "../src/index.js";
import { testWorld } from "./support.js";

// IBM Cloud VPC offers no arm64 virtual server profiles, so its catalog lists none.
const withoutArm64 = new Set(["IBM"]);

describe("catalogs", () => {
  it("cover every provider once", () => {
    expect(defaultCatalogs.map((c) => c.provider).sort()).toEqual([...providerNames].sort());
  });

  for (const catalog of defaultCatalogs) {
    describe(catalog.provider, () => {
      it("has several regions with real coordinates and unique zones", () => {
        expect(catalog.regions.length).toBeGreaterThanOrEqual(3);
        for (const region of catalog.regions) {
          expect(Math.abs(region.location.latitude)).toBeLessThanOrEqual(90);
          expect(Math.abs(region.location.longitude)).toBeLessThanOrEqual(180);
          expect(region.location.latitude !== 0 || region.location.longitude !== 0).toBe(true);
          expect(region.zones.length).toBeGreaterThan(0);
          expect(region.zones.some((z) => z.status === "available")).toBe(true);
          expect(new Set(region.zones.map((z) => z.name)).size).toBe(region.zones.length);
          expect(region.priceFactor).toBeGreaterThanOrEqual(1);
        }
        expect(new Set(catalog.regions.map((r) => r.name)).size).toBe(catalog.regions.length);
      });

      it("has x86_64, GPU and (where the cloud offers them) arm64 specs with plausible sizes", () => {
        const archs = new Set(catalog.specs.map((s) => s.architecture));
        expect(archs.has("x86_64")).toBe(true);
        expect(archs.has("arm64")).toBe(!withoutArm64.has(catalog.provider));
        const gpus = catalog.specs.filter((s) => s.gpu);
        expect(gpus.length).toBeGreaterThan(0);
        for (const spec of gpus) {
          expect(spec.gpu!.count).toBeGreaterThan(0);
          expect(spec.gpu!.memoryGB).toBeGreaterThan(0);
          expect(spec.gpu!.model).not.toBe("");
        }
        for (const spec of catalog.specs) {
          expect(spec.vcpus).toBeGreaterThan(0);
          expect(spec.memoryMiB / 1024 / spec.vcpus).toBeGreaterThanOrEqual(0.5);
          expect(spec.usdPerHour).toBeGreaterThan(0);
          for (const region of spec.regions ?? []) expect(catalog.regions.map((r) => r.name)).toContain(region);
        }
        expect(new Set(catalog.specs.map((s) => s.name)).size).toBe(catalog.specs.length);
      });

      it("has Ubuntu 22.04/24.04, Debian, Rocky and Windows images for each of its architectures", () => {
        for (const arch of new Set(catalog.specs.map((s) => s.architecture))) {
          const images = catalog.images.filter((i) => i.architecture === arch);
          for (const distro of ["Ubuntu 22.04", "Ubuntu 24.04", "Debian", "Rocky"]) {
            expect(
              images.some((i) => i.osDistribution.includes(distro) || i.name.includes(distro)),
              `${arch} ${distro}`,
            ).toBe(true);
          }
        }
        expect(catalog.images.some((i) => i.osPlatform === "windows" && i.architecture === "x86_64")).toBe(true);
        expect(catalog.diskTypes.map((d) => d.name)).toContain(catalog.defaultDiskType);
      });

      it("prices every spec offered in every region, higher in pricier regions", () => {
        const { world } = testWorld();
        for (const region of catalog.regions) {
          const cloud = world.accountRegion({ provider: catalog.provider, account: "a", region: region.name });
          const specs = cloud.catalog.listSpecs().items.map((s) => s.name);
          const prices = cloud.catalog.listPrices().items;
          expect(prices.map((p) => p.specName).sort()).toEqual([...specs].sort());
          for (const price of prices) {
            expect(price.price).toBeGreaterThan(0);
            expect(price.source).toBe("emulator-catalog");
            expect(price.currency).toBe("USD");
          }
        }
        const byFactor = [...catalog.regions].sort((a, b) => a.priceFactor - b.priceFactor);
        const cheap = byFactor[0]!;
        const dear = byFactor[byFactor.length - 1]!;
        if (dear.priceFactor > cheap.priceFactor) {
          const priceIn = (region: string) =>
            world(region).catalog.listPrices({ where: (p) => p.specName === catalog.specs[0]!.name }).items[0]!.price;
          const world = (region: string) =>
            testWorld().world.accountRegion({ provider: catalog.provider, account: "a", region });
          expect(priceIn(dear.name)).toBeGreaterThan(priceIn(cheap.name));
        }
      });
    });
  }

  it("marks at least one zone Unavailable somewhere (MOCK included)", () => {
    const unavailable = defaultCatalogs
      .flatMap((c) => c.regions.flatMap((r) => r.zones))
      .filter((z) => z.status === "unavailable");
    expect(unavailable.map((z) => z.name)).toEqual(expect.arrayContaining(["mock-seoul-c", "us-east-1e"]));
  });

  it("maps every public AWS region of the commercial partition, each with its zones and place", () => {
    const aws = defaultCatalogs.find((c) => c.provider === "AWS");
    const names = aws?.regions.map((r) => r.name) ?? [];
    expect(new Set(names).size).toBe(names.length);
    for (const expected of ["us-east-2", "ap-east-2", "ap-southeast-6", "ca-west-1", "mx-central-1", "il-central-1"])
      expect(names).toContain(expected);
    expect(names.length).toBeGreaterThanOrEqual(34);
    for (const region of aws?.regions ?? []) {
      expect(region.name).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
      expect(region.zones.length, region.name).toBeGreaterThanOrEqual(2);
      expect(
        region.zones.every((z) => z.name.startsWith(region.name) && z.name.length === region.name.length + 1),
      ).toBe(true);
      expect(Math.abs(region.location.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(region.location.longitude)).toBeLessThanOrEqual(180);
    }
  });

  it("gives AWS per-region AMI ids and stable ids across worlds", () => {
    const a = testWorld().world.accountRegion({ provider: "AWS", account: "1", region: "us-east-1" });
    const b = testWorld().world.accountRegion({ provider: "AWS", account: "2", region: "ap-northeast-2" });
    const again = testWorld().world.accountRegion({ provider: "AWS", account: "3", region: "us-east-1" });
    const idsA = a.catalog.listImages().items.map((i) => i.id);
    expect(idsA.every((id) => /^ami-0[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(idsA).not.toEqual(b.catalog.listImages().items.map((i) => i.id));
    expect(idsA).toEqual(again.catalog.listImages().items.map((i) => i.id));
    expect(a.catalog.getImage(idsA[0]!).osDistribution).toBe("Ubuntu 24.04 LTS");
  });

  it("offers region-restricted GPU specs only where listed", () => {
    const { world } = testWorld();
    const seoul = world.accountRegion({ provider: "AWS", account: "1", region: "ap-northeast-2" });
    const virginia = world.accountRegion({ provider: "AWS", account: "1", region: "us-east-1" });
    expect(() => seoul.catalog.getSpec("p4d.24xlarge")).toThrow(/does not exist/);
    expect(virginia.catalog.getSpec("p4d.24xlarge").gpu).toEqual({
      count: 8,
      manufacturer: "NVIDIA",
      model: "A100",
      memoryGB: 40,
    });
  });
});
