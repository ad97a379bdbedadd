import { describe, expect, it } from "vitest";
import {
  eui64Address,
  firstFreeIpv6,
  formatIpv6,
  ipv6CidrContains,
  ipv6CidrOverlaps,
  parseIpv6,
  parseIpv6Cidr,
} from "./cidr6.js";

describe("cidr6", () => {
  it("parses compressed and full forms and prints RFC 5952 text", () => {
    expect(parseIpv6("::")).toBe(0n);
    expect(parseIpv6("::1")).toBe(1n);
    expect(formatIpv6(parseIpv6("2001:0DB8:0000:0000:0000:0000:0000:0001")!)).toBe("2001:db8::1");
    expect(formatIpv6(parseIpv6("2001:db8:0:1:0:0:0:1")!)).toBe("2001:db8:0:1::1");
    expect(formatIpv6(parseIpv6("2001:db8:0:0:1:0:0:1")!)).toBe("2001:db8::1:0:0:1");
    expect(formatIpv6(parseIpv6("2001:db8:1:2:3:4:5:6")!)).toBe("2001:db8:1:2:3:4:5:6");
    for (const bad of ["2001:db8::1::2", "2001:db8", "1:2:3:4:5:6:7:8:9", "2001:db8::g", "12345::", "10.0.0.1"])
      expect(parseIpv6(bad), bad).toBeUndefined();
  });

  it("parses networks, refusing set host bits and bad prefixes", () => {
    expect(parseIpv6Cidr("2001:db8:1::/64")).toEqual({ base: parseIpv6("2001:db8:1::"), prefixLength: 64 });
    expect(parseIpv6Cidr("2001:db8:1::5/64")).toBeUndefined();
    expect(parseIpv6Cidr("2001:db8::/129")).toBeUndefined();
    expect(parseIpv6Cidr("2001:db8::")).toBeUndefined();
  });

  it("checks containment and overlap", () => {
    const net = parseIpv6Cidr("2001:db8:1::/64")!;
    expect(ipv6CidrContains(net, parseIpv6("2001:db8:1::ffff")!)).toBe(true);
    expect(ipv6CidrContains(net, parseIpv6("2001:db8:2::1")!)).toBe(false);
    expect(ipv6CidrOverlaps(parseIpv6Cidr("2001:db8::/32")!, net)).toBe(true);
    expect(ipv6CidrOverlaps(parseIpv6Cidr("2001:db8:2::/64")!, net)).toBe(false);
  });

  it("derives modified EUI-64 addresses and hands out stateful ones after the gateway", () => {
    const net = parseIpv6Cidr("2001:db8:1::/64")!;
    expect(formatIpv6(eui64Address(net, "fa:16:3e:12:34:56"))).toBe("2001:db8:1:0:f816:3eff:fe12:3456");
    expect(firstFreeIpv6(net, new Set())).toBe("2001:db8:1::2");
    expect(firstFreeIpv6(net, new Set(["2001:db8:1::2"]))).toBe("2001:db8:1::3");
  });
});
