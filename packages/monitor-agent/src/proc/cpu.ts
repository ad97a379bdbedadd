import type { Point } from "../point.js";
import { columns, counterValue } from "./read-text.js";

/** The aggregate `cpu` line of /proc/stat, in clock ticks since boot. */
export interface CpuTimes {
  readonly user: bigint;
  readonly nice: bigint;
  readonly system: bigint;
  readonly idle: bigint;
  readonly iowait: bigint;
  readonly irq: bigint;
  readonly softirq: bigint;
  readonly steal: bigint;
  readonly guest: bigint;
  readonly guestNice: bigint;
}

const order = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guestNice"] as const;

/** The aggregate CPU times in /proc/stat's text; columns old kernels lack count as 0. */
export function parseCpuTimes(stat: string): CpuTimes | undefined {
  const line = stat.split("\n").find((l) => l.startsWith("cpu "));
  if (!line) return undefined;
  const values = columns(line).slice(1).map(counterValue);
  if (values.length < 4 || values.slice(0, 4).some((v) => v === undefined)) return undefined;
  const times = {} as Record<(typeof order)[number], bigint>;
  order.forEach((name, i) => (times[name] = values[i] ?? 0n));
  return times;
}

/** The online CPUs: the `cpuN` lines of /proc/stat. */
export function countCpus(stat: string): number {
  return stat.split("\n").filter((l) => /^cpu\d+\s/.test(l)).length;
}

/**
 * Telegraf's `cpu` fields over the interval between two readings. User and nice time include guest
 * time in /proc/stat, so it is taken out of them and the total, which makes the ten shares sum to
 * 100. Undefined when a counter went backwards (CPU hot-unplug, a counter reset) or no time passed:
 * the caller keeps the new reading as the next baseline.
 */
export function cpuUsage(previous: CpuTimes, current: CpuTimes): Record<string, number> | undefined {
  const d = {} as Record<(typeof order)[number], bigint>;
  for (const name of order) {
    d[name] = current[name] - previous[name];
    if (d[name] < 0n) return undefined;
  }
  const total = d.user + d.nice + d.system + d.idle + d.iowait + d.irq + d.softirq + d.steal;
  if (total <= 0n) return undefined;
  const share = (ticks: bigint): number => Math.max(0, (100 * Number(ticks)) / Number(total));
  return {
    usage_user: share(d.user - d.guest),
    usage_system: share(d.system),
    usage_idle: share(d.idle),
    usage_iowait: share(d.iowait),
    usage_irq: share(d.irq),
    usage_softirq: share(d.softirq),
    usage_nice: share(d.nice - d.guestNice),
    usage_steal: share(d.steal),
    usage_guest: share(d.guest),
    usage_guest_nice: share(d.guestNice),
  };
}

/** The `cpu` point (tag cpu=cpu-total) between two readings, if they make one. */
export function cpuPoint(previous: CpuTimes | undefined, current: CpuTimes, time: number): Point | undefined {
  const fields = previous && cpuUsage(previous, current);
  return fields ? { measurement: "cpu", tags: { cpu: "cpu-total" }, fields, time } : undefined;
}
