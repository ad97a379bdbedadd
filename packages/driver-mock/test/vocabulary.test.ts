import { describe, expect, it } from "vitest";
import { resourceTypes } from "@cloud-barista/core";
import type { SecurityRule } from "@cloud-barista/core";
import { resourceKinds } from "@cloud-barista/emulator";
import { errorResourceTypeOf, resourceTypeOf, securityRuleOf, worldKindOf, worldRuleOf } from "../src/vocabulary.js";

// driver-mock is the one place where the SDK's portable model meets the world's vocabulary.

describe("driver-mock's translations", () => {
  it("pair every SDK resource type with one world kind, both ways", () => {
    expect(resourceTypes.map(worldKindOf)).toEqual([
      "network",
      "subnet",
      "security-group",
      "key-pair",
      "instance",
      "volume",
      "image",
      "load-balancer",
    ]);
    expect(new Set(resourceTypes.map(worldKindOf))).toEqual(new Set(resourceKinds));
    for (const type of resourceTypes) expect(resourceTypeOf(worldKindOf(type))).toBe(type);
  });

  it("name what a world error is about in the SDK's words", () => {
    expect(errorResourceTypeOf("network")).toBe("vpc");
    expect(errorResourceTypeOf("instance")).toBe("vm");
    expect(errorResourceTypeOf("image")).toBe("image");
    expect(errorResourceTypeOf("image", "myImage")).toBe("myImage");
    expect(errorResourceTypeOf("security-group-rule")).toBe("security-group-rule");
    expect(errorResourceTypeOf(undefined)).toBeUndefined();
  });

  it("turn portable rules into world rules and back", () => {
    const rules: SecurityRule[] = [
      { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
      { direction: "outbound", protocol: "UDP", fromPort: 53, toPort: 53, cidr: "10.0.0.0/8" },
      { direction: "inbound", protocol: "ICMP", cidr: "10.0.0.0/8" },
      { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" },
    ];
    expect(rules.map(worldRuleOf)).toEqual([
      { direction: "ingress", protocol: "tcp", portRange: { from: 22, to: 22 }, cidr: "0.0.0.0/0" },
      { direction: "egress", protocol: "udp", portRange: { from: 53, to: 53 }, cidr: "10.0.0.0/8" },
      { direction: "ingress", protocol: "icmp", cidr: "10.0.0.0/8" },
      { direction: "egress", protocol: "all", cidr: "0.0.0.0/0" },
    ]);
    expect(rules.map(worldRuleOf).map(securityRuleOf)).toEqual(rules);
  });
});
