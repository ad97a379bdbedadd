import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { MemoryStore, createCloudBarista, scaledClock } from "@cloud-barista/core";
import type { CallRecord, CloudBarista } from "@cloud-barista/core";
import type { McisProgressEvent } from "@cloud-barista/mcis";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { createMcisService } from "@cloud-barista/mcis";
import type { EmulatorMessage, EmulatorRequest, FrontInfo } from "./mcis-emulator.js";
import {
  benchCatalogs,
  benchProviders,
  benchSpecs,
  createApis,
  declaredLimits,
  lowerBoundMs,
  regionsPerProvider,
} from "./mcis-world.js";
import type { BenchProvider } from "./mcis-world.js";
import { report } from "./report.js";
import { heapAfterGc } from "./heap.js";
import { profileCpu } from "./cpu-profile.js";

// One MCIS of 1,000, 3,000 and 9,999 VMs (an MCIS's limit) over 100 regions of three clouds (MOCK, AWS and
// OpenStack, each behind its own front of the emulator), in real time. The emulator runs in
// another process, so the SDK's CPU and heap are measured apart from the emulated clouds'.
//
// Every region has the same create bucket (a burst of 20, then 2 creates a second), a 1.5 s create
// latency and a 40 s boot. The lower bound of a region with n VMs is the create latency, plus
// (n - 20) / 2 s of refill, plus the last VM's boot; the MCIS's is its fullest region's. Wall time
// is measured against it; wasted calls are the creates the clouds throttled (from the SDK's call
// history: every attempt is a record). The default networks exist before the clock starts.
//
// `--quick` (or BENCH_QUICK=1): 900 VMs over 30 regions on a clock 5 times faster than real time.
//
// The SDK knows the create buckets (`pacing.limits`, as an account whose limits are known declares
// them); BENCH_LIMITS=learned leaves them unknown, so the pacer learns them from the first throttles.

const quick = process.argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const plan = quick
  ? { scale: Number(process.env.BENCH_SCALE ?? 5), regions: 30, sizes: [900] }
  : { scale: 1, regions: 100, sizes: [1_000, 3_000, 9_999] };
// BENCH_SIZES=9999 runs only the sizes named (with --quick, 3000 puts 100 VMs in each of 30 regions,
// the density of the 9,999-VM run).
const sizes = process.env.BENCH_SIZES ? process.env.BENCH_SIZES.split(",").map(Number) : plan.sizes;
const limits = process.env.BENCH_LIMITS === "learned" ? "learned" : "declared";
const goals = { wallRatio: 1.1, throttledRatio: 0.05, sdkCpuMsPerVm: 2 };
const bench = "mcis-scale";

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The emulator in a child process, and a way to ask it for its CPU time and heap. */
interface Emulator {
  fronts: FrontInfo[];
  usage(): Promise<{ cpuMs: number; heapBytes: number }>;
  stop(): Promise<void>;
}

