import type { Point } from "../point.js";
import { columns } from "./read-text.js";

/**
 * Telegraf's `system` point from /proc/loadavg's and /proc/uptime's texts and the online CPU count.
 * Undefined when the load averages cannot be read.
 */
export function systemPoint(
  loadavg: string,
  uptime: string | undefined,
  nCpus: number,
  time: number,
): Point | undefined {
  const [l1, l5, l15] = columns(loadavg).map(Number);
  if (l1 === undefined || l5 === undefined || l15 === undefined || [l1, l5, l15].some(Number.isNaN)) return undefined;
  const up = uptime === undefined ? NaN : Number(columns(uptime)[0]);
  return {
    measurement: "system",
    tags: {},
    fields: {
      load1: l1,
      load5: l5,
      load15: l15,
      n_cpus: BigInt(nCpus),
      ...(Number.isFinite(up) ? { uptime: BigInt(Math.floor(up)) } : {}),
    },
    time,
  };
}
