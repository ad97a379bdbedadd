import { systemClock } from "@cloud-barista/core";
import type { Clock } from "@cloud-barista/core";
import type { MetricSink } from "../store/sink.js";
import type { FleetVm } from "./mcis-fleet.js";
import type { PlainPoint } from "./points.js";
import { toMetricPoints } from "./points.js";

/**
 * What the emulator's `VmMetrics` offers, structurally (the monitor does not depend on the
 * emulator): a VM's points at a time, with the given tags.
 */
export interface VmMetricSource {
  /** The points of the VM at `where` at `time` (ms since the epoch; default the source's now), tagged with `tags`. */
  pointsAt(where: FleetVm["where"], tags: Readonly<Record<string, string>>, time?: number): readonly PlainPoint[];
}

/** Where {@link emulatedFleetSource} reads metrics, which VMs, where it writes and how often. */
export interface EmulatedFleetOptions {
  /** The emulator's `VmMetrics` (or anything of that shape). */
  readonly metrics: VmMetricSource;
  /** The fleet, asked again every interval (VMs come and go), e.g. `mcisFleet` of a fresh `mcis.get`. */
  readonly vms: () => readonly FleetVm[] | Promise<readonly FleetVm[]>;
  /** The embedded store, another sink, or a collector through `pushSink`. */
  readonly sink: MetricSink;
  /** Default 2000 ms (an agent's default). */
  readonly intervalMs?: number;
  /** The emulated world's clock: point times and intervals follow it. */
  readonly clock?: Clock;
  /** Start the loop at once (default true); without it, call `tick()` yourself (e.g. in step with a virtual clock). */
  readonly start?: boolean;
  /** A failed interval (the sink refused, the fleet could not be listed); the next interval runs anyway. */
  readonly onError?: (error: unknown) => void;
}

/** Counters of an emulated fleet's loop, since it started. */
export interface EmulatedFleetStats {
  /** Intervals written. */
  intervals: number;
  /** Points written. */
  points: number;
  /** Numeric field values the sink stored. */
  samples: number;
  /** Intervals that failed (see `onError`). */
  failedIntervals: number;
}

/** A running emulated fleet, from {@link emulatedFleetSource}. */
export interface EmulatedFleet {
  /** Writes one interval now (what the loop does every interval); resolves with the points written. */
  tick(): Promise<number>;
  /** The counters now. */
  stats(): EmulatedFleetStats;
  /** Ends the loop after the interval in flight. */
  stop(): Promise<void>;
}

/**
 * Feeds an emulated fleet's metrics to a sink every interval, as agents on those VMs would: one
 * write per interval with every VM's points at the clock's time. A stopped VM writes nothing, so
 * its series go stale in the store, as a real one's would.
 */
export function emulatedFleetSource(options: EmulatedFleetOptions): EmulatedFleet {
  const clock = options.clock ?? systemClock;
  const intervalMs = options.intervalMs ?? 2000;
  const stats: EmulatedFleetStats = { intervals: 0, points: 0, samples: 0, failedIntervals: 0 };
  const abort = new AbortController();

  const tick = async (): Promise<number> => {
    const time = clock.now();
    const points = [];
    for (const vm of await options.vms())
      points.push(...toMetricPoints(options.metrics.pointsAt(vm.where, vm.tags, time), time));
    const result = await options.sink.write(points);
    stats.intervals++;
    stats.points += points.length;
    stats.samples += result.samples;
    return points.length;
  };

  const loop =
    options.start === false
      ? Promise.resolve()
      : (async () => {
          while (!abort.signal.aborted) {
            try {
              await tick();
            } catch (error) {
              stats.failedIntervals++;
              options.onError?.(error);
            }
            await clock.sleep(intervalMs, { abortSignal: abort.signal }).catch(() => undefined);
          }
        })();

  return {
    tick,
    stats: () => ({ ...stats }),
    stop: async () => {
      abort.abort();
      await loop;
    },
  };
}
