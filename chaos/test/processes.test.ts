import { describe, expect, it } from "vitest";
import { runProcesses } from "../src/processes.js";
import { collectingReporter } from "../src/report.js";

// The processes part's shortened run: three processes on one SQLite file, three on one etcd, 15
// operations each (`scripts/run chaos processes` runs four processes, 40 each, three seeds).

describe("the processes part (quick run)", () => {
  it(
    "leaves no duplicate, orphan or lost resource when processes contend for the same names",
    { timeout: 120_000 },
    async () => {
      const reporter = collectingReporter();
      const result = await runProcesses({ quick: true }, reporter);
      expect(reporter.lines.filter((l) => "details" in l || "broke" in l)).toEqual([]);
      const summary = reporter.lines.find((l) => l.summary === true);
      expect(summary).toMatchObject({
        part: "processes",
        runs: 2,
        duplicates: 0,
        orphans: 0,
        lost: 0,
        untyped: 0,
        broken: 0,
        failures: 0,
      });
      // The processes really contended: each run had operations refused because a sibling got there first.
      for (const line of reporter.lines.filter((l) => "store" in l)) {
        expect(line["operations"]).toBe(45);
        expect(line["succeeded"]).toBeGreaterThan(5);
        expect(Object.keys(line["errors"] as object).length).toBeGreaterThan(0);
      }
      expect(result.failures).toBe(0);
    },
  );
});
