import { describe, expect, it } from "vitest";
import { systemPoint } from "./system.js";

describe("systemPoint", () => {
  it("reads the load averages, the CPU count and whole seconds of uptime", () => {
    expect(systemPoint("0.52 0.58 0.59 2/431 12345\n", "12345.67 23456.78\n", 4, 1)).toEqual({
      measurement: "system",
      tags: {},
      fields: { load1: 0.52, load5: 0.58, load15: 0.59, n_cpus: 4n, uptime: 12345n },
      time: 1,
    });
  });

  it("leaves uptime out when it cannot be read, and the point when the load cannot", () => {
    expect(systemPoint("1 2 3 1/1 1", undefined, 1, 1)?.fields).not.toHaveProperty("uptime");
    expect(systemPoint("garbage", "1 1", 1, 1)).toBeUndefined();
    expect(systemPoint("", "1 1", 1, 1)).toBeUndefined();
  });
});
