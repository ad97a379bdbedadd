import type { Point } from "../point.js";
import { columns, counterValue } from "./read-text.js";

/**
 * `net` points (tag interface) from /proc/net/dev's text, loopback skipped; cumulative counters as
 * the kernel keeps them (a consumer takes rates, treating a drop as a reset or a wrap).
 */
export function parseNetDev(text: string, time: number): Point[] {
  const points: Point[] = [];
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const v = columns(line.slice(colon + 1)).map(counterValue);
    if (name === "" || name === "lo" || v.length < 16 || v.some((x) => x === undefined)) continue;
    const n = v as bigint[];
    points.push({
      measurement: "net",
      tags: { interface: name },
      fields: {
        bytes_recv: n[0] as bigint,
        packets_recv: n[1] as bigint,
        err_in: n[2] as bigint,
        drop_in: n[3] as bigint,
        bytes_sent: n[8] as bigint,
        packets_sent: n[9] as bigint,
        err_out: n[10] as bigint,
        drop_out: n[11] as bigint,
      },
      time,
    });
  }
  return points;
}
