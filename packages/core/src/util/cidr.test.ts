import { describe, expect, it } from "vitest";
import { cidrTextsOverlap } from "./cidr.js";

describe("cidrTextsOverlap", () => {
  it("finds shared addresses between two networks written as text", () => {
    expect(cidrTextsOverlap("172.20.0.0/16", "172.20.5.0/24")).toBe(true);
    expect(cidrTextsOverlap("10.0.0.0/8", "10.255.0.0/16")).toBe(true);
    expect(cidrTextsOverlap("172.20.0.0/16", "172.21.0.0/20")).toBe(false);
    expect(cidrTextsOverlap("192.168.128.0/18", "192.168.192.0/20")).toBe(false);
  });

  it("lets an unreadable text overlap nothing", () => {
    expect(cidrTextsOverlap("", "10.0.0.0/8")).toBe(false);
    expect(cidrTextsOverlap("10.0.0.0/8", "not a cidr")).toBe(false);
  });
});
