import { collect } from "@cloud-barista/core/driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calls, ibmFixture } from "./setup.js";
import type { IbmFixture } from "./setup.js";

let f: IbmFixture;
beforeAll(async () => {
  f = await ibmFixture({ front: { maxPageSize: 2 } });
});
afterAll(() => f.close());

describe("metadata through IAM and the VPC API", () => {
  it("lists regions with their zones and where each region is (placement ranks by location)", async () => {
    const regions = await collect(f.conn.metadata.regionZones());
    const dallas = regions.find((r) => r.name === "us-south");
    expect(dallas?.zones.map((z) => z.name)).toEqual(["us-south-1", "us-south-2", "us-south-3"]);
    expect(dallas?.location).toEqual({ latitude: 32.78, longitude: -96.8 });
    // Every region the emulator's catalog offers is one the driver knows the place of.
    expect(regions.filter((r) => r.location === undefined).map((r) => r.name)).toEqual([]);
  });

  it("lists stock images over several pages, and reads one by id", async () => {
    const images = await collect(f.conn.metadata.images());
    expect(images.length).toBeGreaterThan(2);
    const linux = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64");
    expect(linux?.status).toBe("Available");
    expect(images.some((i) => i.osPlatform === "Windows")).toBe(true);
    expect((await f.conn.metadata.image(linux?.id ?? "")).id).toBe(linux?.id);
    expect((await calls(f, "list_images")).length).toBeGreaterThan(2);
  });

  it("lists instance profiles with vCPUs, memory, architecture and GPUs", async () => {
    const specs = await collect(f.conn.metadata.specs());
    const bx2 = specs.find((s) => s.name === "bx2-2x8");
    expect(bx2).toMatchObject({ vcpu: { count: 2 }, memorySizeMiB: 8192, architecture: "x86_64", gpus: [] });
    const gpu = specs.find((s) => s.gpus.length > 0);
    expect(gpu?.gpus[0]?.count).toBeGreaterThan(0);
    expect((await f.conn.metadata.spec("bx2-2x8")).name).toBe("bx2-2x8");
  });

  it("lists on-demand prices from the Global Catalog with their provenance", async () => {
    const prices = await collect(f.conn.metadata.prices());
    expect(prices.length).toBeGreaterThan(0);
    for (const p of prices) {
      expect(p.onDemand.price).toBeGreaterThan(0);
      expect(p.onDemand.currency).toMatch(/^[A-Z]{3}$/);
      expect(p.source).toBe("ibm-global-catalog");
      expect(p.region).toBe("us-south");
    }
    expect(prices.map((p) => p.specName)).toContain("bx2-2x8");
  });
});
