import { describe, expect, it } from "vitest";
import { rulePrototype, toRule } from "./security-rules.js";

describe("security group rules", () => {
  it("round-trips TCP, ICMP and ALL rules through IBM's prototype", () => {
    const ssh = { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" } as const;
    expect(rulePrototype(ssh)).toEqual({
      direction: "inbound",
      ip_version: "ipv4",
      protocol: "tcp",
      port_min: 22,
      port_max: 22,
      remote: { cidr_block: "0.0.0.0/0" },
    });
    expect(toRule({ ...rulePrototype(ssh), id: "r1" })).toEqual(ssh);
    const ping = { direction: "inbound", protocol: "ICMP", cidr: "10.0.0.0/8" } as const;
    expect(toRule(rulePrototype(ping))).toEqual(ping);
  });

  it("reads rules other tools made: no remote, an address, all/any/icmp_tcp_udp, whole port range", () => {
    expect(toRule({ direction: "outbound", protocol: "all" })).toEqual({
      direction: "outbound",
      protocol: "ALL",
      cidr: "0.0.0.0/0",
    });
    expect(toRule({ direction: "outbound", protocol: "any", ip_version: "ipv4" })?.protocol).toBe("ALL");
    expect(toRule({ direction: "outbound", protocol: "icmp_tcp_udp" })?.protocol).toBe("ALL");
    expect(toRule({ direction: "inbound", protocol: "udp", remote: { address: "1.2.3.4" } })).toEqual({
      direction: "inbound",
      protocol: "UDP",
      fromPort: 1,
      toPort: 65535,
      cidr: "1.2.3.4/32",
    });
  });

  it("skips what the portable model cannot hold: remote groups, IPv6, unknown protocols", () => {
    expect(toRule({ direction: "inbound", protocol: "tcp", remote: { id: "sg-1" } })).toBeUndefined();
    expect(toRule({ direction: "inbound", protocol: "tcp", ip_version: "ipv6" })).toBeUndefined();
    expect(toRule({ direction: "inbound", protocol: "gre" })).toBeUndefined();
  });
});
