import type { MetricPoint } from "../model/point.js";
import type { ExpositionFamily, ExpositionParseResult } from "./parse.js";

/** File systems the model skips, as Telegraf's disk input does. */
export const pseudoFileSystems = new Set([
  "tmpfs",
  "devtmpfs",
  "overlay",
  "squashfs",
  "proc",
  "sysfs",
  "cgroup",
  "cgroup2",
  "devpts",
  "autofs",
  "nsfs",
  "ramfs",
  "rpc_pipefs",
  "tracefs",
  "debugfs",
  "securityfs",
  "fusectl",
  "configfs",
  "pstore",
  "bpf",
  "mqueue",
  "hugetlbfs",
]);

const cpuModes = ["user", "system", "idle", "iowait", "irq", "softirq", "nice", "steal"] as const;
const pageBytes = 4096;

/**
 * Maps node_exporter's `node_*` families onto the model (cpu, mem, swap, disk, diskio, net,
 * system, processes). CPU usage is a percentage over the interval, so it needs the previous
 * scrape: keep one mapper per target. Fields node_exporter does not expose are left out.
 */
export class NodeExporterMapper {
  #previousCpu: Map<string, number> | undefined;

  /**
   * The model's points of one scrape, tagged with `extraTags` and timed `nowMs` (ms since the
   * epoch); the cpu point needs the previous scrape, so the first has none.
   */
  map(parsed: ExpositionParseResult, extraTags: Record<string, string>, nowMs: number): MetricPoint[] {
    const f = parsed.families;
    const timeNs = BigInt(nowMs) * 1_000_000n;
    const points: MetricPoint[] = [];
    const point = (measurement: string, tags: Record<string, string>, fields: Record<string, number>) => {
      const kept = Object.fromEntries(Object.entries(fields).filter(([, v]) => Number.isFinite(v)));
      if (Object.keys(kept).length > 0)
        points.push({ measurement, tags: { ...tags, ...extraTags }, fields: kept, timeNs });
    };
    const one = (name: string) => f.get(name)?.samples[0]?.value ?? NaN;

    // cpu: seconds per mode summed over CPUs, differenced against the previous scrape.
    const cpuSeconds = f.get("node_cpu_seconds_total");
    if (cpuSeconds) {
      const now = new Map<string, number>();
      const cpus = new Set<string>();
      for (const s of cpuSeconds.samples) {
        const mode = s.labels.mode ?? "";
        cpus.add(s.labels.cpu ?? "");
        now.set(mode, (now.get(mode) ?? 0) + s.value);
      }
      for (const s of f.get("node_cpu_guest_seconds_total")?.samples ?? []) {
        const key = s.labels.mode === "nice" ? "guest_nice" : "guest";
        now.set(key, (now.get(key) ?? 0) + s.value);
      }
      const before = this.#previousCpu;
      this.#previousCpu = now;
      if (before) {
        let total = 0;
        for (const mode of cpuModes) total += (now.get(mode) ?? 0) - (before.get(mode) ?? 0);
        if (total > 0) {
          const usage = (mode: string) => (100 * ((now.get(mode) ?? 0) - (before.get(mode) ?? 0))) / total;
          const fields: Record<string, number> = {};
          for (const mode of cpuModes) fields[`usage_${mode}`] = usage(mode);
          if (now.has("guest")) fields.usage_guest = usage("guest");
          if (now.has("guest_nice")) fields.usage_guest_nice = usage("guest_nice");
          point("cpu", { cpu: "cpu-total" }, fields);
        }
      }
      point(
        "system",
        {},
        {
          load1: one("node_load1"),
          load5: one("node_load5"),
          load15: one("node_load15"),
          n_cpus: cpus.size,
          uptime: Math.floor(one("node_time_seconds") - one("node_boot_time_seconds")),
        },
      );
    }

    // mem and swap, with gopsutil's (Telegraf's) definition of used.
    const total = one("node_memory_MemTotal_bytes");
    if (Number.isFinite(total) && total > 0) {
      const free = one("node_memory_MemFree_bytes");
      const buffers = one("node_memory_Buffers_bytes");
      const cached = one("node_memory_Cached_bytes");
      const available = one("node_memory_MemAvailable_bytes");
      const used = total - free - buffers - cached;
      point(
        "mem",
        {},
        {
          total,
          available,
          used,
          free,
          buffers,
          cached,
          shared: one("node_memory_Shmem_bytes"),
          used_percent: (100 * used) / total,
          available_percent: (100 * available) / total,
        },
      );
      const swapTotal = one("node_memory_SwapTotal_bytes");
      const swapFree = one("node_memory_SwapFree_bytes");
      point(
        "swap",
        {},
        {
          total: swapTotal,
          free: swapFree,
          used: swapTotal - swapFree,
          used_percent: swapTotal > 0 ? (100 * (swapTotal - swapFree)) / swapTotal : 0,
          in: one("node_vmstat_pswpin") * pageBytes,
          out: one("node_vmstat_pswpout") * pageBytes,
        },
      );
    }

    // disk: per mount point, pseudo file systems skipped.
    for (const [labels, v] of byLabels(f, ["mountpoint", "device", "fstype"], {
      size: "node_filesystem_size_bytes",
      avail: "node_filesystem_avail_bytes",
      bfree: "node_filesystem_free_bytes",
      files: "node_filesystem_files",
      filesFree: "node_filesystem_files_free",
    })) {
      if (pseudoFileSystems.has(labels.fstype ?? "")) continue;
      const used = (v.size ?? NaN) - (v.bfree ?? NaN);
      const free = v.avail ?? NaN;
      point(
        "disk",
        {
          path: labels.mountpoint ?? "",
          device: (labels.device ?? "").replace(/^\/dev\//, ""),
          fstype: labels.fstype ?? "",
        },
        {
          total: v.size ?? NaN,
          used,
          free,
          used_percent: used + free > 0 ? (100 * used) / (used + free) : NaN,
          inodes_total: v.files ?? NaN,
          inodes_free: v.filesFree ?? NaN,
          inodes_used: (v.files ?? NaN) - (v.filesFree ?? NaN),
        },
      );
    }

    for (const [labels, v] of byLabels(f, ["device"], {
      reads: "node_disk_reads_completed_total",
      writes: "node_disk_writes_completed_total",
      read_bytes: "node_disk_read_bytes_total",
      write_bytes: "node_disk_written_bytes_total",
      read_time: "node_disk_read_time_seconds_total",
      write_time: "node_disk_write_time_seconds_total",
      io_time: "node_disk_io_time_seconds_total",
      iops_in_progress: "node_disk_io_now",
    })) {
      const ms = (x: number | undefined) => (x ?? NaN) * 1000;
      point(
        "diskio",
        { name: labels.device ?? "" },
        {
          ...v,
          read_time: ms(v.read_time),
          write_time: ms(v.write_time),
          io_time: ms(v.io_time),
        },
      );
    }

    for (const [labels, v] of byLabels(f, ["device"], {
      bytes_recv: "node_network_receive_bytes_total",
      bytes_sent: "node_network_transmit_bytes_total",
      packets_recv: "node_network_receive_packets_total",
      packets_sent: "node_network_transmit_packets_total",
      err_in: "node_network_receive_errs_total",
      err_out: "node_network_transmit_errs_total",
      drop_in: "node_network_receive_drop_total",
      drop_out: "node_network_transmit_drop_total",
    })) {
      if (labels.device === "lo") continue;
      point("net", { interface: labels.device ?? "" }, v);
    }

    if (f.has("node_procs_running") || f.has("node_procs_blocked")) {
      point("processes", {}, { running: one("node_procs_running"), blocked: one("node_procs_blocked") });
    }
    return points;
  }
}

/** Joins several families on the given labels: label set -> { field: value }. */
function byLabels(
  families: Map<string, ExpositionFamily>,
  keys: readonly string[],
  fields: Record<string, string>,
): [Record<string, string>, Record<string, number>][] {
  const rows = new Map<string, [Record<string, string>, Record<string, number>]>();
  for (const [field, family] of Object.entries(fields)) {
    for (const s of families.get(family)?.samples ?? []) {
      const labels: Record<string, string> = {};
      for (const k of keys) labels[k] = s.labels[k] ?? "";
      const key = JSON.stringify(labels);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = [labels, {}]));
      row[1][field] = s.value;
    }
  }
  return [...rows.values()];
}
