import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { EventLoopUtilization } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseLineProtocol } from "@cloud-barista/monitor";
import { fleetBodyBuffers, fleetStart, spread } from "./monitor-fleet-data.js";
import { findStamps, stampBodies } from "./monitor-line-stamps.js";
import type { SenderCommand, SenderRound, SenderSetup } from "./monitor-sender-child.js";
import { median, report } from "./report.js";
import type { BenchLine } from "./report.js";

// Ingest over HTTP with zero lost samples, against raw line-protocol parsing of the same bodies in
// the same run. Three processes: the collector (embedded store, fdatasync per group of writes) in a
// child; the sender in another child (node:http, keep-alive, `inflight` requests in flight, 503s
// retried), so that its CPU is counted apart; this process encodes an emulated 10,000-VM fleet's
// interval once (bodies of 20 VMs, 60 samples per VM), restamps it per round (untimed), and parses
// the same bodies once per round, ingest and parsing alternating in order. Warm-up rounds run the
// same way and are dropped. BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the collector there.

const bench = "monitor-ingest";
const token = "bench-token-0123456789abcdef";
const round = (v: number, digits = 0): number => Number(v.toFixed(digits));
const cpuMsOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

interface ChildStats {
  collector: { samplesWritten: number; malformedLines: number; throttled: number };
  store: { series: number; rawSamples: number };
  retained: number;
}

/** A result line with the bench's extra fields (spread, sizes, counts). */
function line(l: BenchLine & Record<string, unknown>): void {
  report(l);
}

/** Forks a bench child (this module's directory), resolving with it once it sends its first message. */
function forkChild(file: string, args: string[], execArgv: string[]): Promise<{ child: ChildProcess; first: unknown }> {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
    execArgv,
    serialization: "advanced", // Buffers and typed arrays cross as such
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`${file} exited (${code}) before it started`));
    child.once("error", reject);
    child.once("exit", early);
    child.once("message", (first) => {
      child.off("exit", early);
      resolve({ child, first });
    });
  });
}

/** Sends a message and resolves with the child's next one. */
function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (m) => resolve(m as T));
    child.send(message as string);
  });
}

function closeChild(child: ChildProcess, message: unknown): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.send(message as string);
  });
}

async function startCollectorChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const prof = process.env.BENCH_CPU_PROF;
  const execArgv = [...process.execArgv, ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [])];
  const { child, first } = await forkChild("./monitor-collector-child.js", [JSON.stringify({ dir })], execArgv);
  return { child, url: (first as { url: string }).url };
}

async function startSenderChild(setup: SenderSetup): Promise<ChildProcess> {
  const { child } = await forkChild("./monitor-sender-child.js", [], process.execArgv);
  if ((await ask<string>(child, setup)) !== "ready") throw new Error("the sender did not start");
  return child;
}

/** Parses every body with the package's line-protocol parser; wall and CPU time. */
function parseAll(texts: readonly string[]): { ms: number; cpuMs: number; samples: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let samples = 0;
  for (const text of texts)
    for (const p of parseLineProtocol(text, { defaultTimeNs: 0n }).points) samples += Object.keys(p.fields).length;
  return { ms: performance.now() - started, cpuMs: cpuMsOf(process.cpuUsage(cpu)), samples };
}

