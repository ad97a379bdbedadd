import type { Point } from "../point.js";
import { columns, counterValue } from "./read-text.js";

/** The pswpin and pswpout page counters of /proc/vmstat's text. */
export function parseVmstatSwap(text: string): { pagesIn: bigint; pagesOut: bigint } | undefined {
  let pagesIn: bigint | undefined;
  let pagesOut: bigint | undefined;
  for (const line of text.split("\n")) {
    const [key, value] = columns(line);
    if (key === "pswpin") pagesIn = counterValue(value);
    if (key === "pswpout") pagesOut = counterValue(value);
  }
  return pagesIn !== undefined && pagesOut !== undefined ? { pagesIn, pagesOut } : undefined;
}

/**
 * Telegraf's `swap` point from /proc/meminfo (parsed) and /proc/vmstat's page counters (bytes at
 * `pageSize`, 4 KiB as Telegraf assumes). in and out are 0 when vmstat lacks the counters.
 */
export function swapPoint(
  meminfo: Map<string, bigint>,
  vmstat: { pagesIn: bigint; pagesOut: bigint } | undefined,
  time: number,
  pageSize = 4096n,
): Point | undefined {
  const total = meminfo.get("SwapTotal");
  const free = meminfo.get("SwapFree");
  if (total === undefined || free === undefined) return undefined;
  const used = total > free ? total - free : 0n;
  return {
    measurement: "swap",
    tags: {},
    fields: {
      total,
      used,
      free,
      used_percent: total > 0n ? (100 * Number(used)) / Number(total) : 0,
      in: (vmstat?.pagesIn ?? 0n) * pageSize,
      out: (vmstat?.pagesOut ?? 0n) * pageSize,
    },
    time,
  };
}
