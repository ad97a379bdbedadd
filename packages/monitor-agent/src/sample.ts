import { join } from "node:path";
import type { Point } from "./point.js";
import { withTags } from "./point.js";
import { countCpus, cpuPoint, parseCpuTimes } from "./proc/cpu.js";
import type { CpuTimes } from "./proc/cpu.js";
import { readCpufreq } from "./proc/cpufreq.js";
import { parseMounts, parseNodevFileSystems, readDisk } from "./proc/disk.js";
import { parseDiskstats } from "./proc/diskio.js";
import { memPoint, parseMeminfo } from "./proc/mem.js";
import { parseNetDev } from "./proc/net.js";
import { readProcesses } from "./proc/processes.js";
import { readText } from "./proc/read-text.js";
import { parseVmstatSwap, swapPoint } from "./proc/swap.js";
import { systemPoint } from "./proc/system.js";

/** Where {@link readHostSample} reads from and what it adds to the points. */
export interface ReadHostSampleOptions {
  /** Where /proc is (default "/proc"); a fixture tree in tests. */
  readonly procRoot?: string;
  /** Where /sys is (default "/sys"). */
  readonly sysRoot?: string;
  /** Prefix of the mount paths for file system sizes (default "": the agent's own view). */
  readonly hostRoot?: string;
  /** The previous sample: the cpu point needs two readings (none on the first sample). */
  readonly previous?: HostSample;
  /** Tags added to every point (the identity tags). */
  readonly tags?: Readonly<Record<string, string>>;
  /** The sample's time in ms since the epoch (default now). */
  readonly time?: number;
}

/** One reading of the host: every measurement that could be read, at one time. */
export interface HostSample {
  /** When it was read, in ms since the epoch (every point's time). */
  readonly time: number;
  /** The points of the metric catalog's measurements, tagged. */
  readonly points: Point[];
  /** The CPU counters of this reading, the baseline of the next one's cpu usage. */
  readonly cpuTimes?: CpuTimes;
  /** What could not be read this time ("measurement: reason"); the other measurements are there. */
  readonly problems: string[];
}

/**
 * Reads every measurement of the metric model from /proc and /sys once. A source that is missing or
 * unreadable leaves its measurement out (listed in `problems`) instead of failing the sample.
 */
export async function readHostSample(options: ReadHostSampleOptions = {}): Promise<HostSample> {
  const { procRoot = "/proc", sysRoot = "/sys", hostRoot = "", previous, tags = {} } = options;
  const time = options.time ?? Date.now();
  const points: Point[] = [];
  const problems: string[] = [];
  const attempt = async (name: string, read: () => Promise<Point | Point[] | undefined>): Promise<void> => {
    try {
      const got = await read();
      if (got === undefined) problems.push(`${name}: not available`);
      else points.push(...(Array.isArray(got) ? got : [got]));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  };

  const stat = await readText(join(procRoot, "stat")).catch(() => undefined);
  const cpuTimes = stat === undefined ? undefined : parseCpuTimes(stat);
  if (cpuTimes === undefined) problems.push("cpu: no aggregate line in stat");
  else if (previous?.cpuTimes) {
    const point = cpuPoint(previous.cpuTimes, cpuTimes, time);
    if (point) points.push(point);
    // else a counter went backwards: this reading becomes the baseline, usage resumes next time
  }
  await attempt("cpufreq", async () => {
    const got = await readCpufreq(procRoot, sysRoot, time);
    return got.length > 0 ? got : undefined;
  });
  const meminfoText = await readText(join(procRoot, "meminfo")).catch(() => undefined);
  const meminfo = parseMeminfo(meminfoText ?? "");
  await attempt("mem", () => Promise.resolve(memPoint(meminfo, time)));
  await attempt("swap", async () => {
    const vmstat = await readText(join(procRoot, "vmstat"));
    return swapPoint(meminfo, vmstat === undefined ? undefined : parseVmstatSwap(vmstat), time);
  });
  await attempt("disk", async () => {
    const mounts = (await readText(join(procRoot, "self/mounts"))) ?? (await readText(join(procRoot, "mounts")));
    if (mounts === undefined) return undefined;
    const nodev = parseNodevFileSystems((await readText(join(procRoot, "filesystems"))) ?? "");
    return readDisk(parseMounts(mounts, nodev), time, hostRoot);
  });
  await attempt("diskio", async () => {
    const text = await readText(join(procRoot, "diskstats"));
    return text === undefined ? undefined : parseDiskstats(text, time);
  });
  await attempt("net", async () => {
    const text = await readText(join(procRoot, "net/dev"));
    return text === undefined ? undefined : parseNetDev(text, time);
  });
  await attempt("system", async () => {
    const loadavg = await readText(join(procRoot, "loadavg"));
    if (loadavg === undefined) return undefined;
    return systemPoint(loadavg, await readText(join(procRoot, "uptime")), stat ? countCpus(stat) : 0, time);
  });
  await attempt("processes", () => readProcesses(procRoot, time));

  return { time, points: withTags(points, tags), ...(cpuTimes ? { cpuTimes } : {}), problems };
}