export async function monitorIngestBench(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");
  const vms = Number(process.env.BENCH_VMS ?? (quick ? 2_000 : 10_000));
  const perBody = 20;
  const inflight = Number(process.env.BENCH_INFLIGHT ?? 16);
  const warmup = Number(process.env.BENCH_WARMUP ?? (quick ? 1 : 2));
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 7));
  const loadAtStart = loadavg()[0] ?? 0;
  const timeNs = (r: number) => BigInt(fleetStart + r * 2_000) * 1_000_000n;
  // One interval, encoded once; each round only rewrites its times (outside the timing).
  const { bodies, samples: bodySamples } = fleetBodyBuffers(vms, perBody, fleetStart);
  const stamped = findStamps(bodies, timeNs(0));
  const perRound = bodySamples.reduce((a, b) => a + b, 0);
  const dir = mkdtempSync(join(tmpdir(), "cb-bench-monitor-"));
  const collector = await startCollectorChild(dir);
  type Usage = { cpu: NodeJS.CpuUsage; loop: EventLoopUtilization };
  const collectorUsage = () => ask<Usage>(collector.child, "cpu");
  let sender: ChildProcess | undefined;
  const rate = { ingest: [] as number[], parse: [] as number[], parseCpu: [] as number[] };
  const cpu = {
    collector: [] as number[],
    sender: [] as number[],
    collectorShare: [] as number[],
    collectorLoop: [] as number[],
  };
  let sent = 0;
  let acknowledged = 0;
  let retries = 0;
  try {
    sender = await startSenderChild({
      url: collector.url,
      token,
      inflight,
      bodies: [...stamped.bodies],
      offsets: [...stamped.offsets],
      samples: bodySamples,
    });
    const senderChild = sender;
    for (let r = 0; r < warmup + rounds; r++) {
      const kept = r >= warmup;
      stampBodies(stamped, timeNs(r));
      const texts = bodies.map((b) => b.toString("utf8")); // the parser takes text: made outside the timing
      const measure = async (which: "ingest" | "parse"): Promise<void> => {
        if (which === "parse") {
          const p = parseAll(texts);
          if (p.samples !== perRound) throw new Error(`parsed ${p.samples} samples of ${perRound}`);
          if (kept) rate.parse.push((perRound / p.ms) * 1000);
          if (kept) rate.parseCpu.push((perRound / p.cpuMs) * 1000);
          return;
        }
        await ask(senderChild, { stamp: timeNs(r).toString() } satisfies SenderCommand);
        const before = await collectorUsage();
        const s = await ask<SenderRound | { error: string }>(senderChild, { send: true } satisfies SenderCommand);
        if ("error" in s) throw new Error(`the sender failed: ${s.error}`);
        const after = await collectorUsage();
        const collectorMs = cpuMsOf(after.cpu) - cpuMsOf(before.cpu);
        sent += perRound;
        acknowledged += s.acknowledged;
        retries += s.retries;
        if (kept) {
          rate.ingest.push((perRound / s.ms) * 1000);
          cpu.collector.push((perRound / collectorMs) * 1000);
          cpu.sender.push((perRound / s.cpuMs) * 1000);
          cpu.collectorShare.push(collectorMs / s.ms);
          cpu.collectorLoop.push(performance.eventLoopUtilization(after.loop, before.loop).utilization);
        }
      };
      for (const which of r % 2 === 0 ? (["ingest", "parse"] as const) : (["parse", "ingest"] as const))
        await measure(which);
    }
    const stats = await ask<ChildStats>(collector.child, "stats");
    const stored = stats.collector.samplesWritten;
    const value = median(rate.ingest);
    const baseline = median(rate.parse);
    const collectorRate = median(cpu.collector);
    const parseCpuRate = median(rate.parseCpu);
    const senderRate = median(cpu.sender);
    line({
      bench,
      metric: "http-ingest.samples-per-s",
      value: round(value),
      unit: "samples/s (end to end: sent, durable, acknowledged)",
      baseline: round(baseline),
      ratio: round(value / baseline, 3),
      goal: "value >= 250000 samples/s (higher is better; ratio: end-to-end rate over raw parsing's rate in one process, higher is better)",
      min: round(spread(rate.ingest).min),
      max: round(spread(rate.ingest).max),
      roundRates: rate.ingest.map((v) => round(v)), // in order: a slow one is often a store checkpoint
      baselineMin: round(spread(rate.parse).min),
      baselineMax: round(spread(rate.parse).max),
      vms,
      rounds,
      warmup,
      inflight,
      samplesPerRound: perRound,
      retries503: retries,
      // The collector's CPU time per wall second (1: a core of its own), and its event loop's busy
      // share: busy but short of CPU means a starved machine; idle means it waited for input or disk.
      collectorCoreShare: round(median(cpu.collectorShare), 2),
      collectorLoopBusy: round(median(cpu.collectorLoop), 2),
    });
    // Sustained: every kept round's samples over their total time (the median hides slow rounds).
    const overall = (rates: readonly number[]) => rates.length / rates.reduce((t, v) => t + 1 / v, 0);
    line({
      bench,
      metric: "http-ingest.sustained-samples-per-s",
      value: round(overall(rate.ingest)),
      unit: "samples/s (all timed rounds' samples over their total time, end to end)",
      baseline: round(overall(rate.parse)),
      ratio: round(overall(rate.ingest) / overall(rate.parse), 3),
      goal: "value >= 250000 samples/s sustained (higher is better; ratio: against raw parsing over the same rounds)",
    });
    line({
      bench,
      metric: "http-ingest.collector-samples-per-cpu-s",
      value: round(collectorRate),
      unit: "samples per second of the collector process's own CPU time (HTTP, parsing, fdatasync'd log, store)",
      baseline: round(parseCpuRate),
      ratio: round(collectorRate / parseCpuRate, 3),
      goal: "value >= 250000 (one core of collector keeps up with the 10,000-VM fleet; higher is better); ratio: against raw parsing per CPU-second, higher is better",
      min: round(spread(cpu.collector).min),
      max: round(spread(cpu.collector).max),
    });
    line({
      bench,
      metric: "http-ingest.sender-samples-per-cpu-s",
      value: round(senderRate),
      unit: "samples per second of the sender process's own CPU time (node:http, keep-alive)",
      baseline: round(collectorRate),
      ratio: round(senderRate / collectorRate, 3),
      goal: "ratio >= 1 (the sender costs no more CPU than the collector, so it is not what holds the end-to-end rate down)",
      min: round(spread(cpu.sender).min),
      max: round(spread(cpu.sender).max),
    });
    line({
      bench,
      metric: "http-ingest.lost-samples",
      value: sent - stored,
      unit: "samples",
      baseline: sent,
      ratio: round((sent - stored) / sent, 6),
      goal: "value = 0 (every sample sent was acknowledged and is in the store)",
      acknowledged,
      stored,
      storeRawSamples: stats.store.rawSamples,
      series: stats.store.series,
      malformedLines: stats.collector.malformedLines,
    });
    // What one series costs the collector (store, ingest cache, interned names) at this many rows.
    const rows = stats.store.rawSamples / 60 / vms; // 60 samples per VM per interval
    const raw = (stats.store.rawSamples + stats.store.series * rows) * 8; // values and times as float64
    line({
      bench,
      metric: "collector-memory-per-series",
      value: Math.round(stats.retained / stats.store.series),
      unit: "bytes (JS heap + ArrayBuffers after GC, collector process, less its empty state)",
      baseline: Math.round(raw / stats.store.series),
      ratio: round(stats.retained / raw, 2),
      goal: "80,000 series well within 1 GB (value well under 12,500 bytes); ratio: bytes kept per byte of raw float64 values and times, lower is better",
      series: stats.store.series,
      rowsPerSeries: round(rows, 1),
      retainedMiB: round(stats.retained / 2 ** 20, 1),
    });
    const load = loadavg()[0] ?? 0;
    line({
      bench,
      metric: "machine-load-vs-cores",
      value: round(load, 2),
      unit: "runnable tasks (1-minute load average, at the end)",
      baseline: availableParallelism(),
      ratio: round(load / availableParallelism(), 2),
      goal: "ratio < 1 (else the machine was oversubscribed and the rates are low)",
      loadAtStart: round(loadAtStart, 2),
    });
  } finally {
    if (sender) await closeChild(sender, { close: true } satisfies SenderCommand);
    await closeChild(collector.child, "close");
    rmSync(dir, { recursive: true, force: true });
  }
}
