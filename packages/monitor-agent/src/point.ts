/**
 * An unsigned 64-bit integer field (line protocol `u`). Telegraf sends its unsigned counters as signed
 * integers unless told otherwise; the agent does the same, so this type is for callers that need `u`.
 */
export interface UnsignedValue {
  readonly unsigned: bigint;
}

/**
 * A field value: `number` is a float, `bigint` a signed 64-bit integer (`i`), then booleans, strings
 * and unsigned integers. /proc counters are read as bigint so 64-bit values stay exact.
 */
export type FieldValue = number | bigint | boolean | string | UnsignedValue;

/** One measurement at one time: Telegraf's shape (measurement, tags, fields). */
export interface Point {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Milliseconds since the Unix epoch; absent: the receiver's clock. */
  readonly time?: number;
}

/** The points with `tags` added to each (a point's own tags win). */
export function withTags(points: readonly Point[], tags: Readonly<Record<string, string>>): Point[] {
  return points.map((p) => ({ ...p, tags: { ...tags, ...p.tags } }));
}
