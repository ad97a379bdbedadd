import { describe, expect, it } from "vitest";
import {
  requireCidr,
  requireFields,
  requireName,
  requireOptions,
  requireSecurityRules,
  requireSubnetLayout,
  requireTagRules,
  requireTags,
} from "./validate.js";

const rule = (field: string, ruleName: string) =>
  expect.objectContaining({ code: "InvalidArgument", field, rule: ruleName });

describe("request validation", () => {
  it("accepts good names and rejects bad ones with the rule broken", () => {
    expect(requireName("name", "web-01_a")).toBe("web-01_a");
    expect(() => requireName("name", "")).toThrow(rule("name", "required"));
    expect(() => requireName("name", "1web")).toThrow(rule("name", "name-characters"));
    expect(() => requireName("name", "web 1")).toThrow(rule("name", "name-characters"));
    expect(() => requireName("name", "w".repeat(64))).toThrow(rule("name", "name-length"));
  });

  it("accepts network CIDRs only", () => {
    expect(requireCidr("c", "10.0.0.0/16")).toEqual({ base: 10 * 2 ** 24, prefixLength: 16 });
    for (const bad of [
      "10.0.0.1/16",
      "10.0.0.0/33",
      "256.0.0.0/8",
      "10.0.0.0",
      "x",
      "010.009.000.000/16",
      "10.0.0.0/08",
    ]) {
      expect(() => requireCidr("c", bad)).toThrow(rule("c", "cidr"));
    }
    expect(() => requireCidr("c", 10)).toThrow(rule("c", "type"));
    expect(() => requireCidr("c", undefined)).toThrow(rule("c", "required"));
  });

  it("keeps subnets inside the VPC and apart from each other", () => {
    const vpc = { field: "ipv4Cidr", cidr: requireCidr("v", "10.0.0.0/16") };
    const s = (field: string, cidr: string) => ({ field, cidr: requireCidr(field, cidr) });
    expect(() => requireSubnetLayout([s("a", "10.0.1.0/24"), s("b", "10.0.2.0/24")], vpc)).not.toThrow();
    expect(() => requireSubnetLayout([s("a", "10.1.1.0/24")], vpc)).toThrow(rule("a", "cidr-within-vpc"));
    expect(() => requireSubnetLayout([s("a", "10.0.0.0/20"), s("b", "10.0.1.0/24")], vpc)).toThrow(
      rule("b", "cidr-overlap"),
    );
  });

  it("checks security rules per protocol", () => {
    const ok = requireSecurityRules("rules", [
      { direction: "inbound", protocol: "TCP", fromPort: 1, toPort: 65535, cidr: "0.0.0.0/0" },
      { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" },
    ]);
    expect(ok[1]).toEqual({ direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" });
    expect(() =>
      requireSecurityRules("rules", [{ direction: "in", protocol: "TCP", fromPort: 1, toPort: 2, cidr: "0.0.0.0/0" }]),
    ).toThrow(rule("rules[0].direction", "enum"));
    expect(() =>
      requireSecurityRules("rules", [{ direction: "inbound", protocol: "ICMP", fromPort: 1, cidr: "0.0.0.0/0" }]),
    ).toThrow(rule("rules[0].fromPort", "no-ports"));
    expect(() =>
      requireSecurityRules("rules", [
        { direction: "inbound", protocol: "UDP", fromPort: 9, toPort: 8, cidr: "0.0.0.0/0" },
      ]),
    ).toThrow(rule("rules[0].toPort", "port-range"));
    expect(() =>
      requireSecurityRules("rules", [
        { direction: "inbound", protocol: "TCP", fromPort: 1.5, toPort: 8, cidr: "0.0.0.0/0" },
      ]),
    ).toThrow(rule("rules[0].fromPort", "port"));
  });

  it("refuses fields a request does not have, and options of the wrong kind", () => {
    expect(() => requireFields("request", { name: "a", nmae: "b" }, ["name"], "")).toThrow(
      rule("nmae", "unknown-field"),
    );
    expect(() => requireFields("subnet", { name: "a", x: 1 }, ["name"])).toThrow(rule("subnet.x", "unknown-field"));
    expect(() => requireFields("request", null, ["name"], "")).toThrow(rule("request", "required"));
    expect(() => requireFields("request", [], ["name"], "")).toThrow(rule("request", "type"));
    expect(requireOptions<{ abortSignal?: AbortSignal }>(undefined, ["abortSignal"])).toEqual({});
    expect(() => requireOptions({ abortSignal: "now" } as never, ["abortSignal"])).toThrow(
      rule("options.abortSignal", "type"),
    );
    expect(() => requireOptions({ wait: "no" } as never, ["wait"])).toThrow(rule("options.wait", "type"));
    expect(() => requireOptions({ wiat: false } as never, ["wait"])).toThrow(rule("options.wiat", "unknown-field"));
  });

  it("copies tags into a record where __proto__, constructor and toString are ordinary keys", () => {
    const tags = requireTags("tags", JSON.parse('{"__proto__":"p","constructor":"c"}'));
    expect(Object.keys(tags ?? {})).toEqual(["__proto__", "constructor"]);
    const at = (key: string): string | undefined => tags?.[key];
    expect(at("__proto__")).toBe("p");
    expect(at("toString")).toBeUndefined();
    for (const bad of [null, "abc", ["a"], new Map([["a", "b"]]), 5]) {
      expect(() => requireTags("tags", bad)).toThrow(
        expect.objectContaining({ code: "InvalidArgument", field: "tags" }),
      );
    }
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    expect(() => requireTags("tags", many)).toThrow(rule("tags", "max-items"));
    expect(() => requireTags("tags", { "": "v" })).toThrow(rule("tags.", "tag-key"));
    expect(() => requireTags("tags", { a: 5 })).toThrow(rule("tags.a", "tag-value"));
  });

  it("holds a tag to the cloud's own rules: reserved keys, characters and whole-key patterns", () => {
    const labels = {
      reservedKeys: ["cb-source"],
      keyPattern: { source: "^[a-z][a-z0-9_-]{0,62}$", rule: "lower-case letters first" },
      valuePattern: { source: "^[a-z0-9_-]{0,63}$", rule: "lower-case letters, digits, _ or -" },
    };
    expect(() => requireTagRules("t", "team", "web_1", labels)).not.toThrow();
    expect(() => requireTagRules("t", "constructor", "", labels)).not.toThrow();
    expect(() => requireTagRules("t", "cb-source", "x", labels)).toThrow(rule("t", "reserved-tag"));
    for (const key of ["__proto__", "toString", "Team", "9lives", "a".repeat(64)])
      expect(() => requireTagRules("t", key, "x", labels)).toThrow(rule("t", "tag-key"));
    expect(() => requireTagRules("t", "team", "Web", labels)).toThrow(rule("t", "tag-value"));
    expect(() => requireTagRules("t", "team", undefined, labels)).not.toThrow();
    expect(() => requireTagRules("t", "Team", undefined, labels)).toThrow(/keys must be lower-case letters first/);
  });
});
