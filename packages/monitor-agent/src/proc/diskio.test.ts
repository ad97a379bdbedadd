import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDiskstats } from "./diskio.js";

const diskstats = fileURLToPath(new URL("../../test/fixtures/host-a/proc/diskstats", import.meta.url));

describe("parseDiskstats", () => {
  it("reads the counters of disks and partitions, skipping idle devices and short lines", async () => {
    const points = parseDiskstats(await readFile(diskstats, "utf8"), 4);
    expect(points.map((p) => p.tags.name)).toEqual(["sda", "sda1", "sdb"]);
    expect(points[0]).toEqual({
      measurement: "diskio",
      tags: { name: "sda" },
      fields: {
        reads: 1000n,
        writes: 2000n,
        read_bytes: 80000n * 512n,
        write_bytes: 160000n * 512n,
        read_time: 500n,
        write_time: 900n,
        io_time: 1200n,
        iops_in_progress: 1n,
      },
      time: 4,
    });
  });

  it("keeps a counter at the top of 64 bits exact (it wraps to 0 next; consumers take rates)", async () => {
    const sdb = parseDiskstats(await readFile(diskstats, "utf8"), 4).find((p) => p.tags.name === "sdb");
    expect(sdb?.fields.reads).toBe(18446744073709551615n);
  });

  it("skips a line with a non-numeric counter", () => {
    expect(parseDiskstats("8 0 sda 1 0 2 3 x 0 4 5 0 6 7\n", 0)).toEqual([]);
  });
});
