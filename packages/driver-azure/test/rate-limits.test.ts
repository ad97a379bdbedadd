import { defaultCatalogs, RateLimiter } from "@cloud-barista/emulator";
import type { RateLimitRule } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { azureApis } from "../src/apis.js";
import { azureRateLimits } from "../src/rate-limits.js";

const azureRules: readonly RateLimitRule[] = defaultCatalogs.find((c) => c.provider === "AZURE")?.rateLimits ?? [];
const target = (api: string) => ({ provider: "AZURE", account: "sub", region: "eastus", api });
const limiter = (): RateLimiter => new RateLimiter(new Map([["AZURE", azureRules]]));

describe("driver-azure's declared Resource Manager buckets", () => {
  it("are ARM's three documented buckets: reads 250 at 25/s, deletes and writes 200 at 10/s", () => {
    expect(azureRateLimits.map((l) => [l.bucket, l.capacity, l.refillPerSecond])).toEqual([
      ["arm:reads", 250, 25],
      ["arm:deletes", 200, 10],
      ["arm:writes", 200, 10],
    ]);
  });

  it("put every Resource Manager operation in one bucket, by HTTP method", () => {
    const declared = azureRateLimits.flatMap((l) => l.apis);
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(azureApis).filter((api) => !declared.includes(api))).toEqual(["RetailPrices_List"]);
    const bucketOf = (api: string) => azureRateLimits.find((l) => l.apis.includes(api))?.bucket;
    expect(bucketOf("VirtualMachines_InstanceView")).toBe("arm:reads");
    expect(bucketOf("ManagedClusters_ListClusterUserCredentials")).toBe("arm:writes");
    expect(bucketOf("VirtualMachines_Start")).toBe("arm:writes");
    expect(bucketOf("Disks_Delete")).toBe("arm:deletes");
  });

  it("match the emulator's rules: each call spends the world's bucket of its declared one", () => {
    for (const limit of azureRateLimits) {
      for (const api of limit.apis) {
        const world = limiter();
        expect({ api, left: world.remaining(target(api), 0) }).toEqual({ api, left: limit.capacity });
        world.take(target(api), 0);
        // A call spends a token every API of its declared bucket sees, and none of the others'.
        for (const other of azureRateLimits) {
          const expected = other === limit ? limit.capacity - 1 : other.capacity;
          for (const peer of other.apis)
            expect({ peer, left: world.remaining(target(peer), 0) }).toEqual({ peer, left: expected });
        }
        // The token is back after one refill interval.
        expect(world.remaining(target(api), 1000 / limit.refillPerSecond)).toBe(limit.capacity);
      }
    }
  });
});
