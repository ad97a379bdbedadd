import type { FieldValue, MetricPoint } from "../model/point.js";

/**
 * A point as the agent (`Point`) and the emulator (`EmulatedMetricPoint`) make it: time in ms,
 * unsigned integers as `{ unsigned }`. The collector's model keeps time in ns.
 */
export interface PlainPoint {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, FieldValue | { readonly unsigned: bigint }>>;
  /** Milliseconds since the epoch; absent: `defaultTimeMs`. */
  readonly time?: number;
}

/** Plain points into the store's model (`timeNs`, unsigned values as bigint). */
export function toMetricPoints(points: readonly PlainPoint[], defaultTimeMs: number): MetricPoint[] {
  return points.map((p) => {
    const fields: Record<string, FieldValue> = {};
    for (const [name, value] of Object.entries(p.fields))
      fields[name] = typeof value === "object" ? value.unsigned : value;
    return {
      measurement: p.measurement,
      tags: { ...p.tags },
      fields,
      timeNs: BigInt(Math.round(p.time ?? defaultTimeMs)) * 1_000_000n,
    };
  });
}
