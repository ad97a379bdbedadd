import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { World, listFronts } from "../src/index.js";

// Fronts are discovered from src/fronts/<name>/definition.ts; this runs on the sources (Vitest),
// cli-dist.test.ts on the built JavaScript.

describe("the front registry", () => {
  it("finds every front folder's definition", async () => {
    const fronts = await listFronts();
    expect(fronts.map((f) => [f.name, f.provider])).toEqual([
      ["aws", "AWS"],
      ["mock", "MOCK"],
      ["openstack", "OPENSTACK"],
    ]);
    // A folder under fronts/ without a definition module (a misspelt file name) would go unserved.
    const folders = readdirSync(fileURLToPath(new URL("../src/fronts/", import.meta.url)), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(fronts.map((f) => f.name)).toEqual(folders.sort());
  });

  it("starts each front with a credential for the account, in a region of its catalog", async () => {
    for (const definition of await listFronts()) {
      const world = new World();
      const front = await definition.start(world, { account: "acct-1" });
      try {
        expect(front).toMatchObject({ provider: definition.provider, name: definition.name, account: "acct-1" });
        expect(front.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await fetch(front.endpoint)).status).toBeGreaterThanOrEqual(200);
        const region = world.catalog(definition.provider).regions.find((r) => r.name === front.region);
        expect(region?.zones.map((z) => z.name)).toContain(front.zone);
        expect({ region: front.region, zone: front.zone }).toEqual(definition.defaults);
        // Fixed credential values are registered as given (URLs aside: they name the new port).
        const again = await definition.start(new World(), { account: "acct-1", credential: front.credential });
        await again.close();
        for (const [key, value] of Object.entries(front.credential)) {
          if (!value.startsWith("http")) expect(again.credential[key], `${definition.name} ${key}`).toBe(value);
        }
      } finally {
        await front.close();
      }
      await expect(fetch(front.endpoint)).rejects.toThrow();
    }
  });
});
