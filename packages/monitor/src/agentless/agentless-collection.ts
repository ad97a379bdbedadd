import { systemClock } from "@cloud-barista/core";
import type { Clock } from "@cloud-barista/core";
import { runCommandSummary } from "@cloud-barista/mcis";
import type { RemoteOptions, RemoteTarget } from "@cloud-barista/mcis";
import type { CpuTimes } from "@cloud-barista/monitor-agent";
import { toMetricPoints } from "../fleet/points.js";
import type { MetricSink } from "../store/sink.js";
import { parseProbe, probeScript } from "./probe.js";

/** A VM collected over SSH: how to reach it and its identity tags. */
export interface AgentlessVm {
  readonly target: RemoteTarget;
  /** The identity tags (`ns`, `mcis`, `subgroup`, `vm`, `provider`, `region`, `host`) on its points. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Which VMs {@link startAgentlessCollection} probes, how it logs in, where it writes and how often. */
export interface AgentlessOptions {
  /** The VMs to probe (a fixed list). */
  readonly vms: readonly AgentlessVm[];
  /** Keys and host-key trust, as for `runCommand` (pass `storeHostKeys(store)` in real use). */
  readonly ssh: Omit<RemoteOptions, "timeoutMs" | "abortSignal">;
  /** The embedded store or any sink. */
  readonly sink: MetricSink;
  /** Default 10 000 ms (Dragonfly's pull interval): an SSH login per VM per interval costs more than an agent. */
  readonly intervalMs?: number;
  /** Per VM and interval (default the interval): a VM that does not answer in time misses that interval. */
  readonly timeoutMs?: number;
  /** Point times and intervals follow it (default: the system clock). */
  readonly clock?: Clock;
  /** Start the loop at once (default true); `collectNow()` runs one interval either way. */
  readonly start?: boolean;
}

/** How a VM's collection goes. */
export interface AgentlessVmStatus {
  readonly vmId: string;
  /** When its last probe succeeded (ms), if ever. */
  readonly lastSuccessMs?: number;
  /** Why its last probe failed ("Timeout: ...", "Unreachable: ..."), when it did. */
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  /** No success for 3 intervals (or 3 failures before any): its series are stale in the store too. */
  readonly stale: boolean;
}

/** A running agentless collection, from {@link startAgentlessCollection}. */
export interface AgentlessCollection {
  /** Probes every VM once now and writes what came back; resolves with the points written. */
  collectNow(): Promise<number>;
  /** How each VM's collection goes, in the order of `vms`. */
  status(): AgentlessVmStatus[];
  /** Ends the loop, aborting probes in flight; resolves once it has ended. */
  stop(): Promise<void>;
}

/**
 * Agentless collection: every interval, one SSH command per VM (`probeScript`: cat of /proc files,
 * statfs of the mounts, process states), parsed with the agent's own parsers and written to the
 * sink. Nothing is installed on the VM. A VM that does not answer writes nothing, so its series go
 * stale (never zero) and `status()` names the failure.
 */
export function startAgentlessCollection(options: AgentlessOptions): AgentlessCollection {
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? 10_000;
  const abort = new AbortController();
  const previous = new Map<string, CpuTimes>();
  const state = new Map<string, { lastSuccessMs?: number; lastError?: string; failures: number }>(
    options.vms.map((vm) => [vm.target.vmId, { failures: 0 }]),
  );

  const collectNow = async (): Promise<number> => {
    const summary = await runCommandSummary(
      options.vms.map((vm) => vm.target),
      { script: probeScript },
      { ...options.ssh, timeoutMs: options.timeoutMs ?? intervalMs, abortSignal: abort.signal },
    );
    const points = [];
    for (const [i, result] of summary.results.entries()) {
      const vm = options.vms[i];
      const s = state.get(result.vmId);
      if (!vm || !s) continue;
      if (result.error || result.code !== 0) {
        s.failures++;
        s.lastError = result.error
          ? `${result.error.code}: ${result.error.message}`
          : `exit ${result.code}: ${result.stderr.slice(0, 200)}`;
        continue;
      }
      const time = clock.now();
      const sample = parseProbe(result.stdout, { time, tags: vm.tags, ...opt("previous", previous.get(result.vmId)) });
      if (sample.cpuTimes) previous.set(result.vmId, sample.cpuTimes);
      points.push(...toMetricPoints(sample.points, time));
      s.failures = 0;
      s.lastSuccessMs = time;
      delete s.lastError;
    }
    if (points.length > 0) await options.sink.write(points);
    return points.length;
  };

  const loop =
    options.start === false
      ? Promise.resolve()
      : (async () => {
          while (!abort.signal.aborted) {
            const started = clock.now();
            await collectNow().catch(() => undefined); // per-VM failures are in status(); a refused write loses that interval, as a missed probe
            const wait = Math.max(0, intervalMs - (clock.now() - started));
            await clock.sleep(wait, { abortSignal: abort.signal }).catch(() => undefined);
          }
        })();

  return {
    collectNow,
    status: () => {
      const now = clock.now();
      return options.vms.map(({ target }) => {
        const s = state.get(target.vmId) ?? { failures: 0 };
        const stale =
          s.lastSuccessMs === undefined ? s.failures >= 3 : now - s.lastSuccessMs > 3 * intervalMs || s.failures >= 3;
        return {
          vmId: target.vmId,
          ...opt("lastSuccessMs", s.lastSuccessMs),
          ...opt("lastError", s.lastError),
          consecutiveFailures: s.failures,
          stale,
        };
      });
    },
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}

/** `{ [key]: value }`, or nothing when the value is undefined (exactOptionalPropertyTypes). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
