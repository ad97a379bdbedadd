import type { Series } from "./series.js";

/** A series as `/write` named it: parsed once, then found again by its raw text. */
export interface SeriesRef {
  measurement: string;
  tags: Readonly<Record<string, string>>;
  /** `seriesKey(measurement, tags)`. */
  key: string;
  /** The store's series, once a row of it was stored (the store sets it). */
  series?: Series;
}

/**
 * Points in columns, without an object per point: row r is `refs[r]` at `times[r]` (ms) with the
 * values `names[k] = values[k]` for k in [ends[r-1], ends[r]). `ingestLineProtocol` fills it
 * from a `/write` body; `EmbeddedStore.writeColumns` stores it.
 */
export interface ColumnBatch {
  rows: number;
  refs: SeriesRef[];
  times: Float64Array;
  ends: Int32Array;
  names: string[];
  values: Float64Array;
  /** Points parsed (a point without numeric fields is parsed but not stored). */
  points: number;
  /** Numeric values in the batch. */
  samples: number;
  /** String fields, which the store does not keep. */
  skippedFields: number;
  /** Lines without a timestamp (they got the default time). */
  untimed: number;
  /** Lines the byte-level fast path left to parseLineProtocol (new series, escapes, strings…). */
  slowLines: number;
}

/** An empty batch with room for `rows` rows and `values` values (it grows as needed). */
export function newColumnBatch(rows: number, values: number): ColumnBatch {
  return {
    rows: 0,
    refs: [],
    times: new Float64Array(Math.max(rows, 16)),
    ends: new Int32Array(Math.max(rows, 16)),
    names: [],
    values: new Float64Array(Math.max(values, 64)),
    points: 0,
    samples: 0,
    skippedFields: 0,
    untimed: 0,
    slowLines: 0,
  };
}

/** Room for one more row. */
export function growRows(batch: ColumnBatch): void {
  if (batch.rows < batch.times.length) return;
  const times = new Float64Array(batch.times.length * 2);
  times.set(batch.times);
  const ends = new Int32Array(batch.ends.length * 2);
  ends.set(batch.ends);
  batch.times = times;
  batch.ends = ends;
}

/** Room for `extra` more values. */
export function growValues(batch: ColumnBatch, extra: number): void {
  const need = batch.samples + extra;
  if (need <= batch.values.length) return;
  const values = new Float64Array(Math.max(need, batch.values.length * 2));
  values.set(batch.values.subarray(0, batch.samples));
  batch.values = values;
}
