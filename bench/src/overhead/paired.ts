import { report } from "../report.js";
import type { BenchLine } from "../report.js";

/** How many pairs: thrown away first (JIT, sockets, caches), then measured. */
export interface PairedSettings {
  warmup: number;
  samples: number;
}

/** One operation: the same native calls made through the runtime and made raw with the vendor SDK. */
export interface PairedCase {
  metric: string;
  runtime: (i: number) => Promise<unknown>;
  raw: (i: number) => Promise<unknown>;
  /** Native calls per operation, the same on both sides (counted from call history). */
  calls: number;
  /** Said in the JSON line, e.g. "served from the metadata cache". */
  note?: string;
  /** At most this many samples (slow cycles), warm-up cut in proportion. */
  maxSamples?: number;
}

/** A JSON line of an overhead measurement: `ratio` is the median of the per-pair ratios. */
export interface OverheadLine extends BenchLine {
  ratioName: "overhead";
  goal: string;
  met: boolean;
  ratioP25: number;
  ratioP75: number;
  /** Median of (runtime - raw) per pair: what the runtime adds, emulator cost excluded. */
  addedUs: number;
  valueMin: number;
  valueP25: number;
  valueP75: number;
  baselineMin: number;
  baselineP25: number;
  baselineP75: number;
  latencyMs: number;
  calls: number;
  samples: number;
  note?: string;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (at - lo);
}

const round = (n: number): number => Math.round(n * 100) / 100;
const sortedOf = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

async function timed(run: (i: number) => Promise<unknown>, i: number): Promise<number> {
  const started = performance.now();
  await run(i);
  return (performance.now() - started) * 1000;
}

/**
 * Paired and interleaved: each sample runs the raw call and the runtime call back to back, in a
 * random order, so drift in machine load, GC and socket state hits both sides alike; the ratio is
 * taken per pair, then summarised (median, p25, p75). Warm-up pairs are run the same way and dropped.
 */
export async function measurePaired(
  bench: string,
  c: PairedCase,
  wanted: PairedSettings,
  latencyMs: number,
  goal = 1.05,
): Promise<OverheadLine> {
  const samples = Math.min(wanted.samples, c.maxSamples ?? wanted.samples);
  const settings = { samples, warmup: Math.max(2, Math.round((wanted.warmup * samples) / wanted.samples)) };
  const runtime: number[] = [];
  const raw: number[] = [];
  const ratios: number[] = [];
  const added: number[] = [];
  let index = 0;
  for (let s = 0; s < settings.warmup + settings.samples; s++) {
    let r: number;
    let b: number;
    if (Math.random() < 0.5) {
      b = await timed(c.raw, index++);
      r = await timed(c.runtime, index++);
    } else {
      r = await timed(c.runtime, index++);
      b = await timed(c.raw, index++);
    }
    if (s < settings.warmup) continue;
    runtime.push(r);
    raw.push(b);
    ratios.push(r / b);
    added.push(r - b);
  }
  const rt = sortedOf(runtime);
  const bl = sortedOf(raw);
  const ra = sortedOf(ratios);
  const ratio = quantile(ra, 0.5);
  const line: OverheadLine = {
    bench,
    metric: `${c.metric}@${latencyMs}ms`,
    value: round(quantile(rt, 0.5)),
    unit: "us/op",
    baseline: round(quantile(bl, 0.5)),
    ratio: round(ratio),
    ratioName: "overhead",
    goal: `<= ${goal}`,
    met: ratio <= goal,
    ratioP25: round(quantile(ra, 0.25)),
    ratioP75: round(quantile(ra, 0.75)),
    addedUs: round(quantile(sortedOf(added), 0.5)),
    valueMin: round(rt[0] ?? Number.NaN),
    valueP25: round(quantile(rt, 0.25)),
    valueP75: round(quantile(rt, 0.75)),
    baselineMin: round(bl[0] ?? Number.NaN),
    baselineP25: round(quantile(bl, 0.25)),
    baselineP75: round(quantile(bl, 0.75)),
    latencyMs,
    calls: c.calls,
    samples: settings.samples,
    ...(c.note ? { note: c.note } : {}),
  };
  report(line);
  return line;
}

/** Settings from the environment (BENCH_SAMPLES, BENCH_WARMUP) for short runs while developing. */
export function pairedSettings(latencyMs: number): PairedSettings {
  const samples = Number(process.env["BENCH_SAMPLES"] ?? (latencyMs === 0 ? 300 : 80));
  const warmup = Number(process.env["BENCH_WARMUP"] ?? (latencyMs === 0 ? 50 : 10));
  return { samples, warmup };
}
