import type { Vm, VmState } from "./types.js";
import type { World } from "./world.js";
import { isWorldError } from "./errors.js";

/**
 * One metric point of an emulated VM, in the monitor's model (Telegraf's measurement and field
 * names). The same shape as monitor-agent's `Point`, as plain data: the emulator imports only core.
 */
export interface EmulatedMetricPoint {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, number>>;
  /** Milliseconds since the epoch. */
  readonly time: number;
}

/** What the metric model needs of a VM (a world `Vm` has all of it). */
export type VmMetricSubject = Pick<Vm, "id" | "state" | "stateSince" | "launchedAt" | "vcpus" | "memoryMiB"> & {
  readonly rootDisk: { readonly sizeGB: number };
};

/** Options of `VmMetrics` and `vmMetricPoints`. */
export interface VmMetricsOptions {
  /** Seed of every VM's personality and noise (pass the world's seed to replay a run). Default 1. */
  readonly seed?: number;
}

/** Where a VM is in the world, as `world.accountRegion` takes it, and its id. */
export interface VmLocation {
  readonly provider: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
}

/** States in which the guest runs and an agent would report (boot and shutdown included). */
const upStates: ReadonlySet<VmState> = new Set<VmState>([
  "pending",
  "starting",
  "rebooting",
  "running",
  "stopping",
  "shutting-down",
]);
const bootStates: ReadonlySet<VmState> = new Set<VmState>(["pending", "starting", "rebooting"]);

const dayMs = 86_400_000;
const bootSettleMs = 90_000;
const noiseStepMs = 2_000;
const GiB = 2 ** 30;
const MiB = 2 ** 20;
const w1 = (2 * Math.PI) / dayMs;
const w2 = (2 * Math.PI) / 420_000; // a 7-minute wave: batch jobs
const w3 = (2 * Math.PI) / 53_000; // a 53-second wave: request bursts

