/**
 * The metric model: Telegraf's input names (CB-Dragonfly's agent was a Telegraf build, so users
 * know them). Counters only grow (rates are computed at query time); gauges are read as they are.
 */
export type FieldKind = "gauge" | "counter";

/** One field of a measurement: counter or gauge, and its unit. */
export interface FieldSpec {
  readonly kind: FieldKind;
  /** The unit, for docs and the `# HELP` line of the exposition. */
  readonly unit: string;
}

/** The measurements of the model (Telegraf's input names). */
export type MeasurementName = "cpu" | "cpufreq" | "mem" | "swap" | "disk" | "diskio" | "net" | "system" | "processes";

/** One measurement of the model: the tags of its series and its fields by name. */
export interface MeasurementSpec {
  /** The tags that tell the measurement's series apart on one host (besides the identity tags). */
  readonly tags: readonly string[];
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

const percent = (): FieldSpec => ({ kind: "gauge", unit: "percent" });
const bytes = (): FieldSpec => ({ kind: "gauge", unit: "bytes" });
const count = (): FieldSpec => ({ kind: "gauge", unit: "count" });
const counter = (unit: string): FieldSpec => ({ kind: "counter", unit });

/** Every measurement of the model, its series tags and its fields (the agent sends these). */
export const measurements: Readonly<Record<MeasurementName, MeasurementSpec>> = {
  cpu: {
    tags: ["cpu"],
    fields: {
      usage_user: percent(),
      usage_system: percent(),
      usage_idle: percent(),
      usage_iowait: percent(),
      usage_irq: percent(),
      usage_softirq: percent(),
      usage_nice: percent(),
      usage_steal: percent(),
      usage_guest: percent(),
      usage_guest_nice: percent(),
    },
  },
  // Telegraf's cpufreq input reports cur_frequency in Hz.
  cpufreq: { tags: ["cpu"], fields: { cur_frequency: { kind: "gauge", unit: "hertz" } } },
  mem: {
    tags: [],
    fields: {
      total: bytes(),
      available: bytes(),
      used: bytes(),
      free: bytes(),
      buffers: bytes(),
      cached: bytes(),
      shared: bytes(),
      used_percent: percent(),
      available_percent: percent(),
    },
  },
  swap: {
    tags: [],
    fields: {
      total: bytes(),
      used: bytes(),
      free: bytes(),
      used_percent: percent(),
      in: counter("bytes"),
      out: counter("bytes"),
    },
  },
  disk: {
    tags: ["path", "device", "fstype"],
    fields: {
      total: bytes(),
      used: bytes(),
      free: bytes(),
      used_percent: percent(),
      inodes_total: count(),
      inodes_used: count(),
      inodes_free: count(),
    },
  },
  diskio: {
    tags: ["name"],
    fields: {
      reads: counter("operations"),
      writes: counter("operations"),
      read_bytes: counter("bytes"),
      write_bytes: counter("bytes"),
      read_time: counter("milliseconds"),
      write_time: counter("milliseconds"),
      io_time: counter("milliseconds"),
      iops_in_progress: count(),
    },
  },
  net: {
    tags: ["interface"],
    fields: {
      bytes_sent: counter("bytes"),
      bytes_recv: counter("bytes"),
      packets_sent: counter("packets"),
      packets_recv: counter("packets"),
      err_in: counter("packets"),
      err_out: counter("packets"),
      drop_in: counter("packets"),
      drop_out: counter("packets"),
    },
  },
  system: {
    tags: [],
    fields: {
      load1: { kind: "gauge", unit: "load" },
      load5: { kind: "gauge", unit: "load" },
      load15: { kind: "gauge", unit: "load" },
      n_cpus: count(),
      uptime: { kind: "gauge", unit: "seconds" },
    },
  },
  processes: {
    tags: [],
    fields: {
      total: count(),
      running: count(),
      sleeping: count(),
      blocked: count(),
      zombies: count(),
      stopped: count(),
      total_threads: count(),
    },
  },
};

/** The names of {@link measurements}. */
export const measurementNames = Object.keys(measurements) as MeasurementName[];

/** True when `name` is a measurement of the model. */
export function isMeasurementName(name: string): name is MeasurementName {
  return Object.hasOwn(measurements, name);
}

/** The spec of a known measurement's field, or undefined for anything else (stored as a gauge). */
export function fieldSpec(measurement: string, field: string): FieldSpec | undefined {
  if (!isMeasurementName(measurement)) return undefined;
  const fields = measurements[measurement].fields;
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}
