import { setTimeout as sleep } from "node:timers/promises";
import { Mutex } from "async-mutex";
import { SpongeLock, formatLockKey, lockKeys } from "@cloud-barista/core";
import type { LockKey, LockRequest, ResourceType } from "@cloud-barista/core";
import { median, report } from "./report.js";

// Sponge Lock vs one global mutex vs no lock, on bursts of concurrent operations that each spend a
// simulated cloud call (a real 50 ms timer) inside the lock.

const latencyMs = 50;
const concurrency = 100;
const repeats = 7;
/**
 * A burst is cut off after this long and throughput is counted up to its last completed operation.
 * Only the global mutex ever hits it (100 x 50 ms = 5 s); being serial, its throughput over the
 * first ~11 operations equals its throughput over the whole burst, and the bench stays short.
 */
const windowMs = 600;

/** Runs one operation under the locks a strategy takes for it. */
type Runner = (locks: readonly LockRequest[], op: () => Promise<void>, signal: AbortSignal) => Promise<void>;

/** A fresh lock per burst, so no state carries over between measurements. */
const strategies = {
  noLock: (): Runner => (_locks, op) => op(),
  sponge: (): Runner => {
    const lock = new SpongeLock();
    return (locks, op, signal) => lock.run(locks, op, { abortSignal: signal });
  },
  globalMutex: (signal: AbortSignal): Runner => {
    const mutex = new Mutex();
    signal.addEventListener("abort", () => mutex.cancel(), { once: true }); // drop the queue at the cut-off
    return (_locks, op) => mutex.runExclusive(op);
  },
} satisfies Record<string, (signal: AbortSignal) => Runner>;
type StrategyName = keyof typeof strategies;

const key = (type: ResourceType, name: string, vpc?: string): LockKey =>
  lockKeys.resource("aws-seoul", type, name, vpc);
const exclusive = (k: LockKey): LockRequest => ({ key: k, mode: "exclusive" });
const shared = (k: LockKey): LockRequest => ({ key: k, mode: "shared" });

/** A VM create: its own name exclusively, the network, security group and key pair it uses shared. */
function createVm(name: string): LockRequest[] {
  return [
    exclusive(key("vm", name)),
    shared(key("vpc", "main")),
    shared(key("subnet", "sub-1", "main")),
    shared(key("securityGroup", "web", "main")),
    shared(key("keyPair", "ops")),
  ];
}

/** (a) Every operation creates a different VM; all share their dependencies. */
function distinctCreates(): LockRequest[][] {
  return Array.from({ length: concurrency }, (_, i) => createVm(`vm-${i}`));
}

/** (b) Mostly distinct creates, gets on three hot VMs, and one write on two of those hot names. */
function mixed(): LockRequest[][] {
  return Array.from({ length: concurrency }, (_, i) => {
    if (i === 40) return [exclusive(key("vm", "hot-0"))];
    if (i === 70) return [exclusive(key("vm", "hot-1"))];
    if (i % 10 === 5) return [shared(key("vm", `hot-${Math.floor(i / 10) % 3}`))];
    return createVm(`new-${i}`);
  });
}

/**
 * The fewest sequential rounds any correct lock needs for a burst served in arrival order: an
 * operation runs one round after the latest earlier operation it conflicts with (same key, one of
 * them exclusive).
 */
function conflictRounds(workload: readonly LockRequest[][]): number {
  const rounds: number[] = [];
  workload.forEach((locks, i) => {
    let round = 1;
    for (let j = 0; j < i; j++) {
      const conflicts = locks.some((a) =>
        (workload[j] ?? []).some(
          (b) => formatLockKey(a.key) === formatLockKey(b.key) && (a.mode === "exclusive" || b.mode === "exclusive"),
        ),
      );
      if (conflicts) round = Math.max(round, (rounds[j] ?? 0) + 1);
    }
    rounds.push(round);
  });
  return Math.max(...rounds);
}

/** One burst: every operation starts at once; returns completed operations per second. */
async function burst(strategy: StrategyName, workload: readonly LockRequest[][]): Promise<number> {
  const cutoff = new AbortController();
  const run = strategies[strategy](cutoff.signal);
  const started = performance.now();
  const timer = setTimeout(() => cutoff.abort(), windowMs);
  let completed = 0;
  let lastDone = started;
  const op = async (): Promise<void> => {
    await sleep(latencyMs);
    const now = performance.now();
    if (now - started > windowMs) return; // finished after the cut-off: not counted
    completed++;
    lastDone = now;
  };
  await Promise.allSettled(workload.map((locks) => run(locks, op, cutoff.signal)));
  clearTimeout(timer);
  return completed / ((lastDone - started) / 1_000);
}

const names = Object.keys(strategies) as StrategyName[];

/** Median throughput per strategy; strategies alternate within each repeat so drift hits all alike. */
async function measure(workload: readonly LockRequest[][]): Promise<Record<StrategyName, number>> {
  const samples: Record<StrategyName, number[]> = { noLock: [], sponge: [], globalMutex: [] };
  await burst("sponge", workload); // warm-up
  await burst("noLock", workload);
  for (let r = 0; r < repeats; r++) {
    for (const name of names) samples[name].push(await burst(name, workload));
  }
  return { noLock: median(samples.noLock), sponge: median(samples.sponge), globalMutex: median(samples.globalMutex) };
}

function line(metric: string, value: number, baseline: number): void {
  const round = (n: number): number => Math.round(n * 100) / 100;
  report({
    bench: "lock",
    metric,
    value: round(value),
    unit: "ops/s",
    baseline: round(baseline),
    ratio: round(value / baseline),
  });
}

/** Reports Sponge Lock throughput against no lock and a global mutex, on both workloads. */
export async function lockBench(): Promise<void> {
  const a = await measure(distinctCreates());
  line("distinct-creates.sponge-vs-no-lock", a.sponge, a.noLock);
  line("distinct-creates.sponge-vs-global-mutex", a.sponge, a.globalMutex);

  const workload = mixed();
  const b = await measure(workload);
  line("mixed.sponge-vs-no-lock", b.sponge, b.noLock);
  line("mixed.sponge-vs-global-mutex", b.sponge, b.globalMutex);
  // No lock is not a correct execution here: conflicting operations must take turns. Against the
  // best any correct lock can do (no-lock speed divided by the rounds conflicts force), the ratio
  // shows the Sponge Lock's own overhead.
  line("mixed.sponge-vs-conflict-bound", b.sponge, b.noLock / conflictRounds(workload));
}