async function startEmulatorProcess(regions: number, scale: number, origin: number): Promise<Emulator> {
  const script = fileURLToPath(new URL("./mcis-emulator.js", import.meta.url));
  const child: ChildProcess = fork(script, [String(regions), String(scale), String(origin)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type: EmulatorMessage["type"]): Promise<EmulatorMessage> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the emulator exited (${code})`));
      child.once("exit", onExit);
      const onMessage = (message: EmulatorMessage): void => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message);
      };
      child.on("message", onMessage);
    });
  const send = (request: EmulatorRequest): void => void child.send(request);
  const ready = await next("ready");
  if (ready.type !== "ready") throw new Error("unexpected message");
  return {
    fronts: ready.fronts,
    async usage() {
      const answer = next("usage");
      send({ type: "usage" });
      const message = await answer;
      if (message.type !== "usage") throw new Error("unexpected message");
      return message;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      send({ type: "stop" });
      await exited;
    },
  };
}

/** Credentials, regions and one connection per region of every cloud, through its front. */
async function connect(barista: CloudBarista, emulator: Emulator, regionCount: number): Promise<string[][]> {
  const catalogs = benchCatalogs(regionCount);
  const counts = regionsPerProvider(regionCount);
  const connections: string[][] = [];
  for (const provider of benchProviders) {
    const front = emulator.fronts.find((f) => f.provider === provider);
    const catalog = catalogs.find((c) => c.provider === provider);
    if (!front || !catalog) throw new Error(`no ${provider} front`);
    const driver =
      provider === "MOCK"
        ? createMockDriver({ endpoint: front.endpoint, catalog, pageSize: 100 })
        : provider === "AWS"
          ? createAwsDriver()
          : createOpenStackDriver({ prices: { "m1.small": { pricePerHour: 0.02, currency: "EUR" } } });
    const driverName = barista.drivers.register(driver);
    const credential = `${provider.toLowerCase()}-cred`;
    await barista.credentials.add({ name: credential, provider, values: front.credential });
    const names: string[] = [];
    for (const region of catalog.regions.slice(0, counts[provider])) {
      const name = `${provider.toLowerCase()}-${region.name}`.toLowerCase();
      await barista.regions.add({ name, provider, region: region.name });
      await barista.connections.add({
        name,
        driver: driverName,
        credential,
        region: name,
        ...(front.connectionEndpoint === undefined ? {} : { endpoint: front.connectionEndpoint }),
      });
      names.push(name);
    }
    connections.push(names);
  }
  return connections;
}

interface Measured {
  vms: number;
  /** VMs running at the end (the others failed: their reasons go to stderr). */
  running: number;
  wallMs: number;
  boundMs: number;
  sdkCpuMs: number;
  sdkHeapBytes: number;
  emulatorCpuMs: number;
  emulatorHeapBytes: number;
  creates: number;
  throttledCreates: number;
  calls: number;
  throttledCalls: number;
  /** The machine's 1-minute load average at the end, and its cores. */
  load: number;
  cores: number;
}

/** One create of an MCIS of `vms` VMs over `regionCount` regions, on a fresh emulator and SDK. */
async function provisionOnce(vms: number, regionCount: number, scale: number): Promise<Measured> {
  const origin = Date.now();
  const clock = scaledClock(scale, origin);
  const emulator = await startEmulatorProcess(regionCount, scale, origin);
  try {
    const store = new MemoryStore({ clock });
    const barista = createCloudBarista({
      store,
      clock,
      encryptionKey: "0".repeat(64),
      history: { flushIntervalMs: 5_000 },
      ...(limits === "declared" ? { pacing: { limits: declaredLimits } } : {}),
    });
    const perProvider = await connect(barista, emulator, regionCount);
    const connections = perProvider.flat();
    const providerOf = new Map<string, BenchProvider>(
      perProvider.flatMap((names, i) => names.map((n) => [n, benchProviders[i] as BenchProvider])),
    );
    const mcis = createMcisService({ barista, store });
    // The namespace's shared networks exist before the measurement (the emulator makes real keys).
    await Promise.all(connections.map((c) => mcis.ensureDefaultNetwork("bench", c)));
    const sizes = connections.map(
      (_, i) => Math.floor(vms / connections.length) + (i < vms % connections.length ? 1 : 0),
    );
    const before = { history: (await barista.history.query()).length };

    const emulatorBefore = await emulator.usage();
    const heapBefore = heapAfterGc();
    const stopProfile = await profileCpu(process.env.BENCH_CPU_PROFILE);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // When the first and last VM were asked for, created and running (BENCH_DEBUG), in ms of wall time.
    const phases: Record<string, [number, number]> = {};
    // Why VMs failed, by cloud and error code, with the first message of each (a failed VM is
    // reported, not hidden: see `vms-running`).
    const failures = new Map<string, { count: number; first: string }>();
    const onProgress = (event: McisProgressEvent): void => {
      const at = Math.round(performance.now() - started);
      const seen = phases[event.type];
      phases[event.type] = seen ? [seen[0], at] : [at, at];
      if (event.type === "failed") {
        const key = `${providerOf.get(event.connection) ?? "?"}/${event.reason?.code ?? "unknown"}`;
        const seen = failures.get(key);
        if (seen) seen.count++;
        else
          failures.set(key, {
            count: 1,
            first: `${event.connection}: ${event.reason?.nativeCode ?? ""} ${event.reason?.message ?? ""}`,
          });
      }
    };
    const info = await mcis.createDynamic(
      {
        namespace: "bench",
        name: "fleet",
        subGroups: connections.map((connection, i) => ({
          name: `g${i + 1}`,
          connection,
          spec: benchSpecs[providerOf.get(connection) ?? "MOCK"],
          image: "ubuntu 24.04",
          size: sizes[i] ?? 0,
        })),
      },
      { onProgress },
    );
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await stopProfile();
    const sdkHeapBytes = heapAfterGc() - heapBefore;
    const emulatorAfter = await emulator.usage();
    if (failures.size > 0)
      process.stderr.write(
        `failed VMs by cloud/code (first message): ${JSON.stringify(Object.fromEntries(failures))}\n`,
      );

    const records: CallRecord[] = (await barista.history.query()).slice(before.history);
    const creates = records.filter((r) => createApis.includes(r.api));
    const throttled = (rs: readonly CallRecord[]): number => rs.filter((r) => r.error?.code === "Throttled").length;
    if (process.env.BENCH_DEBUG) {
      // Calls per API, with the slowest one (ms on the SDK's clock) and the failed ones by code.
      const byApi = new Map<string, { calls: number; maxMs: number; errors?: Record<string, number> }>();
      for (const r of records) {
        const api = byApi.get(r.api) ?? { calls: 0, maxMs: 0 };
        api.calls++;
        api.maxMs = Math.max(api.maxMs, Math.round(r.elapsedMs));
        if (r.error) api.errors = { ...api.errors, [r.error.code]: (api.errors?.[r.error.code] ?? 0) + 1 };
        byApi.set(r.api, api);
      }
      const sorted = [...byApi].sort((a, b) => b[1].calls - a[1].calls);
      process.stderr.write(`calls per API: ${JSON.stringify(Object.fromEntries(sorted))}\n`);
      process.stderr.write(`phases (first, last ms): ${JSON.stringify(phases)}\n`);
    }
    await barista.close();
    await store.close();
    return {
      vms,
      running: info.statusCount.running,
      wallMs,
      boundMs: lowerBoundMs(Math.max(...sizes)) / scale,
      sdkCpuMs: (cpu.user + cpu.system) / 1000,
      sdkHeapBytes,
      emulatorCpuMs: emulatorAfter.cpuMs - emulatorBefore.cpuMs,
      emulatorHeapBytes: emulatorAfter.heapBytes - emulatorBefore.heapBytes,
      creates: creates.length,
      throttledCreates: throttled(creates),
      calls: records.length,
      throttledCalls: throttled(records),
      load: loadavg()[0] ?? 0,
      cores: availableParallelism(),
    };
  } finally {
    await emulator.stop();
  }
}

function reportRun(m: Measured, regions: number): void {
  const scope = `create-${m.vms}-vms-${regions}-regions-${limits}-limits`;
  report({
    bench,
    metric: `${scope}.vms-running`,
    value: m.running,
    unit: "VMs",
    baseline: m.vms,
    ratio: round(m.running / m.vms, 4),
    goal: "ratio = 1 (every VM running; the other figures of a partial run are not comparable)",
  });
  // Both processes' CPU over the wall time, in cores, beside the machine's load: near or above the
  // cores, the run waited for CPU (wall time and CPU per VM inflated), not for the clouds.
  const busyCores = (m.sdkCpuMs + m.emulatorCpuMs) / m.wallMs;
  report({
    bench,
    metric: `${scope}.machine-load-vs-cores`,
    value: round(m.load),
    unit: "runnable tasks (1-minute load average)",
    baseline: m.cores,
    ratio: round(m.load / m.cores),
    goal: `ratio < 1 (else the machine is oversubscribed; this run's two processes used ${round(busyCores)} cores)`,
  });
  report({
    bench,
    metric: `${scope}.wall-vs-lower-bound`,
    value: round(m.wallMs, 0),
    unit: "ms",
    baseline: round(m.boundMs, 0),
    ratio: round(m.wallMs / m.boundMs, 3),
    goal: `ratio <= ${goals.wallRatio}`,
  });
  report({
    bench,
    metric: `${scope}.throttled-creates-of-all-creates`,
    value: m.throttledCreates,
    unit: "calls",
    baseline: m.creates,
    ratio: round(m.throttledCreates / m.creates, 3),
    goal: `ratio <= ${goals.throttledRatio}`,
  });
  report({
    bench,
    metric: `${scope}.create-calls-per-vm`,
    value: m.creates,
    unit: "calls",
    baseline: m.vms,
    ratio: round(m.creates / m.vms, 3),
    goal: "ratio as low as possible (1 = no retries)",
  });
  report({
    bench,
    metric: `${scope}.throttled-calls-of-all-calls`,
    value: m.throttledCalls,
    unit: "calls",
    baseline: m.calls,
    ratio: round(m.throttledCalls / m.calls, 3),
    goal: "ratio as low as possible",
  });
  report({
    bench,
    metric: `${scope}.sdk-cpu-per-vm-vs-emulator`,
    value: round(m.sdkCpuMs / m.vms, 3),
    unit: "ms/VM",
    baseline: round(m.emulatorCpuMs / m.vms, 3),
    ratio: round(m.sdkCpuMs / m.emulatorCpuMs, 2),
    goal: `value <= ${goals.sdkCpuMsPerVm} ms/VM`,
  });
  report({
    bench,
    metric: `${scope}.sdk-heap-per-vm-vs-emulator`,
    value: round(m.sdkHeapBytes / m.vms / 1024, 1),
    unit: "KiB/VM",
    baseline: round(m.emulatorHeapBytes / m.vms / 1024, 1),
    ratio: round(m.sdkHeapBytes / m.emulatorHeapBytes, 2),
    goal: "none (reported)",
  });
}

/**
 * Provisions each size once (a 10,000-VM run takes minutes of real time; the README gives the
 * figures of several runs) and reports wall time against the bound, wasted calls, and the SDK's CPU
 * and heap per VM beside the emulator's.
 */
export async function mcisScaleBench(): Promise<void> {
  for (const vms of sizes) reportRun(await provisionOnce(vms, plan.regions, plan.scale), plan.regions);
}
