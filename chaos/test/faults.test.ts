import { describe, expect, it } from "vitest";
import { runFaults } from "../src/faults.js";
import { userNameOf } from "../src/faults/cloud-check.js";
import { collectingReporter } from "../src/report.js";

// The faults part's shortened run: one run at 20% (`scripts/run chaos faults` runs six, 10-30%).

describe("the faults part (quick run)", () => {
  it("leaves no duplicate, orphan or lost resource after 20% injected faults", { timeout: 60_000 }, async () => {
    const reporter = collectingReporter();
    const result = await runFaults({ quick: true }, reporter);
    expect(reporter.lines.filter((l) => "details" in l || "broke" in l)).toEqual([]);
    const summary = reporter.lines.find((l) => l.summary === true);
    expect(summary).toMatchObject({
      part: "faults",
      duplicates: 0,
      orphans: 0,
      lost: 0,
      leftovers: 0,
      untyped: 0,
      failures: 0,
    });
    // The faults really struck: some attempts failed (a user's retries may still have made it).
    expect(summary?.["faultsInjected"]).toBeGreaterThan(2);
    expect(summary?.["failedAttempts"]).toBeGreaterThan(0);
    expect(result.failures).toBe(0);
  });

  it("reads the user name back from a derived cloud name", () => {
    expect(userNameOf("web-1a2b3c4d")).toBe("web");
    expect(userNameOf("m1-a-1-abcdefgh-0123abcd")).toBe("m1-a-1-abcdefgh");
  });
});
