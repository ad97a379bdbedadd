import type { SecurityRule } from "@cloud-barista/core/driver";
import { describe, expect, it } from "vitest";
import { normalRule, toPolicy, toSecurityRule } from "./security-rules.js";

const rule = (r: Partial<SecurityRule>): SecurityRule => ({
  direction: "inbound",
  protocol: "TCP",
  cidr: "0.0.0.0/0",
  ...r,
});

describe("security group policies", () => {
  it("writes ports as Tencent takes them: one port, a range, ALL, none for ICMP and ALL", () => {
    expect(toPolicy(rule({ fromPort: 22, toPort: 22 })).Port).toBe("22");
    expect(toPolicy(rule({ fromPort: 80, toPort: 90 })).Port).toBe("80-90");
    expect(toPolicy(rule({})).Port).toBe("ALL");
    expect(toPolicy(rule({ fromPort: 1, toPort: 65535, protocol: "UDP" })).Port).toBe("ALL");
    expect(toPolicy(rule({ protocol: "ICMP" }))).toEqual({
      Protocol: "ICMP",
      CidrBlock: "0.0.0.0/0",
      Action: "ACCEPT",
      PolicyDescription: "",
    });
  });

  it("reads back what it writes", () => {
    const rules = [
      rule({ fromPort: 22, toPort: 22 }),
      rule({ fromPort: 80, toPort: 90, direction: "outbound", cidr: "10.0.0.0/8" }),
      rule({ protocol: "ICMP" }),
      rule({ protocol: "ALL", direction: "outbound" }),
      rule({ protocol: "UDP" }),
    ];
    for (const r of rules) expect(toSecurityRule(toPolicy(r), r.direction)).toEqual(normalRule(r));
  });

  it("leaves out what the portable model cannot hold", () => {
    expect(toSecurityRule({ Protocol: "TCP", Port: "22", CidrBlock: "0.0.0.0/0", Action: "DROP" }, "inbound")).toBe(
      undefined,
    );
    expect(toSecurityRule({ Protocol: "TCP", Port: "22", SecurityGroupId: "sg-1", Action: "ACCEPT" }, "inbound")).toBe(
      undefined,
    );
    expect(toSecurityRule({ Protocol: "GRE", CidrBlock: "0.0.0.0/0", Action: "ACCEPT" }, "inbound")).toBe(undefined);
    // Tencent's own spelling of every port, and lower case, read as any rule.
    expect(toSecurityRule({ Protocol: "tcp", Port: "all", CidrBlock: "0.0.0.0/0" }, "inbound")).toEqual(
      rule({ fromPort: 1, toPort: 65535 }),
    );
  });
});
