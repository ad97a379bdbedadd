import { statfs } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Point } from "../point.js";
import { columns } from "./read-text.js";

/** File systems with no disk behind them, skipped as Telegraf's default ignore_fs does (and more). */
export const pseudoFileSystems: ReadonlySet<string> = new Set([
  "tmpfs",
  "devtmpfs",
  "devfs",
  "iso9660",
  "overlay",
  "aufs",
  "squashfs",
  "ramfs",
  "proc",
  "sysfs",
  "cgroup",
  "cgroup2",
  "devpts",
  "mqueue",
  "debugfs",
  "tracefs",
  "securityfs",
  "pstore",
  "bpf",
  "configfs",
  "fusectl",
  "hugetlbfs",
  "autofs",
  "binfmt_misc",
  "rpc_pipefs",
  "nsfs",
  "efivarfs",
  "selinuxfs",
  "fuse.lxcfs",
  "fuse.gvfsd-fuse",
  "fuse.portal",
  "zram",
]);

/** One line of /proc/mounts, octal escapes in paths decoded. */
export interface Mount {
  /** The mounted device, e.g. /dev/sda1 (or the pseudo file system's name). */
  readonly device: string;
  /** Where it is mounted. */
  readonly path: string;
  /** The file system type, e.g. ext4. */
  readonly fstype: string;
}

// /proc/mounts writes space, tab, newline and backslash in paths as octal escapes.
const unescapeMount = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/** The file systems listed `nodev` in /proc/filesystems' text (no block device: pseudo). */
export function parseNodevFileSystems(text: string): Set<string> {
  return new Set(
    text
      .split("\n")
      .map(columns)
      .filter((c) => c[0] === "nodev" && c[1])
      .map((c) => c[1] as string),
  );
}

/**
 * The real file systems of /proc/self/mounts' text: pseudo file systems skipped (the list above and
 * `nodev` ones, except network file systems that report real space), and a path mounted twice reported
 * once, as its last (visible) mount.
 */
export function parseMounts(text: string, nodev: ReadonlySet<string> = new Set()): Mount[] {
  const byPath = new Map<string, Mount>();
  for (const line of text.split("\n")) {
    const [device, path, fstype] = columns(line);
    if (!device || !path || !fstype) continue;
    const networked = /^(nfs4?|cifs|smb3|ceph|glusterfs|9p|virtiofs|fuse\.sshfs)$/.test(fstype);
    if (pseudoFileSystems.has(fstype) || (nodev.has(fstype) && !networked)) continue;
    const mount = { device: unescapeMount(device), path: unescapeMount(path), fstype };
    byPath.delete(mount.path);
    byPath.set(mount.path, mount);
  }
  return [...byPath.values()];
}

/**
 * A `disk` point per mount (tags path, device, fstype), Telegraf's arithmetic: used = blocks - bfree,
 * free = bavail (what an unprivileged user can still write), used_percent = used / (used + free).
 * Statistics are read at `hostRoot` + the path, so an agent in a container can read the host's file
 * systems mounted under e.g. /hostfs. A mount that cannot be read (permission, a dead network mount
 * that errors) or reports no size is skipped.
 */
export async function readDisk(mounts: readonly Mount[], time: number, hostRoot = ""): Promise<Point[]> {
  const points: Point[] = [];
  for (const mount of mounts) {
    let s;
    try {
      s = await statfs(hostRoot ? join(hostRoot, mount.path) : mount.path, { bigint: true });
    } catch {
      continue;
    }
    if (s.blocks === 0n) continue; // a dummy file system (Telegraf skips these too)
    const total = s.blocks * s.bsize;
    const used = (s.blocks - s.bfree) * s.bsize;
    const free = s.bavail * s.bsize;
    const inodesUsed = s.files > s.ffree ? s.files - s.ffree : 0n;
    points.push({
      measurement: "disk",
      tags: { path: mount.path, device: basename(mount.device), fstype: mount.fstype },
      fields: {
        total,
        used,
        free,
        used_percent: used + free > 0n ? (100 * Number(used)) / Number(used + free) : 0,
        inodes_total: s.files,
        inodes_used: inodesUsed,
        inodes_free: s.ffree,
      },
      time,
    });
  }
  return points;
}
