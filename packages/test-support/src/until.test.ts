import { describe, expect, it } from "vitest";
import { until } from "./until.js";

describe("until", () => {
  it("returns once the condition holds, asking again between tries", async () => {
    let asked = 0;
    await until(() => ++asked === 3, { intervalMs: 1 });
    expect(asked).toBe(3);
  });

  it("throws naming the timeout when the condition never holds", async () => {
    await expect(until(async () => false, { timeoutMs: 20, intervalMs: 5 })).rejects.toThrow(
      "condition not met within 20 ms",
    );
  });
});
