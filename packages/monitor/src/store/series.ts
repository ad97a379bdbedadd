import { Rollups, foldBuckets, perField, statsOf } from "./rollup.js";
import { Rows } from "./rows.js";
import { Schema } from "./schema.js";
import { EntryList, codeOf, packEntry } from "./sketch.js";

export const minuteMs = 60_000;
export const hourMs = 3_600_000;

/** The key of a series: measurement and sorted tags, one string. */
export function seriesKey(measurement: string, tags: Readonly<Record<string, string>>): string {
  let key = measurement;
  for (const k of Object.keys(tags).sort()) key += `\u0000${k}\u0001${tags[k]}`;
  return key;
}

/** What a snapshot keeps of a series besides its columns. */
export interface SeriesHeader {
  measurement: string;
  tags: Record<string, string>;
  fields: string[];
  rawFrom: number;
  minuteFrom: number;
  rolledMinuteUntil: number;
  rolledHourUntil: number;
  lastReceivedMs: number;
  intervalMs: number;
  /** Snapshot layout 2: whether minute and hour rollup columns follow the rows' (absent: none). */
  rollups?: [boolean, boolean];
}

const scratch = new EntryList();

/**
 * One series (a measurement and its tags): its rows in one block (time in ms, then one number per
 * field, NaN where a point lacked the field) and per-minute and per-hour rollups of every field,
 * made when first needed. Field names live in a schema shared with every series of the same
 * fields. Writes at an existing time overwrite (as InfluxDB does), so a log replay is harmless.
 */
export class Series {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  schema: Schema;
  readonly rows: Rows;
  minutes: Rollups | undefined;
  hours: Rollups | undefined;
  /** Raw rows before this time were dropped (rollups cover them). */
  rawFrom = 0;
  /** Minute buckets before this time were dropped (hour buckets cover them). */
  minuteFrom = 0;
  rolledMinuteUntil = 0;
  rolledHourUntil = 0;
  /** When the last write for the series arrived (collector clock), and the gap before it. */
  lastReceivedMs = 0;
  intervalMs = 0;
  /** Set once the store dropped the series (caches holding it must look it up again). */
  removed = false;

  constructor(measurement: string, tags: Readonly<Record<string, string>>, schema = Schema.empty, rows?: Rows) {
    this.measurement = measurement;
    this.tags = tags;
    this.schema = schema;
    this.rows = rows ?? new Rows(1 + schema.fields.length);
  }

  get fields(): readonly string[] {
    return this.schema.fields;
  }

  fieldColumn(field: string): number | undefined {
    return this.schema.indexOf(field);
  }

  /** The number of rows and the time of row i. */
  get length(): number {
    return this.rows.length;
  }

  time(row: number): number {
    return this.rows.get(row, 0);
  }

  value(row: number, field: number): number {
    return this.rows.get(row, 1 + field);
  }

  static restore(header: SeriesHeader, columns: readonly Float64Array[], tags = header.tags): Series {
    const schema = Schema.of(header.fields);
    const fields = header.fields.length;
    let series: Series;
    if (header.rollups) {
      series = new Series(header.measurement, tags, schema, Rows.fromColumns(columns.slice(0, 1 + fields)));
      let next = 1 + fields;
      const rollupColumns = 1 + fields * perField + 1;
      if (header.rollups[0]) {
        series.minutes = Rollups.restore(fields, columns.slice(next, next + rollupColumns));
        next += rollupColumns;
      }
      if (header.rollups[1]) series.hours = Rollups.restore(fields, columns.slice(next, next + rollupColumns));
    } else {
      series = restoreLayout1(header, columns, tags, schema);
    }
    series.rawFrom = header.rawFrom;
    series.minuteFrom = header.minuteFrom;
    series.rolledMinuteUntil = header.rolledMinuteUntil;
    series.rolledHourUntil = header.rolledHourUntil;
    series.lastReceivedMs = header.lastReceivedMs;
    series.intervalMs = header.intervalMs;
    return series;
  }

