import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Point } from "../point.js";
import { readText } from "./read-text.js";

/** The `cpu MHz` of each processor in /proc/cpuinfo's text (x86 lists it; most ARM kernels do not). */
export function parseCpuinfoMhz(cpuinfo: string): Map<number, number> {
  const mhz = new Map<number, number>();
  for (const block of cpuinfo.split(/\n\s*\n/)) {
    const processor = /^processor\s*:\s*(\d+)/m.exec(block);
    const speed = /^cpu MHz\s*:\s*([\d.]+)/m.exec(block);
    if (processor?.[1] && speed?.[1]) mhz.set(Number(processor[1]), Number(speed[1]));
  }
  return mhz;
}

/**
 * `cpufreq` points (tag cpu=cpuN, field cur_frequency in MHz): the kernel's scaling_cur_freq (kHz) in
 * /sys when a cpufreq driver runs, otherwise /proc/cpuinfo's `cpu MHz` (VMs usually have no cpufreq
 * driver). No point at all when neither says.
 */
export async function readCpufreq(procRoot: string, sysRoot: string, time: number): Promise<Point[]> {
  const cpuDir = join(sysRoot, "devices/system/cpu");
  let cpus: number[] = [];
  try {
    cpus = (await readdir(cpuDir))
      .map((name) => /^cpu(\d+)$/.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number);
  } catch {
    // no /sys (a container without it): /proc/cpuinfo alone
  }
  const fromSys = new Map<number, number>();
  for (const cpu of cpus) {
    const khz = (await readText(join(cpuDir, `cpu${cpu}`, "cpufreq/scaling_cur_freq")))?.trim();
    if (khz && /^\d+$/.test(khz)) fromSys.set(cpu, Number(khz) / 1000);
  }
  const fromCpuinfo =
    fromSys.size > 0 ? new Map<number, number>() : parseCpuinfoMhz((await readText(join(procRoot, "cpuinfo"))) ?? "");
  const mhz = fromSys.size > 0 ? fromSys : fromCpuinfo;
  return [...mhz.entries()]
    .sort(([a], [b]) => a - b)
    .map(([cpu, value]) => ({
      measurement: "cpufreq",
      tags: { cpu: `cpu${cpu}` },
      fields: { cur_frequency: value },
      time,
    }));
}
