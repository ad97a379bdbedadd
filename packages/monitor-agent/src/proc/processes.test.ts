import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { countProcessStat, emptyCounts, readProcesses } from "./processes.js";

const proc = fileURLToPath(new URL("../../test/fixtures/host-a/proc/", import.meta.url));

describe("processes", () => {
  it("counts states and threads of every /proc/<pid>/stat, names with spaces and parentheses too", async () => {
    expect((await readProcesses(proc, 3))?.fields).toEqual({
      total: 3n,
      running: 1n,
      sleeping: 1n,
      blocked: 0n,
      zombies: 1n,
      stopped: 0n,
      total_threads: 6n,
    });
  });

  it("puts D in blocked, T and t in stopped, and I (idle kernel threads) in the total only", () => {
    const counts = emptyCounts();
    for (const state of ["D", "T", "t", "I"])
      countProcessStat(counts, `9 (k) ${state} 2 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0`);
    countProcessStat(counts, "10 (gone)"); // truncated: not counted
    expect(counts).toEqual({ total: 4, running: 0, sleeping: 0, blocked: 1, zombies: 0, stopped: 2, totalThreads: 4 });
  });

  it("is undefined when the /proc directory cannot be listed", async () => {
    expect(await readProcesses("/no/such/proc", 1)).toBeUndefined();
  });
});
