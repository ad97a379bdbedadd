import { describe, expect, it } from "vitest";
import { runEtcdKills } from "../src/etcd-kills.js";
import { collectingReporter } from "../src/report.js";

// The etcd-kills part's shortened run: three writers, the leader and then a follower killed
// (`scripts/run chaos etcd-kills` kills twelve times, quorum losses included).

describe("the etcd-kills part (quick run)", () => {
  it("loses no acknowledged write when etcd members are killed mid-write", { timeout: 60_000 }, async () => {
    const reporter = collectingReporter();
    const result = await runEtcdKills({ quick: true }, reporter);
    expect(reporter.lines.filter((l) => "details" in l)).toEqual([]);
    const run = reporter.lines.find((l) => "leaderKills" in l);
    expect(run).toMatchObject({ part: "etcd-kills", kills: 2, lost: 0 });
    // The kills hit while writes went on, and the leader was among them.
    expect(run?.["leaderKills"]).toBeGreaterThanOrEqual(1);
    expect(run?.["acknowledged"]).toBeGreaterThan(100);
    expect(reporter.lines.find((l) => l.summary === true)).toMatchObject({ lost: 0, failures: 0 });
    expect(result.failures).toBe(0);
  });
});