  header(): SeriesHeader {
    return {
      measurement: this.measurement,
      tags: this.tags,
      fields: [...this.fields],
      rawFrom: this.rawFrom,
      minuteFrom: this.minuteFrom,
      rolledMinuteUntil: this.rolledMinuteUntil,
      rolledHourUntil: this.rolledHourUntil,
      lastReceivedMs: this.lastReceivedMs,
      intervalMs: this.intervalMs,
      rollups: [this.minutes !== undefined, this.hours !== undefined],
    };
  }

  /** Copies of every column, in the order `restore` reads them. */
  columns(): Float64Array[] {
    const out = this.rows.columns();
    if (this.minutes) out.push(...this.minutes.columns());
    if (this.hours) out.push(...this.hours.columns());
    return out;
  }

  /** Writes one row; `names[k]` gets `numbers[k]` for k in [from, to) (default all). */
  write(
    timeMs: number,
    names: readonly string[],
    numbers: ArrayLike<number>,
    from = 0,
    to: number = names.length,
  ): void {
    const rows = this.rows;
    const n = rows.length;
    let row: number;
    let fresh = true;
    if (n === 0 || rows.get(n - 1, 0) < timeMs) {
      row = rows.pushRow();
      rows.set(row, 0, timeMs);
    } else {
      row = rows.lowerBound(timeMs);
      if (row < n && rows.get(row, 0) === timeMs) {
        fresh = false;
      } else {
        rows.insertRow(row);
        rows.set(row, 0, timeMs);
      }
    }
    const late = fresh && timeMs < this.rolledMinuteUntil;
    const isLatestInMinute =
      late && (row + 1 >= rows.length || rows.get(row + 1, 0) >= bucketStart(timeMs, minuteMs) + minuteMs);
    let known = this.schema.fields;
    for (let k = from; k < to; k++) {
      const name = names[k] as string;
      // Usually the names come in the schema's order: no lookup.
      let f = k - from;
      if (known[f] !== name) {
        f = this.schema.indexOf(name) ?? this.#addField(name);
        known = this.schema.fields;
      }
      const value = numbers[k] as number;
      rows.set(row, 1 + f, value);
      if (late) {
        this.#minutes().merge(bucketStart(timeMs, minuteMs), f, value, isLatestInMinute);
        if (timeMs < this.rolledHourUntil) this.#hours().merge(bucketStart(timeMs, hourMs), f, value, false);
      }
    }
  }

