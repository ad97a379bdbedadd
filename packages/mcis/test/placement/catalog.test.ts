import { BaristaError } from "@cloud-barista/core";
import type { ImageInfo, PriceInfo, RegionZoneInfo, VmSpecInfo } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { buildCatalog, loadCatalog } from "../../src/placement/catalog.js";
import type { CatalogConnection, CatalogSource } from "../../src/placement/catalog-source.js";
import { performanceTable } from "../../src/placement/performance.js";
import { cities, mockCloud } from "./support.js";

describe("catalog over the emulator", () => {
  it("builds one offer per spec of every connection, with prices, coordinates and images", async () => {
    const { barista } = await mockCloud();
    const catalog = await loadCatalog(barista, {
      performance: performanceTable([{ provider: "MOCK", specName: "mock-large", score: 80 }]),
    });
    expect(catalog.issues).toEqual([]);
    expect([...catalog.connections].sort()).toEqual(["frankfurt", "seoul", "seoul-b", "tokyo", "virginia"]);
    // 7 specs everywhere, plus the A100 machine that only Virginia offers.
    expect(catalog.offers).toHaveLength(4 * 7 + 8);
    // A snapshot: rankOffers reuses its index without checking it for changes.
    expect(Object.isFrozen(catalog.offers)).toBe(true);
    const medium = catalog.offers.find((o) => o.id === "seoul/mock-medium");
    expect(medium).toEqual(
      expect.objectContaining({
        provider: "MOCK",
        region: "mock-seoul",
        zone: "mock-seoul-a",
        vcpus: 4,
        memoryGiB: 8,
        architecture: "x86_64",
        location: { latitude: cities.seoul.latitude, longitude: cities.seoul.longitude },
        performance: undefined,
      }),
    );
    // $0.08/h base price × Seoul's 1.1 price factor.
    expect(medium?.price).toEqual({
      perHour: 0.088,
      currency: "USD",
      source: "emulator-catalog",
      retrievedAt: expect.any(Date),
    });
    expect(medium?.images.every((i) => i.architecture === "x86_64")).toBe(true);
    expect(catalog.offers.find((o) => o.id === "virginia/mock-gpu-a100x8")).toEqual(
      expect.objectContaining({ gpuCount: 8, gpuModel: "A100", gpuMemoryGB: 80, memoryGiB: 1152 }),
    );
    expect(catalog.offers.find((o) => o.id === "tokyo/mock-large")?.performance).toBe(80);
    expect(catalog.offers.find((o) => o.id === "tokyo/mock-arm-small")?.images.map((i) => i.architecture)).toEqual([
      "arm64",
      "arm64",
      "arm64",
      "arm64",
    ]);
  });

  it("reports a connection that fails to list and keeps the others", async () => {
    const { barista, world } = await mockCloud();
    world.faults.add({ provider: "MOCK", region: "mock-tokyo", api: "DescribeInstanceTypes", kind: "internal" });
    world.faults.add({ provider: "MOCK", region: "mock-frankfurt", api: "GetProducts", kind: "internal" });
    const catalog = await loadCatalog(barista);
    expect(catalog.connections).not.toContain("tokyo");
    expect(catalog.offers.some((o) => o.connection === "tokyo")).toBe(false);
    expect(catalog.issues).toHaveLength(2);
    expect(catalog.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ connection: "tokyo", part: "specs", code: "ProviderError", fatal: true }),
        expect.objectContaining({ connection: "frankfurt", part: "prices", code: "ProviderError", fatal: false }),
      ]),
    );
    // Frankfurt still offers its specs, with unknown prices.
    const frankfurt = catalog.offers.filter((o) => o.connection === "frankfurt");
    expect(frankfurt).toHaveLength(7);
    expect(frankfurt.every((o) => o.price === undefined)).toBe(true);
  });

  it("gives no offers for a connection pinned to an unavailable zone, and says why", async () => {
    const { barista } = await mockCloud([{ name: "seoul-c", region: "mock-seoul", zone: "mock-seoul-c" }]);
    const catalog = await loadCatalog(barista);
    expect(catalog.offers).toEqual([]);
    expect(catalog.issues).toEqual([expect.objectContaining({ connection: "seoul-c", part: "zone", fatal: true })]);
  });

  it("reads the catalog lists through the metadata cache, and quotas afresh", async () => {
    const { barista, world } = await mockCloud();
    await loadCatalog(barista);
    // Any cloud call now fails: a second build lists nothing again, but it does read quotas.
    world.faults.add({ provider: "MOCK", kind: "internal" });
    const again = await loadCatalog(barista);
    expect(again.offers).toHaveLength(36);
    expect(again.issues.map((i) => [i.connection, i.part, i.code, i.fatal])).toEqual(
      ["frankfurt", "seoul", "seoul-b", "tokyo", "virginia"].map((c) => [c, "quotas", "ProviderError", false]),
    );
    // Unread quotas are unknown: no offer carries any.
    expect(again.quotas).toEqual([]);
    expect(again.offers.filter((o) => o.quotas !== undefined)).toEqual([]);
  });

  it("puts what is left of the reported quotas on the offers, one entry per account and region", async () => {
    const { barista, world } = await mockCloud();
    world.quotas.set({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" }, { vcpus: 4 });
    const catalog = await loadCatalog(barista);
    // seoul and seoul-b are zones of one region under one credential: they share its quota.
    const seoul = {
      provider: "MOCK",
      region: "mock-seoul",
      connection: ["seoul", "seoul-b"],
      remainingVcpus: 4,
      remainingVms: 100,
      source: "reported",
    };
    // Connections are read in name order.
    expect(catalog.quotas).toEqual([
      expect.objectContaining({ region: "mock-frankfurt", connection: ["frankfurt"] }),
      seoul,
      {
        provider: "MOCK",
        region: "mock-tokyo",
        connection: ["tokyo"],
        remainingVcpus: 400,
        remainingVms: 100,
        source: "reported",
      },
      expect.objectContaining({ region: "mock-virginia", connection: ["virginia"] }),
    ]);
    expect(catalog.offers.find((o) => o.id === "seoul-b/mock-small")?.quotas).toEqual([seoul]);
    expect(catalog.offers.find((o) => o.id === "tokyo/mock-small")?.quotas).toEqual([
      expect.objectContaining({ connection: ["tokyo"] }),
    ]);
    const without = await loadCatalog(barista, { quotas: false });
    expect(without.quotas).toEqual([]);
    expect(without.offers.every((o) => o.quotas === undefined)).toBe(true);
  });
});

