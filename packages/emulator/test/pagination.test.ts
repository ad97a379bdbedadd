import { describe, expect, it } from "vitest";
import { isWorldError } from "../src/index.js";
import { mockCloud, testWorld } from "./support.js";

describe("pagination", () => {
  it("follows nextToken to the end without repeats, even when items are deleted between pages", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const ids = Array.from(
      { length: 7 },
      (_, i) => cloud.keyPairs.import({ name: `k${i}`, publicKey: ed25519Sample }).id,
    );
    const first = cloud.keyPairs.list({ maxResults: 3 });
    expect(first.items.map((k) => k.id)).toEqual(ids.slice(0, 3));
    expect(first.nextToken).toBeDefined();
    cloud.keyPairs.delete(ids[3]!);
    const second = cloud.keyPairs.list({ maxResults: 3, nextToken: first.nextToken });
    expect(second.items.map((k) => k.id)).toEqual(ids.slice(4, 7));
    // The last page says so itself: no token, rather than a token to an empty page.
    expect(second.nextToken).toBeUndefined();
  });

  it("returns everything in one page without maxResults and filters before paging", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    for (let i = 0; i < 4; i++) cloud.keyPairs.import({ name: `k${i}`, publicKey: ed25519Sample });
    expect(cloud.keyPairs.list().items).toHaveLength(4);
    const page = cloud.keyPairs.list({ maxResults: 1, where: (k) => k.name === "k2" });
    expect(page.items.map((k) => k.name)).toEqual(["k2"]);
    expect(page.nextToken).toBeUndefined();
  });

  it("pages the catalog and rejects bad tokens and page sizes", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const all = cloud.catalog.listSpecs().items.map((s) => s.name);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = cloud.catalog.listSpecs({ maxResults: 2, nextToken: token });
      seen.push(...page.items.map((s) => s.name));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(all);
    expect(() => cloud.catalog.listSpecs({ nextToken: "garbage" })).toThrow(/nextToken/);
    for (const maxResults of [0, 1001, 1.5]) {
      try {
        cloud.catalog.listSpecs({ maxResults });
        expect.unreachable();
      } catch (error) {
        expect(isWorldError(error, "InvalidParameter")).toBe(true);
      }
    }
  });
});

const ed25519Sample = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHg0gm6hH3x5n6M8nBvZ5mZ7W3p1x8c9bD2eF4gH6iJk test";
