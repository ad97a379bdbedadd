import { collect } from "@cloud-barista/core/driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, tencentFixture } from "./setup.js";
import type { TencentFixture } from "./setup.js";

let f: TencentFixture;
beforeAll(async () => {
  f = await tencentFixture({ front: { maxPageSize: 3 } });
});
afterAll(() => f.close());

describe("metadata through tencentcloud-sdk-nodejs", () => {
  it("lists regions with their zones and where each region is (placement ranks by location)", async () => {
    const regions = await collect(f.conn.metadata.regionZones());
    const seoul = regions.find((r) => r.name === "ap-seoul");
    expect(seoul?.zones.map((z) => z.name)).toContain("ap-seoul-1");
    expect(seoul?.location).toEqual({ latitude: 37.57, longitude: 126.98 });
    // Each region lists its own zones (DescribeZones names the region it asks about).
    for (const region of regions) {
      expect(region.zones.length, region.name).toBeGreaterThan(0);
      for (const zone of region.zones) expect(zone.name.startsWith(`${region.name}-`), zone.name).toBe(true);
    }
    // Every region the emulator's catalog offers is one the driver knows the place of.
    expect(regions.filter((r) => r.location === undefined).map((r) => r.name)).toEqual([]);
    // The region service names no region for DescribeRegions, and one per DescribeZones.
    expect((await calls(f, "region:DescribeZones")).length).toBe(regions.length);
  });

  it("lists public images over several pages, and reads one by id", async () => {
    const images = await collect(f.conn.metadata.images());
    expect(images.length).toBeGreaterThan(3);
    const linux = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64");
    expect(linux?.status).toBe("Available");
    expect(images.some((i) => i.osPlatform === "Windows")).toBe(true);
    expect((await f.conn.metadata.image(linux?.id ?? "")).id).toBe(linux?.id);
    expect((await calls(f, "DescribeImages")).length).toBeGreaterThan(2);
  });

  it("lists specs with where each sells, from one call", async () => {
    const before = (await calls(f, "DescribeZoneInstanceConfigInfos")).length;
    const specs = await collect(f.conn.metadata.specs({ refresh: true }));
    expect((await calls(f, "DescribeZoneInstanceConfigInfos")).length).toBe(before + 1);
    expect(specs.length).toBeGreaterThan(0);
    for (const s of specs) {
      expect(s.vcpu.count).toBeGreaterThan(0);
      expect(s.memorySizeMiB).toBeGreaterThan(0);
      expect(s.extra?.["available"]).toBe("true");
      expect(s.extra?.["availableZones"]).toContain("ap-seoul-1");
    }
    expect(specs.some((s) => s.architecture === "arm64")).toBe(true);
    const spec = specs[0]?.name ?? "";
    expect((await f.conn.metadata.spec(spec)).name).toBe(spec);
  });

  it("lists pay-as-you-go prices with their provenance", async () => {
    const prices = await collect(f.conn.metadata.prices());
    expect(prices.length).toBeGreaterThan(0);
    for (const p of prices) {
      expect(p.onDemand.price).toBeGreaterThan(0);
      expect(p.onDemand.currency).toBe("CNY");
      expect(p.source).toBe("tencent-describe-zone-instance-config-infos");
      expect(p.zone).toBe("ap-seoul-1");
    }
  });
});
