import { describe, expect, it } from "vitest";
import { killPoints } from "../src/kill/crash-run.js";
import { runKill } from "../src/kill.js";
import { collectingReporter } from "../src/report.js";

// The kill part's shortened run (6 kill points; `scripts/run chaos kill` runs 24).

describe("the kill part (quick run)", () => {
  it(
    "kills a provisioning process at spread points, and reconcile leaves nothing leaked or lost",
    { timeout: 120_000 },
    async () => {
      const reporter = collectingReporter();
      const result = await runKill({ quick: true }, reporter);
      expect(reporter.lines.filter((l) => "details" in l)).toEqual([]);
      const summary = reporter.lines.find((l) => l.summary === true);
      expect(summary).toMatchObject({ part: "kill", leaked: 0, lost: 0, problems: 0, required: 5, failures: 0 });
      // Real kills (a point can miss when a run makes fewer calls than the probe did).
      expect(summary?.["points"]).toBeGreaterThanOrEqual(5);
      expect(result).toEqual({ cases: 7, failures: 0 });
    },
  );

  it("spreads kill points over the run, at calls and writes, before and after", () => {
    const points = killPoints({ calls: 100, writes: 50 }, 12);
    expect(points).toHaveLength(24);
    expect(new Set(points.map((p) => `${p.kill.at} ${p.kill.n}`)).size).toBe(24);
    expect(points[0]?.kill).toEqual({ at: "call", n: 3, phase: "after" });
    expect(points.at(-1)?.kill).toEqual({ at: "write", n: 40, phase: "after" });
    expect(new Set(points.map((p) => p.policy))).toEqual(new Set(["continue", "rollback", "refine"]));
  });
});