  #addField(field: string): number {
    this.schema = this.schema.with(field);
    this.rows.widen(1);
    this.minutes?.addField();
    this.hours?.addField();
    return this.schema.fields.length - 1;
  }

  #minutes(): Rollups {
    return (this.minutes ??= new Rollups(this.fields.length));
  }

  #hours(): Rollups {
    return (this.hours ??= new Rollups(this.fields.length));
  }

  /** Rolls complete minutes before `untilMs` into minute buckets, and complete hours into hour buckets. */
  roll(untilMs: number): void {
    const rows = this.rows;
    const fields = this.fields.length;
    const minuteEnd = bucketStart(untilMs, minuteMs);
    if (minuteEnd > this.rolledMinuteUntil) {
      let i = rows.lowerBound(this.rolledMinuteUntil);
      const end = rows.lowerBound(minuteEnd);
      while (i < end) {
        const start = bucketStart(rows.get(i, 0), minuteMs);
        let j = i + 1;
        while (j < end && rows.get(j, 0) < start + minuteMs) j++;
        for (let f = 0; f < fields; f++) {
          const s = statsOf(rows, 1 + f, i, j, scratch);
          if (s) this.#minutes().put(this.#minutes().row(start), f, s.stats, s.sketch);
        }
        i = j;
      }
      this.rolledMinuteUntil = minuteEnd;
    }
    const hourEnd = bucketStart(this.rolledMinuteUntil, hourMs);
    if (hourEnd > this.rolledHourUntil) {
      const minutes = this.minutes;
      if (minutes) {
        let i = minutes.rows.lowerBound(this.rolledHourUntil);
        const end = minutes.rows.lowerBound(hourEnd);
        while (i < end) {
          const start = bucketStart(minutes.start(i), hourMs);
          let j = i + 1;
          while (j < end && minutes.start(j) < start + hourMs) j++;
          for (let f = 0; f < fields; f++) {
            const s = foldBuckets(minutes, f, i, j, scratch);
            if (s) this.#hours().put(this.#hours().row(start), f, s.stats, s.sketch);
          }
          i = j;
        }
      }
      this.rolledHourUntil = hourEnd;
    }
  }

  /** Drops what retention no longer keeps, never data not yet rolled up. */
  trim(rawBefore: number, minuteBefore: number, hourBefore: number): void {
    // Cuts fall on bucket edges, so a period is read from exactly one resolution.
    const rawCut = bucketStart(Math.min(rawBefore, this.rolledMinuteUntil), minuteMs);
    const n = this.rows.lowerBound(rawCut);
    if (n > 0) this.rows.dropFirst(n);
    if (rawCut > this.rawFrom) this.rawFrom = rawCut;
    const minuteCut = bucketStart(Math.min(minuteBefore, this.rolledHourUntil), hourMs);
    this.minutes?.dropBefore(minuteCut);
    if (minuteCut > this.minuteFrom) this.minuteFrom = minuteCut;
    this.hours?.dropBefore(hourBefore);
  }

  /** True when nothing is left. */
  get empty(): boolean {
    return this.rows.length === 0 && (this.minutes?.length ?? 0) === 0 && (this.hours?.length ?? 0) === 0;
  }
}

export function bucketStart(t: number, size: number): number {
  return Math.floor(t / size) * size;
}

/**
 * A series from a layout-1 snapshot (one column per field and per rollup part, a p95 per bucket
 * instead of a sketch): its rollups keep each bucket's p95 as a one-entry sketch.
 */
function restoreLayout1(
  header: SeriesHeader,
  columns: readonly Float64Array[],
  tags: Readonly<Record<string, string>>,
  schema: Schema,
): Series {
  let next = 0;
  const take = () => columns[next++] ?? new Float64Array(0);
  const times = take();
  const fields = header.fields.length;
  const rows = new Rows(1 + fields, times.length);
  for (let r = 0; r < times.length; r++) rows.set(rows.pushRow(), 0, times[r] as number);
  const series = new Series(header.measurement, tags, schema, rows);
  const rollupsOf = (f: number, parts: Float64Array[], target: Rollups) => {
    const [starts, min, max, sum, count, last, p95] = parts as [Float64Array, ...Float64Array[]];
    for (let i = 0; i < starts.length; i++) {
      const c = count?.[i] ?? 0;
      const sketch = Int32Array.of(packEntry(codeOf(p95?.[i] ?? 0), Math.max(1, Math.min(c, 8192))));
      const stats = {
        min: min?.[i] ?? NaN,
        max: max?.[i] ?? NaN,
        sum: sum?.[i] ?? NaN,
        count: c,
        last: last?.[i] ?? NaN,
      };
      target.put(target.row(starts[i] as number), f, stats, sketch);
    }
  };
  const minutes = new Rollups(fields);
  const hours = new Rollups(fields);
  for (let f = 0; f < fields; f++) {
    const values = take();
    for (let r = 0; r < values.length; r++) rows.set(r, 1 + f, values[r] as number);
    rollupsOf(f, [take(), take(), take(), take(), take(), take(), take()], minutes);
    rollupsOf(f, [take(), take(), take(), take(), take(), take(), take()], hours);
  }
  if (minutes.length > 0) series.minutes = minutes;
  if (hours.length > 0) series.hours = hours;
  return series;
}
