import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withLimit } from "./child-process.js";
import { crashRun, killPoints } from "./kill/crash-run.js";
import type { ChaosPart, PartOptions, PartResult } from "./part.js";
import type { Reporter } from "./report.js";

// The kill part: SIGKILL of a process provisioning an MCIS (create, scale-out, delete a VM, suspend)
// at points spread over every phase (before or after the Nth native call or MCIS/IID record write),
// then recovery by a fresh SDK instance on the same SQLite file. Nothing may be leaked or lost.

const part = "kill";

export async function runKill(options: PartOptions & { points?: number }, reporter: Reporter): Promise<PartResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), "chaos-kill-"));
  try {
    // A run without a kill: it must hold too, and it tells how many calls and writes a run makes.
    const probe = await crashRun(dir, undefined, "continue");
    reporter.line({ part, probe: true, calls: probe.calls, writes: probe.writes, problems: probe.problems.length });
    // Full: 12 fractions of the run, each at a call and at a write (24 points); quick: 3 (6 points).
    const points = killPoints(probe, options.points ?? (options.quick ? 3 : 12));
    const outcomes = await withLimit(points, 2, async ({ kill, policy }) => {
      const outcome = await crashRun(dir, kill, policy);
      reporter.line({
        part,
        kill: `${kill.phase} ${kill.at} ${kill.n}`,
        policy,
        killed: outcome.killed,
        leaked: outcome.leaked.length,
        lost: outcome.lost.length,
        problems: outcome.problems.length,
        ...(outcome.leaked.length + outcome.lost.length + outcome.problems.length > 0
          ? {
              details: [
                ...outcome.leaked.map((l) => `leaked ${l}`),
                ...outcome.lost.map((l) => `lost ${l}`),
                ...outcome.problems,
              ].slice(0, 20),
            }
          : {}),
      });
      return outcome;
    });
    const all = [probe, ...outcomes];
    const failed = all.filter((o) => o.leaked.length + o.lost.length + o.problems.length > 0).length;
    const killed = outcomes.filter((o) => o.killed).length;
    // A kill point may not fire when a run makes fewer calls or writes than the probe (status polls
    // follow real time); such a run still had to hold. Too few real kills is a failure of the part.
    const unfired = outcomes.length - killed;
    const required = Math.ceil(outcomes.length * 0.8);
    const result = { cases: all.length, failures: failed + (killed < required ? 1 : 0) };
    reporter.line({
      part,
      summary: true,
      points: killed,
      leaked: all.reduce((n, o) => n + o.leaked.length, 0),
      lost: all.reduce((n, o) => n + o.lost.length, 0),
      problems: all.reduce((n, o) => n + o.problems.length, 0),
      unfired,
      required,
      ...result,
      ms: Date.now() - started,
    });
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const killPart: ChaosPart = {
  name: part,
  description: "SIGKILL at 24 points of MCIS create, scale-out and delete, then reconcile: 0 leaked, 0 lost",
  run: (options, reporter) => runKill(options, reporter),
};
