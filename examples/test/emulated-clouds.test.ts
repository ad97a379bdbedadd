import { describe, expect, it, vi } from "vitest";
import { emulatedClouds } from "../src/emulated-clouds.js";

describe("the emulated-clouds example", () => {
  it("makes and lists a VPC on AWS and on OpenStack through their real drivers", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(await emulatedClouds()).toEqual({ aws: ["net"], openstack: ["net"] });
    } finally {
      log.mockRestore();
    }
  });
});
