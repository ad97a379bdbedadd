import { describe, expect, it } from "vitest";
import { UsageError } from "../exit-codes.js";
import { durationMs } from "./monitor.js";

describe("monitor durations", () => {
  it("reads a count and s, m, h or d", () => {
    expect(durationMs("--since", "30s")).toBe(30_000);
    expect(durationMs("--since", "5m")).toBe(300_000);
    expect(durationMs("--since", "2h")).toBe(7_200_000);
    expect(durationMs("--since", "7d")).toBe(604_800_000);
    for (const bad of ["5", "m", "0m", "5w", "-5m", "1.5h"])
      expect(() => durationMs("--since", bad)).toThrow(UsageError);
  });
});