/** A source with hand-made lists; `lists` may change between builds. */
function fakeSource(lists: {
  specs: VmSpecInfo[];
  prices: PriceInfo[];
  images?: ImageInfo[];
  regions?: RegionZoneInfo[];
}): CatalogSource {
  const conn: CatalogConnection = {
    name: "fake",
    provider: "MOCK",
    region: "r1",
    zone: undefined,
    regionZones: async () =>
      lists.regions ?? [{ name: "r1", displayName: "R1", location: { latitude: 1, longitude: 2 }, zones: [] }],
    specs: async () => lists.specs,
    prices: async () => lists.prices,
    images: async () => lists.images ?? [],
  };
  return {
    connectionNames: async () => ["fake", "broken"],
    open: async (name) => {
      if (name === "broken") throw new BaristaError("Unauthenticated", "bad key");
      return conn;
    },
  };
}

const spec = (name: string): VmSpecInfo => ({
  name,
  region: "r1",
  vcpu: { count: 2 },
  memorySizeMiB: 4096,
  gpus: [],
  architecture: "x86_64",
});
const price = (specName: string, value: number, currency = "USD"): PriceInfo => ({
  specName,
  region: "r1",
  onDemand: { price: value, currency, unit: "Hour" },
  source: "fake",
  retrievedAt: new Date(0),
});

describe("catalog tolerance", () => {
  it("keeps specs without a usable price as unknown and ignores prices of specs that vanished", async () => {
    const lists = {
      specs: [spec("a"), spec("b"), spec("c"), spec("d")],
      prices: [price("a", 0.1), price("a", 0.09), price("c", Number.NaN), price("d", -1), price("gone", 0.01)],
    };
    const catalog = await buildCatalog(fakeSource(lists));
    expect(catalog.offers.map((o) => [o.specName, o.price?.perHour])).toEqual([
      ["a", 0.09],
      ["b", undefined],
      ["c", undefined],
      ["d", undefined],
    ]);
    expect(catalog.issues).toEqual([
      expect.objectContaining({
        connection: "fake",
        part: "prices",
        code: "NotFound",
        fatal: false,
        message: expect.stringContaining("3 spec(s) without a usable price"),
      }),
      expect.objectContaining({ connection: "broken", part: "connection", code: "Unauthenticated", fatal: true }),
    ]);
  });

  it("drops a spec that vanishes between builds", async () => {
    const lists = { specs: [spec("a"), spec("b")], prices: [price("a", 0.1), price("b", 0.2)] };
    const source = fakeSource(lists);
    expect((await buildCatalog(source, { connections: ["fake"] })).offers).toHaveLength(2);
    lists.specs = [spec("b")];
    const after = await buildCatalog(source, { connections: ["fake"] });
    expect(after.offers.map((o) => o.id)).toEqual(["fake/b"]);
    expect(after.issues).toEqual([]);
  });

  it("rejects a bad concurrency", async () => {
    await expect(buildCatalog(fakeSource({ specs: [], prices: [] }), { concurrency: 0 })).rejects.toMatchObject({
      field: "concurrency",
    });
  });
});
