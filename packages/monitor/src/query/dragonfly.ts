import { invalidArgument } from "@cloud-barista/core";
import type { McisTarget } from "@cloud-barista/mcis";
import { measurements } from "../model/measurements.js";
import type { MeasurementName } from "../model/measurements.js";
import type { MetricQuery, MetricQueryResult, Statistic } from "./types.js";

/** CB-Dragonfly's metric names in its API (`memory` and `network` are `mem` and `net` inside). */
export const dragonflyMetrics = {
  cpu: "cpu",
  cpufreq: "cpufreq",
  memory: "mem",
  disk: "disk",
  diskio: "diskio",
  network: "net",
} as const satisfies Record<string, MeasurementName>;
/** A metric name of Dragonfly's API (a key of {@link dragonflyMetrics}). */
export type DragonflyMetric = keyof typeof dragonflyMetrics;

/** Dragonfly's bucket size: a minute, an hour or a day. */
export type PeriodType = "m" | "h" | "d";
/** A duration as Dragonfly wrote it: a count and m, h or d ("5m", "5h", "5d"); at least 2m. */
export type DragonflyDuration = `${number}${PeriodType}`;

/**
 * Dragonfly's historical query (`/ns/{ns}/mcis/{mcis}/vm/{vm}/metric/{metric}/info?periodType=…
 * &statisticsCriteria=…&duration=…`), typed: one bucket per minute, hour or day, over the
 * duration ending one minute from now (as Dragonfly's `time > now()+1m - duration`). Counters
 * come as per-second rates, as Dragonfly's non_negative_derivative did. `p95` is an addition.
 */
export interface DragonflyQuery {
  target: McisTarget;
  metric: DragonflyMetric;
  periodType: PeriodType;
  statisticsCriteria: Statistic;
  duration: DragonflyDuration;
}

/** What {@link queryDragonfly} answers: every field of the measurement over the same buckets. */
export interface DragonflyAnswer {
  /** The model's measurement the metric stands for. */
  measurement: MeasurementName;
  /** Start and end of the period (ms since the epoch; end exclusive). */
  from: number;
  to: number;
  /** The bucket size in ms. */
  stepMs: number;
  /** Per field of the measurement, the answered series. */
  fields: Record<string, MetricQueryResult["series"]>;
}

const unitMs: Readonly<Record<PeriodType, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The queries (one per field) a Dragonfly request stands for; errors name the field at fault. */
export function dragonflyQueries(request: DragonflyQuery, nowMs: number): MetricQuery[] {
  if (!Object.hasOwn(dragonflyMetrics, request.metric)) {
    throw invalidArgument(
      "metric",
      "enum",
      `must be one of ${Object.keys(dragonflyMetrics).join(", ")}, got "${String(request.metric)}"`,
    );
  }
  if (!Object.hasOwn(unitMs, request.periodType)) {
    throw invalidArgument("periodType", "enum", `must be m, h or d, got "${String(request.periodType)}"`);
  }
  const match = /^(\d+)([mhd])$/.exec(String(request.duration));
  if (!match)
    throw invalidArgument(
      "duration",
      "duration",
      `must be a count and m, h or d (e.g. "5m"), got "${String(request.duration)}"`,
    );
  const durationMs = Number(match[1]) * unitMs[match[2] as PeriodType];
  if (durationMs < 2 * 60_000) throw invalidArgument("duration", "min-duration", "must be at least 2m");
  const measurement = dragonflyMetrics[request.metric];
  const to = nowMs + 60_000;
  const stepMs = unitMs[request.periodType];
  // Buckets align to whole steps, as InfluxQL's GROUP BY time() does.
  const from = Math.floor((to - durationMs) / stepMs) * stepMs;
  return Object.keys(measurements[measurement].fields).map((field) => ({
    target: request.target,
    measurement,
    field,
    statistic: request.statisticsCriteria,
    from,
    to,
    stepMs,
  }));
}

/** Runs a Dragonfly request against anything that answers queries (the EmbeddedStore). */
export function queryDragonfly(
  metrics: { query(query: MetricQuery): MetricQueryResult },
  request: DragonflyQuery,
  nowMs: number = Date.now(),
): DragonflyAnswer {
  const queries = dragonflyQueries(request, nowMs);
  const first = queries[0] as MetricQuery;
  const fields: Record<string, MetricQueryResult["series"]> = {};
  for (const q of queries) fields[q.field] = metrics.query(q).series;
  return {
    measurement: first.measurement as MeasurementName,
    from: first.from,
    to: first.to,
    stepMs: first.stepMs,
    fields,
  };
}
