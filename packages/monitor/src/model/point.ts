/** A field value as line protocol carries it. */
export type FieldValue = number | bigint | boolean | string;

/**
 * One point: a measurement, its tags (identity tags and the measurement's own, e.g. `cpu`,
 * `interface`), fields and a time in nanoseconds since the epoch (a bigint: milliseconds lose
 * what agents send).
 */
export interface MetricPoint {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  timeNs: bigint;
}

/** Milliseconds since the epoch of a point's time (the store's resolution). */
export function pointTimeMs(point: MetricPoint): number {
  return Number(point.timeNs / 1_000_000n);
}