/** A 32-bit FNV-1a hash of a string, mixed with a number. */
function hash(text: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** A uniform draw in [0, 1) from a key and an integer (mulberry32's finaliser). */
function unit(key: number, n: number): number {
  let t = (key + Math.imul(n, 0x6d2b79f5)) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** A VM's fixed traits, drawn from the seed and its id. */
interface Personality {
  key: number;
  /** Mean CPU busy percent when running. */
  base: number;
  /** Share of the daily swing (0.2-0.5). */
  daily: number;
  phases: [number, number, number];
  memBase: number;
  diskUsed: number;
  /** Network bytes per second at the mean load. */
  netRate: number;
}

function personality(seed: number, id: string): Personality {
  const key = hash(id, seed);
  const u = (n: number): number => unit(key, n);
  return {
    key,
    base: 8 + 42 * u(1),
    daily: 0.2 + 0.3 * u(2),
    phases: [2 * Math.PI * u(3), 2 * Math.PI * u(4), 2 * Math.PI * u(5)],
    memBase: 15 + 30 * u(6),
    diskUsed: 0.12 + 0.3 * u(7),
    netRate: 20_000 + 2_000_000 * u(8) ** 2,
  };
}

/** The smooth load factor around 1 (daily pattern and two faster waves); always >= 0.15. */
function wave(p: Personality, t: number): number {
  return (
    1 +
    p.daily * Math.sin(w1 * t + p.phases[0]) +
    0.15 * Math.sin(w2 * t + p.phases[1]) +
    0.1 * Math.sin(w3 * t + p.phases[2])
  );
}

/** The integral of `wave` over [from, to] in ms: counters grow by it, so they never go down. */
function waveIntegral(p: Personality, from: number, to: number): number {
  const part = (w: number, amp: number, phase: number): number =>
    (amp / w) * (Math.cos(w * from + phase) - Math.cos(w * to + phase));
  return to - from + part(w1, p.daily, p.phases[0]) + part(w2, 0.15, p.phases[1]) + part(w3, 0.1, p.phases[2]);
}

/** The boot burst's integral over the first `s` ms after launch (a linear decay over 90 s). */
function bootIntegral(s: number): number {
  const x = Math.min(Math.max(s, 0), bootSettleMs);
  return x - (x * x) / (2 * bootSettleMs);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * The points an agent on this VM would report at `time`: cpu, mem, swap, disk (`/`), diskio,
 * net (`eth0`), system and processes, with `tags` (the identity) on each. Deterministic from the
 * seed, the VM's id and the time. A running VM follows a daily pattern (peak at a per-VM hour) with
 * faster waves and noise; a booting VM (pending, starting, rebooting, and the 90 s after launch) is
 * busy with I/O; a stopped, terminated or failed VM reports nothing. Counters (diskio, net) count
 * from the last launch, as a guest's /proc does, and only ever grow until the next one.
 */
export function vmMetricPoints(
  vm: VmMetricSubject,
  time: number,
  tags: Readonly<Record<string, string>> = {},
  options: VmMetricsOptions = {},
): EmulatedMetricPoint[] {
  if (!upStates.has(vm.state)) return [];
  const p = personality(options.seed ?? 1, vm.id);
  const sinceLaunch = Math.max(0, time - vm.launchedAt);
  const step = Math.floor(time / noiseStepMs);
  const noise = (n: number): number => unit(p.key ^ n, step) - 0.5;
  const booting = bootStates.has(vm.state);
  const settle = booting ? 1 : Math.max(0, 1 - sinceLaunch / bootSettleMs);

  const smooth = clamp(p.base * wave(p, time), 1, 97);
  const load = clamp(Math.max(smooth * (1 + 0.25 * noise(11)), 85 * settle + 8 * noise(12)), 0.5, 99);
  const iowait = clamp(0.8 + 0.02 * load + 25 * settle + noise(13), 0, 60);
  const user = load * 0.68;
  const system = load * 0.22;
  const softirq = load * 0.04;
  const irq = load * 0.01;
  const nice = clamp(0.3 + 0.3 * noise(14), 0, 1);
  const steal = clamp(0.2 + 0.4 * noise(15), 0, 2);
  const busy = user + system + softirq + irq + nice + steal + iowait;
  const scale = busy > 100 ? 100 / busy : 1;
  const cpu: Record<string, number> = {
    usage_user: round2(user * scale),
    usage_system: round2(system * scale),
    usage_idle: round2(Math.max(0, 100 - busy * scale)),
    usage_iowait: round2(iowait * scale),
    usage_irq: round2(irq * scale),
    usage_softirq: round2(softirq * scale),
    usage_nice: round2(nice * scale),
    usage_steal: round2(steal * scale),
    usage_guest: 0,
    usage_guest_nice: 0,
  };

  const total = vm.memoryMiB * MiB;
  const usedShare = clamp(p.memBase + 0.35 * load + 3 * noise(21), 5, 95) / 100;
  const used = Math.round(total * usedShare);
  const buffers = Math.round(total * 0.02);
  const cached = Math.round(Math.max(0, total - used - buffers) * (0.5 + 0.1 * noise(22)));
  const free = Math.max(0, total - used - buffers - cached);
  const available = free + buffers + cached;
  const mem = {
    total,
    available,
    used,
    free,
    buffers,
    cached,
    shared: Math.round(total * 0.005),
    used_percent: round2((100 * used) / total),
    available_percent: round2((100 * available) / total),
  };

  const diskTotal = vm.rootDisk.sizeGB * GiB;
  const grown = Math.min(0.2, sinceLaunch / (30 * dayMs)); // logs and caches fill the disk slowly
  const diskUsed = Math.round(diskTotal * Math.min(0.95, p.diskUsed + grown));
  const inodesTotal = Math.round(diskTotal / 16_384);
  const inodesUsed = Math.round(inodesTotal * (p.diskUsed * 0.5 + grown * 0.2));

  // Counters: rate x (integral of the smooth load since launch), plus a boot burst of reads.
  const area = (waveIntegral(p, vm.launchedAt, vm.launchedAt + sinceLaunch) * p.base) / 100 / 1000; // busy-seconds
  const boot = bootIntegral(sinceLaunch) / 1000;
  const readsPerBusySecond = 40;
  const writesPerBusySecond = 90;
  const reads = Math.floor(readsPerBusySecond * area + 400 * boot);
  const writes = Math.floor(writesPerBusySecond * area + 60 * boot);
  const netBytes = (p.netRate * area * 100) / p.base;

  const load1 = round2((vm.vcpus * load) / 100);
  const load15 = round2((vm.vcpus * smooth) / 100);
  const procTotal = Math.round(110 + 40 * (p.base / 50) + 4 * noise(31));
  const running = Math.max(1, Math.round((vm.vcpus * load) / 100 + noise(32)));
  const blocked = iowait > 10 ? 1 : 0;

  const points: EmulatedMetricPoint[] = [
    { measurement: "cpu", tags: { ...tags, cpu: "cpu-total" }, fields: cpu, time },
    { measurement: "mem", tags, fields: mem, time },
    {
      measurement: "swap",
      tags,
      fields: { total: 0, used: 0, free: 0, used_percent: 0, in: 0, out: 0 },
      time,
    },
    {
      measurement: "disk",
      tags: { ...tags, path: "/", device: "vda1", fstype: "ext4" },
      fields: {
        total: diskTotal,
        used: diskUsed,
        free: diskTotal - diskUsed,
        used_percent: round2((100 * diskUsed) / diskTotal),
        inodes_total: inodesTotal,
        inodes_used: inodesUsed,
        inodes_free: inodesTotal - inodesUsed,
      },
      time,
    },
    {
      measurement: "diskio",
      tags: { ...tags, name: "vda" },
      fields: {
        reads,
        writes,
        read_bytes: reads * 16_384,
        write_bytes: writes * 8_192,
        read_time: Math.floor(reads * 0.4),
        write_time: Math.floor(writes * 0.9),
        io_time: Math.floor(reads * 0.3 + writes * 0.5),
        iops_in_progress: blocked,
      },
      time,
    },
    {
      measurement: "net",
      tags: { ...tags, interface: "eth0" },
      fields: {
        bytes_recv: Math.floor(netBytes),
        bytes_sent: Math.floor(netBytes * 0.6),
        packets_recv: Math.floor(netBytes / 900),
        packets_sent: Math.floor(netBytes / 1_100),
        err_in: 0,
        err_out: 0,
        drop_in: Math.floor(netBytes / 5e8),
        drop_out: 0,
      },
      time,
    },
    {
      measurement: "system",
      tags,
      fields: {
        load1,
        load5: round2((load1 + 2 * load15) / 3),
        load15,
        n_cpus: vm.vcpus,
        uptime: Math.floor(sinceLaunch / 1000),
      },
      time,
    },
    {
      measurement: "processes",
      tags,
      fields: {
        total: procTotal,
        running,
        sleeping: procTotal - running - blocked,
        blocked,
        zombies: 0,
        stopped: 0,
        total_threads: procTotal * 3 + Math.round(load),
      },
      time,
    },
  ];
  return points;
}

/**
 * Metric streams of the world's VMs: `pointsAt` looks the VM up in its account and region (not
 * through the gate: this is what the guest itself knows, not an API call) and answers its points
 * at the world clock's time, or at `time`.
 */
export class VmMetrics {
  readonly #world: World;
  readonly #options: VmMetricsOptions;

  constructor(world: World, options: VmMetricsOptions = {}) {
    this.#world = world;
    this.#options = options;
  }

  /** The VM's points, or none when it does not exist (any more) or is not up. */
  pointsAt(
    where: VmLocation,
    tags: Readonly<Record<string, string>> = {},
    time = this.#world.clock.now(),
  ): EmulatedMetricPoint[] {
    const cloud = this.#world.accountRegion(where); // an unknown provider or region is the caller's mistake
    let vm: Vm;
    try {
      vm = cloud.vms.get(where.id);
    } catch (error) {
      if (isWorldError(error, "NotFound")) return []; // gone: nothing to report
      throw error;
    }
    return vmMetricPoints(vm, time, tags, this.#options);
  }
}
