import { describe, expect, it } from "vitest";
import { cidrContains, cidrOverlaps, firstFreeHost, parseCidr, requireCidr, usableHosts } from "./cidr.js";
import { isWorldError } from "./errors.js";

describe("cidr", () => {
  it("parses networks and rejects malformed ones and set host bits", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ base: 10 * 2 ** 24, prefixLength: 16 });
    expect(parseCidr("10.0.1.5/24")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("256.0.0.0/8")).toBeUndefined();
    expect(parseCidr("10.0.0/16")).toBeUndefined();
  });

  it("checks containment and overlap", () => {
    const vpc = parseCidr("10.0.0.0/16")!;
    expect(cidrContains(vpc, parseCidr("10.0.255.0/24")!)).toBe(true);
    expect(cidrContains(vpc, parseCidr("10.1.0.0/24")!)).toBe(false);
    expect(cidrOverlaps(parseCidr("10.0.0.0/23")!, parseCidr("10.0.1.0/24")!)).toBe(true);
    expect(cidrOverlaps(parseCidr("10.0.0.0/24")!, parseCidr("10.0.1.0/24")!)).toBe(false);
  });

  it("enforces prefix ranges with an InvalidParameter naming the field", () => {
    try {
      requireCidr("10.0.0.0/8", "cidr", [16, 28]);
      expect.unreachable();
    } catch (error) {
      expect(isWorldError(error, "InvalidParameter")).toBe(true);
      expect((error as { field?: string }).field).toBe("cidr");
    }
  });

  it("hands out hosts after the reserved head and knows when a subnet is full", () => {
    const subnet = parseCidr("10.0.1.0/28")!;
    expect(firstFreeHost(subnet, new Set())).toBe("10.0.1.4");
    expect(firstFreeHost(subnet, new Set(["10.0.1.4"]))).toBe("10.0.1.5");
    const all = new Set(Array.from({ length: 11 }, (_, i) => `10.0.1.${4 + i}`));
    expect(firstFreeHost(subnet, all)).toBeUndefined();
    expect(usableHosts(subnet)).toBe(11);
  });
});
