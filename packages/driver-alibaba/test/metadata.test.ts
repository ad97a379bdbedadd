import { collect } from "@cloud-barista/core/driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alibabaFixture, calls } from "./setup.js";
import type { AlibabaFixture } from "./setup.js";

let f: AlibabaFixture;
beforeAll(async () => {
  f = await alibabaFixture({ front: { maxPageSize: 3 } });
});
afterAll(() => f.close());

describe("metadata through pop-core", () => {
  it("lists regions with their zones and where each region is (placement ranks by location)", async () => {
    const regions = await collect(f.conn.metadata.regionZones());
    const seoul = regions.find((r) => r.name === "ap-northeast-2");
    expect(seoul?.zones.map((z) => z.name)).toContain("ap-northeast-2a");
    expect(seoul?.location).toEqual({ latitude: 37.57, longitude: 126.98 });
    // Every region the emulator's catalog offers is one the driver knows the place of.
    expect(regions.filter((r) => r.location === undefined).map((r) => r.name)).toEqual([]);
  });

  it("lists public system images over several pages, and reads one by id", async () => {
    const images = await collect(f.conn.metadata.images());
    expect(images.length).toBeGreaterThan(3);
    const linux = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64");
    expect(linux?.status).toBe("Available");
    expect((await f.conn.metadata.image(linux?.id ?? "")).id).toBe(linux?.id);
    const pages = await calls(f, "DescribeImages");
    expect(pages.length).toBeGreaterThan(2);
  });

  it("lists specs with where each is in stock", async () => {
    const specs = await collect(f.conn.metadata.specs());
    expect(specs.length).toBeGreaterThan(0);
    for (const s of specs) {
      expect(s.vcpu.count).toBeGreaterThan(0);
      expect(s.memorySizeMiB).toBeGreaterThan(0);
      expect(s.extra?.["available"]).toMatch(/^(true|false)$/);
    }
    const spec = specs[0]?.name ?? "";
    expect((await f.conn.metadata.spec(spec)).name).toBe(spec);
  });

  it("lists pay-as-you-go prices with their provenance", async () => {
    const prices = await collect(f.conn.metadata.prices());
    expect(prices.length).toBeGreaterThan(0);
    for (const p of prices) {
      expect(p.onDemand.price).toBeGreaterThan(0);
      expect(p.onDemand.currency).toMatch(/^[A-Z]{3}$/);
      expect(p.source).toBe("alibaba-describe-price");
    }
  });
});
