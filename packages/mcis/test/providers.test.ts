import { createMockDriver } from "@cloud-barista/driver-mock";
import { describe, expect, it } from "vitest";
import { createMcisService, loadCatalog } from "../src/index.js";
import type { ConcurrencyOptions, SubGroupRequest } from "../src/index.js";
import { group, mcisFixture } from "./support.js";

// Placement and MCIS name providers by core's ProviderName: input naming another provider, and
// connections whose driver names another, are refused with an InvalidArgument naming the field.

/** The fixture, plus a connection "oci-seoul" whose driver calls its cloud "OCI". */
async function withForeignProvider() {
  const fixture = await mcisFixture();
  const { barista, world } = fixture;
  barista.drivers.register({ ...createMockDriver({ world }), provider: "OCI" }, { name: "oci" });
  await barista.credentials.add({ name: "oci-cred", provider: "OCI", values: { mockName: "tenant-a" } });
  await barista.regions.add({ name: "oci-region", provider: "OCI", region: "mock-seoul" });
  await barista.connections.add({ name: "oci-seoul", driver: "oci", credential: "oci-cred", region: "oci-region" });
  return fixture;
}

describe("provider names", () => {
  it("refuses an MCIS on a connection whose driver names a provider the SDK does not know", async () => {
    const { mcis } = await withForeignProvider();
    const foreign: SubGroupRequest = { ...group("g2", "seoul", 1), connection: "oci-seoul" };
    await expect(
      mcis.create({ namespace: "ns1", name: "web", subGroups: [group("g1", "seoul", 1), foreign] }),
    ).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "subGroups[1].connection",
      rule: "provider",
      message: expect.stringContaining('"OCI"'),
    });
    expect(await mcis.list("ns1")).toEqual([]);
  });

  it("leaves such a connection out of the catalog, as an issue", async () => {
    const { barista } = await withForeignProvider();
    const catalog = await loadCatalog(barista);
    expect(catalog.connections).not.toContain("oci-seoul");
    expect(catalog.offers.every((o) => o.connection !== "oci-seoul")).toBe(true);
    expect(catalog.issues).toEqual([
      expect.objectContaining({ connection: "oci-seoul", code: "InvalidArgument", fatal: true }),
    ]);
  });

  it("refuses a concurrency override for a provider the SDK does not know", async () => {
    const { barista } = await mcisFixture();
    const concurrency = { providers: { NCP: { perRegion: 5 } } } as unknown as ConcurrencyOptions;
    expect(() => createMcisService({ barista, concurrency })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "concurrency.providers.NCP", rule: "provider" }),
    );
    expect(() => createMcisService({ barista, concurrency: { providers: { MOCK: { perRegion: 5 } } } })).not.toThrow();
  });
});
