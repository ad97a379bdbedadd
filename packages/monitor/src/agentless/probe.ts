import {
  countCpus,
  countProcessStat,
  cpuUsage,
  emptyCounts,
  memPoint,
  parseCpuTimes,
  parseDiskstats,
  parseMeminfo,
  parseMounts,
  parseNetDev,
  parseNodevFileSystems,
  parseVmstatSwap,
  processesPoint,
  swapPoint,
  systemPoint,
  withTags,
} from "@cloud-barista/monitor-agent";
import type { CpuTimes, Point } from "@cloud-barista/monitor-agent";

const mark = "@@cb-probe ";

/**
 * The one POSIX `sh` script an agentless collection runs per VM per interval: the /proc files the
 * agent reads, each behind a marker line, then `stat -f` of every mount (the agent's statfs) and
 * every process's stat line. Nothing is installed; only `cat`, `awk` and `stat` (coreutils) are needed.
 */
export const probeScript = [
  "LC_ALL=C; export LC_ALL",
  ...["stat", "meminfo", "vmstat", "self/mounts", "filesystems", "diskstats", "net/dev", "loadavg", "uptime"].map(
    (file) => `echo '${mark}${file}'; cat /proc/${file} 2>/dev/null`,
  ),
  `echo '${mark}statfs'`,
  // %n last: a mount path may hold spaces; /proc/mounts writes them as octal escapes, printf %b undoes them
  `awk '{print $2}' /proc/self/mounts | while read -r m; do stat -f -c '%S %b %f %a %c %d %n' "$(printf '%b' "$m")" 2>/dev/null; done`,
  `echo '${mark}pids'`,
  "cat /proc/[0-9]*/stat 2>/dev/null; echo",
].join("\n");

/** The probe's output cut at its markers, by file name. */
export function probeSections(output: string): Map<string, string> {
  const sections = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  const flush = (): void => {
    if (name !== undefined) sections.set(name, body.join("\n"));
  };
  for (const line of output.split("\n")) {
    if (line.startsWith(mark)) {
      flush();
      name = line.slice(mark.length);
      body = [];
    } else body.push(line);
  }
  flush();
  return sections;
}

export interface ProbeSample {
  readonly points: Point[];
  /** The baseline of the next sample's cpu usage. */
  readonly cpuTimes?: CpuTimes;
}

/**
 * The model's points from one probe output, with monitor-agent's parsers (so agentless and agent
 * collection agree field for field). The cpu point needs the previous sample's counters.
 */
export function parseProbe(
  output: string,
  options: { time: number; previous?: CpuTimes; tags?: Readonly<Record<string, string>> },
): ProbeSample {
  const { time } = options;
  const s = probeSections(output);
  const points: Point[] = [];
  const stat = s.get("stat") ?? "";
  const cpuTimes = parseCpuTimes(stat);
  if (cpuTimes && options.previous) {
    const fields = cpuUsage(options.previous, cpuTimes);
    if (fields) points.push({ measurement: "cpu", tags: { cpu: "cpu-total" }, fields, time });
  }
  const meminfo = parseMeminfo(s.get("meminfo") ?? "");
  const mem = memPoint(meminfo, time);
  if (mem) points.push(mem);
  const vmstat = s.get("vmstat");
  const swap = swapPoint(meminfo, vmstat ? parseVmstatSwap(vmstat) : undefined, time);
  if (swap) points.push(swap);
  points.push(...diskPoints(s.get("self/mounts") ?? "", s.get("filesystems") ?? "", s.get("statfs") ?? "", time));
  points.push(...parseDiskstats(s.get("diskstats") ?? "", time));
  points.push(...parseNetDev(s.get("net/dev") ?? "", time));
  const loadavg = s.get("loadavg");
  const system = loadavg ? systemPoint(loadavg, s.get("uptime"), countCpus(stat), time) : undefined;
  if (system) points.push(system);
  const pids = (s.get("pids") ?? "").split("\n").filter((l) => l.trim() !== "");
  if (pids.length > 0) {
    const counts = emptyCounts();
    for (const line of pids) countProcessStat(counts, line);
    points.push(processesPoint(counts, time));
  }
  return { points: withTags(points, options.tags ?? {}), ...(cpuTimes ? { cpuTimes } : {}) };
}

/** Telegraf's disk points (as the agent's `readDisk`) from `stat -f` lines of the mounts the agent keeps. */
function diskPoints(mountsText: string, filesystems: string, statfs: string, time: number): Point[] {
  const sizes = new Map<string, bigint[]>();
  for (const line of statfs.split("\n")) {
    const m = /^(\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (.+)$/.exec(line);
    if (m)
      sizes.set(
        m[7] ?? "",
        m.slice(1, 7).map((v) => BigInt(v)),
      );
  }
  const points: Point[] = [];
  for (const mount of parseMounts(mountsText, parseNodevFileSystems(filesystems))) {
    const [bsize, blocks, bfree, bavail, files, ffree] = sizes.get(mount.path) ?? [];
    if (bsize === undefined || blocks === undefined || bfree === undefined || bavail === undefined) continue;
    if (files === undefined || ffree === undefined || blocks === 0n) continue;
    const used = (blocks - bfree) * bsize;
    const free = bavail * bsize;
    points.push({
      measurement: "disk",
      tags: { path: mount.path, device: mount.device.slice(mount.device.lastIndexOf("/") + 1), fstype: mount.fstype },
      fields: {
        total: blocks * bsize,
        used,
        free,
        used_percent: used + free > 0n ? (100 * Number(used)) / Number(used + free) : 0,
        inodes_total: files,
        inodes_used: files > ffree ? files - ffree : 0n,
        inodes_free: ffree,
      },
      time,
    });
  }
  return points;
}
