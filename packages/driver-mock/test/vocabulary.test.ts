import { describe, expect, expectTypeOf, it } from "vitest";
import { resourceTypes } from "@cloud-barista/core";
import type {
  HealthChecker,
  HealthCheckProtocol,
  NlbProtocol,
  NlbScope,
  NlbType,
  OsPlatform,
  ResourceType,
  SecurityRule,
  ZoneStatus,
} from "@cloud-barista/core";
import { resourceKinds } from "@cloud-barista/emulator";
import type {
  HealthCheck,
  LbProtocol,
  LbScheme,
  LbScope,
  ResourceKind,
  SecurityGroupRule,
  HealthCheckProtocol as WorldHealthCheckProtocol,
  OsPlatform as WorldOsPlatform,
  ZoneStatus as WorldZoneStatus,
} from "@cloud-barista/emulator";
import {
  fromWorldErrorResourceType,
  fromWorldHealthCheck,
  fromWorldKind,
  fromWorldLbProtocol,
  fromWorldRule,
  fromWorldScheme,
  fromWorldScope,
  toWorldHealthCheck,
  toWorldKind,
  toWorldLbProtocol,
  toWorldRule,
  toWorldScheme,
  toWorldScope,
} from "../src/vocabulary.js";

// driver-mock is the one place where the SDK's portable model meets the world's vocabulary.

describe("driver-mock's translations", () => {
  it("translate between vocabularies that share no values, so nothing passes through unnoticed", () => {
    // Checked by the compiler: a portable value handed to the world as it is, or the other way
    // round, fails to compile.
    expectTypeOf<ResourceType>().not.toExtend<ResourceKind>();
    expectTypeOf<SecurityRule>().not.toExtend<SecurityGroupRule>();
    expectTypeOf<SecurityGroupRule>().not.toExtend<SecurityRule>();
    expectTypeOf<Partial<HealthChecker>>().not.toExtend<Partial<HealthCheck>>();
    expectTypeOf<HealthCheck>().not.toExtend<HealthChecker>();
    expectTypeOf<NlbProtocol>().not.toExtend<LbProtocol>();
    expectTypeOf<HealthCheckProtocol>().not.toExtend<WorldHealthCheckProtocol>();
    expectTypeOf<NlbType>().not.toExtend<LbScheme>();
    expectTypeOf<NlbScope>().not.toExtend<LbScope>();
    expectTypeOf<WorldZoneStatus>().not.toExtend<ZoneStatus>();
    expectTypeOf<WorldOsPlatform>().not.toExtend<OsPlatform>();
  });

  it("pair every SDK resource type with one world kind, both ways", () => {
    expect(resourceTypes.map(toWorldKind)).toEqual([
      "network",
      "subnet",
      "security-group",
      "key-pair",
      "instance",
      "volume",
      "image",
      "load-balancer",
    ]);
    expect(new Set(resourceTypes.map(toWorldKind))).toEqual(new Set(resourceKinds));
    for (const type of resourceTypes) expect(fromWorldKind(toWorldKind(type))).toBe(type);
  });

  it("name what a world error is about in the SDK's words", () => {
    expect(fromWorldErrorResourceType("network")).toBe("vpc");
    expect(fromWorldErrorResourceType("instance")).toBe("vm");
    expect(fromWorldErrorResourceType("image")).toBe("image");
    expect(fromWorldErrorResourceType("image", "myImage")).toBe("myImage");
    expect(fromWorldErrorResourceType("security-group-rule")).toBe("security-group-rule");
    expect(fromWorldErrorResourceType(undefined)).toBeUndefined();
  });

  it("turn portable rules into world rules and back", () => {
    const rules: SecurityRule[] = [
      { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
      { direction: "outbound", protocol: "UDP", fromPort: 53, toPort: 53, cidr: "10.0.0.0/8" },
      { direction: "inbound", protocol: "ICMP", cidr: "10.0.0.0/8" },
      { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" },
    ];
    expect(rules.map(toWorldRule)).toEqual([
      { direction: "ingress", protocol: "tcp", portRange: { from: 22, to: 22 }, cidr: "0.0.0.0/0" },
      { direction: "egress", protocol: "udp", portRange: { from: 53, to: 53 }, cidr: "10.0.0.0/8" },
      { direction: "ingress", protocol: "icmp", cidr: "10.0.0.0/8" },
      { direction: "egress", protocol: "all", cidr: "0.0.0.0/0" },
    ]);
    expect(rules.map(toWorldRule).map(fromWorldRule)).toEqual(rules);
  });

  it("turn load balancer settings into the world's and back", () => {
    expect([toWorldScheme("PUBLIC"), toWorldScheme("INTERNAL"), toWorldScheme(undefined)]).toEqual([
      "internet-facing",
      "internal",
      undefined,
    ]);
    expect([fromWorldScheme("internet-facing"), fromWorldScheme("internal")]).toEqual(["PUBLIC", "INTERNAL"]);
    expect([toWorldScope("REGION"), toWorldScope("GLOBAL")]).toEqual(["regional", "global"]);
    expect([fromWorldScope("regional"), fromWorldScope("global")]).toEqual(["REGION", "GLOBAL"]);
    expect([toWorldLbProtocol("TCP"), toWorldLbProtocol("UDP")]).toEqual(["tcp", "udp"]);
    expect([fromWorldLbProtocol("tcp"), fromWorldLbProtocol("udp")]).toEqual(["TCP", "UDP"]);
    const checker: HealthChecker = { protocol: "HTTP", port: 8080, intervalSec: 10, timeoutSec: 5, threshold: 3 };
    const check = toWorldHealthCheck(checker);
    expect(check).toEqual({
      protocol: "http",
      port: 8080,
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
    });
    expect(
      fromWorldHealthCheck({
        protocol: "http",
        port: 8080,
        intervalSeconds: 10,
        timeoutSeconds: 5,
        healthyThreshold: 3,
        unhealthyThreshold: 3,
      }),
    ).toEqual(checker);
    expect(toWorldHealthCheck({ threshold: 2 })).toMatchObject({ healthyThreshold: 2, unhealthyThreshold: 2 });
    expect(toWorldHealthCheck(undefined)).toBeUndefined();
  });
});
