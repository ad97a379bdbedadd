import { defaultCatalogs, RateLimiter } from "@cloud-barista/emulator";
import type { RateLimitRule } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { gcpApis } from "../src/apis.js";
import { gcpRateLimits } from "../src/rate-limits.js";

const gcpRules: readonly RateLimitRule[] = defaultCatalogs.find((c) => c.provider === "GCP")?.rateLimits ?? [];
const target = (api: string) => ({ provider: "GCP", account: "project", region: "us-central1", api });
const limiter = (): RateLimiter => new RateLimiter(new Map([["GCP", gcpRules]]));

describe("driver-gcp's declared Compute Engine buckets", () => {
  it("are the documented per-minute quotas: 1,500 reads and 1,500 writes a minute", () => {
    expect(gcpRateLimits.map((l) => [l.bucket, l.capacity, l.refillPerSecond * 60])).toEqual([
      ["compute:reads", 1500, 1500],
      ["compute:writes", 1500, 1500],
    ]);
  });

  it("cover Compute Engine's methods but its operation waits, and nothing of GKE", () => {
    const declared = gcpRateLimits.flatMap((l) => l.apis);
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared).toContain("compute.instances.insert");
    expect(declared).toContain("compute.instances.get");
    expect(declared.filter((api) => !api.startsWith("compute.") || api.endsWith("Operations.wait"))).toEqual([]);
    expect(Object.keys(gcpApis).filter((api) => api.startsWith("compute.") && !declared.includes(api))).toEqual([
      "compute.zoneOperations.wait",
      "compute.regionOperations.wait",
      "compute.globalOperations.wait",
    ]);
  });

  it("match the emulator's rules: each call spends the world's bucket of its declared one, the rest none", () => {
    const declared = new Set(gcpRateLimits.flatMap((l) => l.apis));
    for (const limit of gcpRateLimits) {
      for (const api of limit.apis) {
        const world = limiter();
        expect({ api, left: world.remaining(target(api), 0) }).toEqual({ api, left: limit.capacity });
        world.take(target(api), 0);
        for (const other of gcpRateLimits) {
          const expected = other === limit ? limit.capacity - 1 : other.capacity;
          for (const peer of other.apis) {
            expect({ peer, left: world.remaining(target(peer), 0) }).toEqual({ peer, left: expected });
          }
        }
        expect(world.remaining(target(api), 1000 / limit.refillPerSecond)).toBe(limit.capacity);
      }
    }
    // What the driver leaves to learning, the world does not limit either.
    for (const api of Object.keys(gcpApis).filter((a) => !declared.has(a))) {
      expect({ api, left: limiter().remaining(target(api), 0) }).toEqual({ api, left: undefined });
    }
  });
});
