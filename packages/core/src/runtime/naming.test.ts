import { describe, expect, it } from "vitest";
import type { NamingRules } from "../driver/capabilities.js";
import { checkCloudName, deriveCloudName } from "./naming.js";

const aws: NamingRules = {
  maxLength: { vm: 255, keyPair: 20 },
  defaultMaxLength: 63,
  separator: "-",
  lowerCase: false,
  reservedPrefixes: { securityGroup: ["sg-"] },
};
const tencent: NamingRules = { maxLength: {}, defaultMaxLength: 60, separator: "_", lowerCase: true };

describe("cloud-side names", () => {
  it("appends a unique suffix and keeps the user's name readable", () => {
    const a = deriveCloudName("web-01", "vm", aws);
    const b = deriveCloudName("web-01", "vm", aws);
    expect(a).toMatch(/^web-01-[0-9a-v]{8}$/);
    expect(a).not.toBe(b);
  });

  it("fits each resource type's length limit", () => {
    const name = deriveCloudName("a-very-long-key-pair-name", "keyPair", aws);
    expect(name.length).toBeLessThanOrEqual(20);
    expect(name).toMatch(/^a-very-long-[0-9a-v]{8}$/);
  });

  it("follows the cloud's separator and case", () => {
    expect(deriveCloudName("My-Web_Server", "vm", tencent)).toMatch(/^my_web_server_[0-9a-v]{8}$/);
  });

  it("steers derived names clear of reserved prefixes, and refuses them when names pass through", () => {
    expect(deriveCloudName("sg-web", "securityGroup", aws)).toMatch(/^cb-sg-web-[0-9a-v]{8}$/);
    expect(deriveCloudName("SG-web", "securityGroup", aws)).toMatch(/^cb-SG-web-/);
    expect(deriveCloudName("sg-web", "vm", aws)).toMatch(/^sg-web-[0-9a-v]{8}$/);
    expect(() => checkCloudName("name", "sg-web", "securityGroup", aws)).toThrow(
      expect.objectContaining({ code: "InvalidArgument", rule: "cloud-name-prefix" }),
    );
  });

  it("checks names passed through unchanged against the cloud's rules", () => {
    expect(checkCloudName("name", "web_01", "vm", tencent)).toBe("web_01");
    expect(() => checkCloudName("name", "Web_01", "vm", tencent)).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "name", rule: "cloud-name-case" }),
    );
    expect(() => checkCloudName("name", "web-01", "vm", tencent)).toThrow(
      expect.objectContaining({ rule: "cloud-name-characters" }),
    );
    expect(() => checkCloudName("name", "k".repeat(21), "keyPair", aws)).toThrow(
      expect.objectContaining({ rule: "cloud-name-length" }),
    );
  });
});
