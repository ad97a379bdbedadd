import { defaultCatalogs, RateLimiter } from "@cloud-barista/emulator";
import type { RateLimitRule } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { tencentApis } from "../src/apis.js";
import { tencentRateLimits } from "../src/rate-limits.js";

const tencentRules: readonly RateLimitRule[] = defaultCatalogs.find((c) => c.provider === "TENCENT")?.rateLimits ?? [];
const target = (api: string) => ({ provider: "TENCENT", account: "uin", region: "ap-seoul", api });

describe("driver-tencent's declared CVM buckets", () => {
  it("give each listed CVM API its own bucket of one second's requests", () => {
    for (const limit of tencentRateLimits) {
      expect(limit.apis).toHaveLength(1);
      expect(Object.keys(tencentApis)).toContain(limit.apis[0]);
      expect(limit.capacity).toBe(limit.refillPerSecond);
    }
    const rateOf = (api: string) => tencentRateLimits.find((l) => l.apis.includes(api))?.refillPerSecond;
    expect([rateOf("RunInstances"), rateOf("DescribeInstances"), rateOf("TerminateInstances")]).toEqual([10, 40, 10]);
  });

  it("match the emulator's rules: the world's bucket of each API holds and refills as declared, and no other", () => {
    for (const limit of tencentRateLimits) {
      const api = limit.apis[0] ?? "";
      const world = new RateLimiter(new Map([["TENCENT", tencentRules]]));
      for (let i = 0; i < limit.capacity; i++) world.take(target(api), 0);
      expect({ api, left: world.remaining(target(api), 0) }).toEqual({ api, left: 0 });
      expect(() => world.take(target(api), 0)).toThrow(/exceeded/);
      // Another API's bucket is untouched.
      const other = api === "DescribeImages" ? "DescribeKeyPairs" : "DescribeImages";
      expect(world.remaining(target(other), 0)).toBeGreaterThan(0);
      expect(world.remaining(target(api), 1000 / limit.refillPerSecond)).toBe(1);
      expect(world.remaining(target(api), 1000)).toBe(limit.capacity);
    }
  });
});
