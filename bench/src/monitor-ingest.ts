import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLineProtocol } from "@cloud-barista/monitor";
import { fleetBodies, fleetStart, spread } from "./monitor-fleet-data.js";
import { median, report } from "./report.js";
import type { BenchLine } from "./report.js";

// Ingest over HTTP with zero lost samples, against raw line-protocol parsing of the same bodies in
// the same run. The collector (embedded store, fdatasync per group of writes) runs in a child
// process; this process sends one interval of an emulated 10,000-VM fleet per round (60 samples per
// VM; bodies of 20 VMs, 8 requests in flight on keep-alive connections), and parses the same bodies
// once per round, the two in alternating order. Warm-up rounds run the same way and are dropped.

const bench = "monitor-ingest";
const round = (v: number, digits = 0): number => Number(v.toFixed(digits));

interface ChildStats {
  collector: { samplesWritten: number; malformedLines: number; throttled: number };
  store: { series: number; rawSamples: number };
  retained: number;
}

function startChild(dir: string): Promise<{
  url: string;
  stats: () => Promise<ChildStats>;
  cpuMs: () => Promise<number>;
  close: () => Promise<void>;
}> {
  const child = fork(
    fileURLToPath(new URL("./monitor-collector-child.js", import.meta.url)),
    [JSON.stringify({ dir })],
    {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    },
  );
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the collector child exited (${code}) before listening`)));
    child.once("message", (m: { url: string }) =>
      resolve({
        url: m.url,
        stats: () =>
          new Promise((res) => {
            child.once("message", (s: ChildStats) => res(s));
            child.send("stats");
          }),
        cpuMs: () =>
          new Promise((res) => {
            child.once("message", (s: { cpu: NodeJS.CpuUsage }) => res((s.cpu.user + s.cpu.system) / 1000));
            child.send("cpu");
          }),
        close: () =>
          new Promise((res) => {
            child.once("exit", () => res());
            child.send("close");
          }),
      }),
    );
  });
}

/** Posts every body, `concurrency` at a time; a 503 (store behind on disk) is retried, so nothing is dropped. */
async function ingest(
  url: string,
  bodies: readonly string[],
  concurrency: number,
): Promise<{ ms: number; retries: number }> {
  let next = 0;
  let retries = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < bodies.length; i = next++) {
      for (;;) {
        const r = await fetch(`${url}/write?db=bench&precision=ns`, {
          method: "POST",
          headers: { Authorization: "Bearer bench-token-0123456789abcdef" },
          body: bodies[i],
        });
        const text = await r.text();
        if (r.status === 204) break;
        if (r.status !== 503) throw new Error(`collector answered ${r.status}: ${text}`);
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, retries };
}

function parseAll(bodies: readonly string[]): { ms: number; samples: number } {
  const started = performance.now();
  let samples = 0;
  for (const body of bodies)
    for (const p of parseLineProtocol(body, { defaultTimeNs: 0n }).points) samples += Object.keys(p.fields).length;
  return { ms: performance.now() - started, samples };
}

function line(l: BenchLine & Record<string, unknown>): void {
  report(l);
}

export async function monitorIngestBench(): Promise<void> {
  const quick = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick");
  const vms = Number(process.env.BENCH_VMS ?? (quick ? 2_000 : 10_000));
  const perBody = 20;
  const concurrency = 8;
  const warmup = Number(process.env.BENCH_WARMUP ?? (quick ? 1 : 2));
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 3 : 7));
  const dir = mkdtempSync(join(tmpdir(), "cb-bench-monitor-"));
  const child = await startChild(dir);
  const ingestRates: number[] = [];
  const parseRates: number[] = [];
  // Samples per second of the collector process's own CPU time: what the collector costs,
  // whatever else the shared machine runs (the sender here, other jobs).
  const collectorCpuRates: number[] = [];
  let sent = 0;
  let retries = 0;
  try {
    for (let r = 0; r < warmup + rounds; r++) {
      const { bodies, samples } = fleetBodies(vms, perBody, fleetStart + r * 2_000); // made outside the timing
      const measure = async (which: "ingest" | "parse"): Promise<void> => {
        if (which === "parse") {
          const p = parseAll(bodies);
          if (p.samples !== samples) throw new Error(`parsed ${p.samples} samples of ${samples}`);
          if (r >= warmup) parseRates.push((samples / p.ms) * 1000);
        } else {
          const cpuBefore = await child.cpuMs();
          const i = await ingest(child.url, bodies, concurrency);
          const cpu = (await child.cpuMs()) - cpuBefore;
          sent += samples;
          retries += i.retries;
          if (r >= warmup) {
            ingestRates.push((samples / i.ms) * 1000);
            collectorCpuRates.push((samples / cpu) * 1000);
          }
        }
      };
      for (const which of r % 2 === 0 ? (["ingest", "parse"] as const) : (["parse", "ingest"] as const))
        await measure(which);
    }
    const stats = await child.stats();
    const stored = stats.collector.samplesWritten;
    const value = median(ingestRates);
    const baseline = median(parseRates);
    line({
      bench,
      metric: "http-ingest.samples-per-s",
      value: round(value),
      unit: "samples/s",
      baseline: round(baseline),
      ratio: round(value / baseline, 3),
      goal: "value >= 250000 samples/s (higher is better; ratio: share of raw parsing speed kept, higher is better)",
      min: round(spread(ingestRates).min),
      max: round(spread(ingestRates).max),
      baselineMin: round(spread(parseRates).min),
      baselineMax: round(spread(parseRates).max),
      vms,
      rounds,
      warmup,
      samplesPerRound: Math.round(sent / (warmup + rounds)),
      retries503: retries,
      collectorSamplesPerCpuSecond: round(median(collectorCpuRates)),
    });
    line({
      bench,
      metric: "http-ingest.lost-samples",
      value: sent - stored,
      unit: "samples",
      baseline: sent,
      ratio: round((sent - stored) / sent, 6),
      goal: "value = 0 (every sample sent was acknowledged and is in the store)",
      stored,
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
    line({
      bench,
      metric: "machine-load-vs-cores",
      value: round(loadavg()[0] ?? 0, 2),
      unit: "runnable tasks (1-minute load average)",
      baseline: availableParallelism(),
      ratio: round((loadavg()[0] ?? 0) / availableParallelism(), 2),
      goal: "ratio < 1 (else the machine was oversubscribed and the rates are low)",
    });
  } finally {
    await child.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
