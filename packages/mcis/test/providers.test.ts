import { createMockDriver } from "@cloud-barista/driver-mock";
import { describe, expect, it } from "vitest";
import { createMcisService, loadCatalog } from "../src/index.js";
import type { ConcurrencyOptions } from "../src/index.js";
import { mcisFixture } from "./support.js";
import type { CloudDriver } from "@cloud-barista/core";

// Placement and MCIS name providers by core's ProviderName: input naming another provider is
// refused with an InvalidArgument naming the field, and core registers no driver of another.

describe("provider names", () => {
  it("never meet a connection whose driver names a provider the SDK does not know: core refuses the driver", async () => {
    const { barista, world } = await mcisFixture();
    const foreign = { ...createMockDriver({ world }), provider: "OCI" } as unknown as CloudDriver;
    expect(() => barista.drivers.register(foreign, { name: "oci" })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "provider", rule: "provider" }),
    );
    expect((await loadCatalog(barista)).issues).toEqual([]);
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
