import { readdirSync } from "node:fs";
import { request } from "node:https";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { World, frontFor, listFronts } from "../src/index.js";

// Fronts are discovered from src/fronts/<name>/definition.ts; this runs on the sources (Vitest),
// cli-dist.test.ts on the built JavaScript.

/** The status of a GET of the front's root; an HTTPS front is trusted through its own certificate only. */
function statusOf(endpoint: string, ca: string | undefined): Promise<number> {
  if (!endpoint.startsWith("https:")) return fetch(endpoint).then((r) => r.status);
  return new Promise((resolve, reject) => {
    request(endpoint, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}

describe("the front registry", () => {
  it("finds every front folder's definition", async () => {
    const fronts = await listFronts();
    expect(fronts.map((f) => [f.name, f.provider])).toEqual([
      ["alibaba", "ALIBABA"],
      ["aws", "AWS"],
      ["azure", "AZURE"],
      ["gcp", "GCP"],
      ["ibm", "IBM"],
      ["mock", "MOCK"],
      ["openstack", "OPENSTACK"],
      ["tencent", "TENCENT"],
    ]);
    // A folder under fronts/ without a definition module (a misspelt file name) would go unserved.
    const folders = readdirSync(fileURLToPath(new URL("../src/fronts/", import.meta.url)), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(fronts.map((f) => f.name)).toEqual(folders.sort());
  });

  it("loads only the fronts named, and finds each provider's front", async () => {
    expect((await listFronts(["mock", "aws"])).map((f) => f.name)).toEqual(["aws", "mock"]);
    expect(await listFronts(["no-such-front"])).toEqual([]);
    for (const front of await listFronts()) expect((await frontFor(front.provider)).name).toBe(front.name);
  });

  it("starts each front with a credential for the account, in a region of its catalog", async () => {
    for (const definition of await listFronts()) {
      const world = new World();
      const front = await definition.start(world, { account: "acct-1" });
      try {
        expect(front).toMatchObject({ provider: definition.provider, name: definition.name, account: "acct-1" });
        // HTTPS fronts (Azure) hand out the certificate to trust; the others speak plain HTTP.
        const scheme = front.caCertificate === undefined ? "http" : "https";
        expect(front.endpoint).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+$`));
        expect(await statusOf(front.endpoint, front.caCertificate)).toBeGreaterThanOrEqual(200);
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
      await expect(statusOf(front.endpoint, front.caCertificate)).rejects.toThrow();
    }
  });
});
