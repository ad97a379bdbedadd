import { defaultCatalogs } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import { awsRegionTable } from "../src/region-table.js";

// DescribeRegions gives neither display names nor places: the driver's table must know every
// region the emulator's world (which maps AWS's public regions) serves.

describe("the AWS region table", () => {
  it("names and places every region the world's AWS catalog has", () => {
    const regions = defaultCatalogs.find((c) => c.provider === "AWS")?.regions ?? [];
    for (const region of regions) {
      expect(awsRegionTable[region.name]?.displayName, region.name).toBe(region.displayName);
    }
  });
});
