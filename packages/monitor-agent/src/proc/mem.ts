import type { Point } from "../point.js";

/** /proc/meminfo's text as bytes per key (the kernel writes kB, meaning KiB). */
export function parseMeminfo(text: string): Map<string, bigint> {
  const values = new Map<string, bigint>();
  for (const line of text.split("\n")) {
    const m = /^([^:\s]+):\s+(\d+)(\s+kB)?\s*$/.exec(line);
    if (m?.[1] && m[2]) values.set(m[1], BigInt(m[2]) * (m[3] ? 1024n : 1n));
  }
  return values;
}

const percent = (part: bigint, whole: bigint): number => (whole > 0n ? (100 * Number(part)) / Number(whole) : 0);

/**
 * Telegraf's `mem` point. `cached` includes reclaimable slab and `used` is total - free - buffers -
 * cached, as Telegraf (gopsutil) computes them; kernels before 3.14 have no MemAvailable, and then
 * available is free + buffers + cached. Undefined when MemTotal or MemFree is missing.
 */
export function memPoint(meminfo: Map<string, bigint>, time: number): Point | undefined {
  const total = meminfo.get("MemTotal");
  const free = meminfo.get("MemFree");
  if (total === undefined || free === undefined) return undefined;
  const buffers = meminfo.get("Buffers") ?? 0n;
  const cached = (meminfo.get("Cached") ?? 0n) + (meminfo.get("SReclaimable") ?? 0n);
  const available = meminfo.get("MemAvailable") ?? free + buffers + cached;
  const usedRaw = total - free - buffers - cached;
  // In some containers the page cache counted here exceeds what total - free leaves: not negative.
  const used = usedRaw < 0n ? 0n : usedRaw;
  return {
    measurement: "mem",
    tags: {},
    fields: {
      total,
      available,
      used,
      free,
      buffers,
      cached,
      shared: meminfo.get("Shmem") ?? 0n,
      used_percent: percent(used, total),
      available_percent: percent(available, total),
    },
    time,
  };
}
