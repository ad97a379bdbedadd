import { mkdtemp, mkdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMounts, parseNodevFileSystems, readDisk } from "./disk.js";

const fixtures = fileURLToPath(new URL("../../test/fixtures/host-a/proc/", import.meta.url));

describe("parseMounts", () => {
  it("skips pseudo file systems and nodev ones, decodes octal escapes", async () => {
    const nodev = parseNodevFileSystems(await readFile(join(fixtures, "filesystems"), "utf8"));
    expect(nodev).toEqual(new Set(["sysfs", "tmpfs", "proc", "cgroup2", "overlay"]));
    const mounts = parseMounts(await readFile(join(fixtures, "self/mounts"), "utf8"), nodev);
    expect(mounts).toEqual([
      { device: "/dev/sda1", path: "/", fstype: "ext4" },
      { device: "/dev/sdb1", path: "/data disk", fstype: "xfs" },
    ]);
  });

  it("skips nodev file systems it does not list itself, but keeps network file systems", () => {
    const text = "none /x weirdfs rw 0 0\nserver:/export /mnt/nfs nfs4 rw 0 0\n";
    expect(parseMounts(text, new Set(["weirdfs", "nfs4"])).map((m) => m.path)).toEqual(["/mnt/nfs"]);
  });

  it("reports a path mounted twice once, as the last (visible) mount", () => {
    const text = "/dev/sda1 /data ext4 rw 0 0\n/dev/sdc1 /data xfs rw 0 0\n\nshort line\n";
    expect(parseMounts(text)).toEqual([{ device: "/dev/sdc1", path: "/data", fstype: "xfs" }]);
  });
});

describe("readDisk", () => {
  let hostRoot: string;
  beforeAll(async () => {
    hostRoot = await mkdtemp(join(tmpdir(), "cb-agent-disk-"));
    await mkdir(join(hostRoot, "data disk"));
  });
  afterAll(() => rm(hostRoot, { recursive: true, force: true }));

  it("reads sizes under the host root with Telegraf's arithmetic, tags from the mount", async () => {
    const mounts = [
      { device: "/dev/sda1", path: "/", fstype: "ext4" },
      { device: "/dev/sdb1", path: "/data disk", fstype: "xfs" },
    ];
    const points = await readDisk(mounts, 9, hostRoot);
    expect(points.map((p) => p.tags)).toEqual([
      { path: "/", device: "sda1", fstype: "ext4" },
      { path: "/data disk", device: "sdb1", fstype: "xfs" },
    ]);
    for (const { fields } of points) {
      const { total, used, free, inodes_total, inodes_used, inodes_free } = fields as Record<string, bigint>;
      const usedPercent = fields.used_percent as number;
      if (
        !total ||
        used === undefined ||
        free === undefined ||
        inodes_total === undefined ||
        inodes_used === undefined ||
        inodes_free === undefined
      )
        throw new Error("a field is missing");
      expect(total).toBeGreaterThan(0n);
      expect(used + free).toBeLessThanOrEqual(total);
      expect(usedPercent).toBeCloseTo((100 * Number(used)) / Number(used + free), 9);
      expect(inodes_used + inodes_free).toBe(inodes_total);
    }
  });

  it("skips a mount it cannot read", async () => {
    const points = await readDisk([{ device: "/dev/sdz", path: "/gone", fstype: "ext4" }], 9, hostRoot);
    expect(points).toEqual([]);
  });
});
