// The metric model: Telegraf's input names (CB-Dragonfly's agent was a Telegraf build), so users and
// the collector read the same measurement and field names. The exposition encoder takes the kind
// (counter or gauge) and unit from here, and the collector maps families back with it.

/** A counter only grows (until a reboot or a wrap); a gauge goes up and down. */
export type MetricKind = "counter" | "gauge";

/** One field of a measurement: counter or gauge, its unit and a help text (the exposition's `# HELP`). */
export interface FieldSpec {
  readonly kind: MetricKind;
  /** percent, bytes, MHz, ms, s, count, or a plain number. */
  readonly unit: string;
  readonly help: string;
}

/** One measurement of the metric catalog: its own tags and its fields. */
export interface MeasurementSpec {
  /** The tags a point of this measurement carries besides the identity tags. */
  readonly tags: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const gauge = (unit: string, help: string): FieldSpec => ({ kind: "gauge", unit, help });
const counter = (unit: string, help: string): FieldSpec => ({ kind: "counter", unit, help });
const cpuShare = (what: string): FieldSpec => gauge("percent", `Share of CPU time spent ${what} over the interval`);

/** Every measurement the agent reads, its tags and fields. */
export const metricCatalog: Readonly<Record<string, MeasurementSpec>> = {
  cpu: {
    tags: ["cpu"],
    fields: {
      usage_user: cpuShare("in user mode (guest time excluded)"),
      usage_system: cpuShare("in kernel mode"),
      usage_idle: cpuShare("idle"),
      usage_iowait: cpuShare("idle waiting for I/O"),
      usage_irq: cpuShare("serving hardware interrupts"),
      usage_softirq: cpuShare("serving software interrupts"),
      usage_nice: cpuShare("in niced user mode (guest time excluded)"),
      usage_steal: cpuShare("stolen by the hypervisor"),
      usage_guest: cpuShare("running guests"),
      usage_guest_nice: cpuShare("running niced guests"),
    },
  },
  cpufreq: {
    tags: ["cpu"],
    fields: { cur_frequency: gauge("MHz", "Current CPU frequency") },
  },
  mem: {
    tags: [],
    fields: {
      total: gauge("bytes", "Physical memory"),
      available: gauge("bytes", "Memory available to new programs without swapping"),
      used: gauge("bytes", "Memory used: total - free - buffers - cached"),
      free: gauge("bytes", "Memory unused"),
      buffers: gauge("bytes", "Memory in block device buffers"),
      cached: gauge("bytes", "Memory in the page cache and reclaimable slab"),
      shared: gauge("bytes", "Memory in shmem and tmpfs"),
      used_percent: gauge("percent", "used / total"),
      available_percent: gauge("percent", "available / total"),
    },
  },
  swap: {
    tags: [],
    fields: {
      total: gauge("bytes", "Swap space"),
      used: gauge("bytes", "Swap space used"),
      free: gauge("bytes", "Swap space free"),
      used_percent: gauge("percent", "used / total (0 without swap)"),
      in: counter("bytes", "Bytes swapped in since boot"),
      out: counter("bytes", "Bytes swapped out since boot"),
    },
  },
  disk: {
    tags: ["path", "device", "fstype"],
    fields: {
      total: gauge("bytes", "File system size"),
      used: gauge("bytes", "File system space used"),
      free: gauge("bytes", "File system space available to unprivileged users"),
      used_percent: gauge("percent", "used / (used + free)"),
      inodes_total: gauge("count", "Inodes"),
      inodes_used: gauge("count", "Inodes used"),
      inodes_free: gauge("count", "Inodes free"),
    },
  },
  diskio: {
    tags: ["name"],
    fields: {
      reads: counter("count", "Reads completed since boot"),
      writes: counter("count", "Writes completed since boot"),
      read_bytes: counter("bytes", "Bytes read since boot"),
      write_bytes: counter("bytes", "Bytes written since boot"),
      read_time: counter("ms", "Time spent reading since boot"),
      write_time: counter("ms", "Time spent writing since boot"),
      io_time: counter("ms", "Time the device had I/O in flight since boot"),
      iops_in_progress: gauge("count", "I/O requests in flight"),
    },
  },
  net: {
    tags: ["interface"],
    fields: {
      bytes_sent: counter("bytes", "Bytes sent since boot"),
      bytes_recv: counter("bytes", "Bytes received since boot"),
      packets_sent: counter("count", "Packets sent since boot"),
      packets_recv: counter("count", "Packets received since boot"),
      err_in: counter("count", "Receive errors since boot"),
      err_out: counter("count", "Transmit errors since boot"),
      drop_in: counter("count", "Received packets dropped since boot"),
      drop_out: counter("count", "Transmitted packets dropped since boot"),
    },
  },
  system: {
    tags: [],
    fields: {
      load1: gauge("number", "Load average over 1 minute"),
      load5: gauge("number", "Load average over 5 minutes"),
      load15: gauge("number", "Load average over 15 minutes"),
      n_cpus: gauge("count", "Online logical CPUs"),
      uptime: gauge("s", "Time since boot"),
    },
  },
  processes: {
    tags: [],
    fields: {
      total: gauge("count", "Processes"),
      running: gauge("count", "Processes running or runnable (R)"),
      sleeping: gauge("count", "Processes in interruptible sleep (S)"),
      blocked: gauge("count", "Processes in uninterruptible sleep, usually I/O (D)"),
      zombies: gauge("count", "Zombie processes (Z)"),
      stopped: gauge("count", "Stopped or traced processes (T, t)"),
      total_threads: gauge("count", "Threads of all processes"),
    },
  },
};

/** The identity tags the agent puts on every point (absent ones omitted), plus `host`. */
export const identityTags = ["ns", "mcis", "subgroup", "vm", "provider", "region", "host"] as const;
