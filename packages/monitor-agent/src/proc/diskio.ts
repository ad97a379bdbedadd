import type { Point } from "../point.js";
import { columns, counterValue } from "./read-text.js";

/**
 * `diskio` points (tag name) from /proc/diskstats' text: the kernel's cumulative counters as they are
 * (a consumer takes rates, treating a drop as a reset or a 32-bit wrap); sectors are always 512 bytes
 * there. Devices that never did I/O (unused loop and ram devices) are skipped, and so are lines
 * shorter than the 14 columns of kernels since 2.6.
 */
export function parseDiskstats(text: string, time: number): Point[] {
  const points: Point[] = [];
  for (const line of text.split("\n")) {
    const c = columns(line);
    if (c.length < 14) continue;
    const name = c[2] as string;
    const v = c.slice(3, 14).map(counterValue);
    if (v.some((x) => x === undefined)) continue;
    const [reads, , sectorsRead, readTime, writes, , sectorsWritten, writeTime, inProgress, ioTime] = v as bigint[];
    if (reads === 0n && writes === 0n) continue;
    points.push({
      measurement: "diskio",
      tags: { name },
      fields: {
        reads: reads as bigint,
        writes: writes as bigint,
        read_bytes: (sectorsRead as bigint) * 512n,
        write_bytes: (sectorsWritten as bigint) * 512n,
        read_time: readTime as bigint,
        write_time: writeTime as bigint,
        io_time: ioTime as bigint,
        iops_in_progress: inProgress as bigint,
      },
      time,
    });
  }
  return points;
}
