import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Point } from "../point.js";
import { readText } from "./read-text.js";

/** Processes by state and threads, as counted from /proc/<pid>/stat (mutable: counted in place). */
export interface ProcessCounts {
  total: number;
  running: number;
  sleeping: number;
  blocked: number;
  zombies: number;
  stopped: number;
  totalThreads: number;
}

/** Adds one /proc/<pid>/stat text to the counts (states as `ps` letters them). */
export function countProcessStat(counts: ProcessCounts, stat: string): void {
  // The command name sits in parentheses and may itself hold spaces and ')': read after the last ')'.
  const rest = stat
    .slice(stat.lastIndexOf(")") + 1)
    .trim()
    .split(/\s+/);
  const state = rest[0];
  if (!state) return;
  counts.total += 1;
  if (state === "R") counts.running += 1;
  else if (state === "S") counts.sleeping += 1;
  else if (state === "D") counts.blocked += 1;
  else if (state === "Z") counts.zombies += 1;
  else if (state === "T" || state === "t") counts.stopped += 1;
  // I (idle kernel threads), X, W, P: in the total only
  const threads = Number(rest[17]); // num_threads, field 20 of the whole line
  if (Number.isInteger(threads)) counts.totalThreads += threads;
}

/** Counts at zero, to add to with {@link countProcessStat}. */
export function emptyCounts(): ProcessCounts {
  return { total: 0, running: 0, sleeping: 0, blocked: 0, zombies: 0, stopped: 0, totalThreads: 0 };
}

/** Telegraf's `processes` point from every /proc/<pid>/stat; a process that exits meanwhile is skipped. */
export async function readProcesses(procRoot: string, time: number): Promise<Point | undefined> {
  let entries: string[];
  try {
    entries = await readdir(procRoot);
  } catch {
    return undefined;
  }
  const counts = emptyCounts();
  for (const pid of entries.filter((e) => /^\d+$/.test(e))) {
    const stat = await readText(join(procRoot, pid, "stat"));
    if (stat !== undefined) countProcessStat(counts, stat);
  }
  return processesPoint(counts, time);
}

/** The counts as Telegraf's `processes` point (integer fields) at `time` (ms since the epoch), without tags. */
export function processesPoint(counts: ProcessCounts, time: number): Point {
  return {
    measurement: "processes",
    tags: {},
    fields: {
      total: BigInt(counts.total),
      running: BigInt(counts.running),
      sleeping: BigInt(counts.sleeping),
      blocked: BigInt(counts.blocked),
      zombies: BigInt(counts.zombies),
      stopped: BigInt(counts.stopped),
      total_threads: BigInt(counts.totalThreads),
    },
    time,
  };
}
