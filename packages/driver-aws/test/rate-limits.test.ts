import { defaultCatalogs } from "@cloud-barista/emulator";
import type { RateLimitRule } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { ec2Api } from "../src/apis.js";
import { awsRateLimits } from "../src/rate-limits.js";

const awsRules: readonly RateLimitRule[] = defaultCatalogs.find((c) => c.provider === "AWS")?.rateLimits ?? [];
const rule = (name: string): RateLimitRule | undefined => awsRules.find((r) => r.name === name);

describe("driver-aws's declared EC2 buckets", () => {
  it("give every EC2 API its own request bucket, reads and mutations as the world's documented rules", () => {
    const reads = rule("non-mutating");
    const mutating = rule("mutating");
    for (const [api, [, safety]] of Object.entries(ec2Api)) {
      const declared = awsRateLimits.filter((l) => l.apis.includes(api) && !l.bucket.endsWith(":resources"));
      expect(declared).toHaveLength(1);
      const expected = safety === "read" ? reads : mutating;
      expect({ api, capacity: declared[0]?.capacity, refill: declared[0]?.refillPerSecond }).toEqual({
        api,
        capacity: expected?.capacity,
        refill: expected?.refillPerSecond,
      });
    }
  });

  it("add the instance actions' resource buckets", () => {
    for (const [api, name] of [
      ["RunInstances", "run-instances-resources"],
      ["StartInstances", "start-instances-resources"],
      ["StopInstances", "stop-instances-resources"],
      ["TerminateInstances", "terminate-instances-resources"],
    ] as const) {
      const declared = awsRateLimits.find((l) => l.bucket === `ec2:${api}:resources`);
      expect(declared?.apis).toEqual([api]);
      expect([declared?.capacity, declared?.refillPerSecond]).toEqual([
        rule(name)?.capacity,
        rule(name)?.refillPerSecond,
      ]);
    }
  });
});
