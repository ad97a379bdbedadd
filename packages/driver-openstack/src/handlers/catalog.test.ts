import { describe, expect, it } from "vitest";
import { toSpecInfo } from "./catalog.js";

describe("Nova flavors", () => {
  it("accepts the numeric ids older deployments answer, as strings", () => {
    const spec = toSpecInfo({ id: 42, name: "m1.tiny", vcpus: 1, ram: 512, disk: 1 }, "RegionOne");
    expect(spec).toMatchObject({ name: "m1.tiny", vcpu: { count: 1 }, memorySizeMiB: 512 });
    expect(spec.extra?.["flavorId"]).toBe("42");
  });
});
