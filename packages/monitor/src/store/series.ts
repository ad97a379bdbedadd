import { Column, lowerBound } from "./column.js";
import { Rollup, foldBuckets, statsOf } from "./rollup.js";

export const minuteMs = 60_000;
export const hourMs = 3_600_000;

/** The key of a series: measurement and sorted tags, one string. */
export function seriesKey(measurement: string, tags: Record<string, string>): string {
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
}

/**
 * One series (a measurement and its tags) in columns: a time column (ms) and one value column
 * per field, NaN where a point lacked the field; per-minute and per-hour rollups per field.
 * Writes at an existing time overwrite (as InfluxDB does), which also makes a log replay harmless.
 */
export class Series {
  readonly measurement: string;
  readonly tags: Record<string, string>;
  readonly times: Column;
  readonly fields: string[] = [];
  readonly #fieldIndex = new Map<string, number>();
  readonly values: Column[] = [];
  readonly minutes: Rollup[] = [];
  readonly hours: Rollup[] = [];
  /** Raw rows before this time were dropped (rollups cover them). */
  rawFrom = 0;
  /** Minute buckets before this time were dropped (hour buckets cover them). */
  minuteFrom = 0;
  rolledMinuteUntil = 0;
  rolledHourUntil = 0;
  /** When the last write for the series arrived (collector clock), and the gap before it. */
  lastReceivedMs = 0;
  intervalMs = 0;

  constructor(measurement: string, tags: Record<string, string>, times?: Column) {
    this.measurement = measurement;
    this.tags = tags;
    this.times = times ?? new Column();
  }

  static restore(header: SeriesHeader, columns: Float64Array[]): Series {
    let next = 0;
    const take = () => columns[next++] ?? new Float64Array(0);
    const series = new Series(header.measurement, header.tags, Column.from(take()));
    for (const field of header.fields) {
      series.#fieldIndex.set(field, series.fields.length);
      series.fields.push(field);
      series.values.push(Column.from(take()));
      series.minutes.push(new Rollup([take(), take(), take(), take(), take(), take(), take()]));
      series.hours.push(new Rollup([take(), take(), take(), take(), take(), take(), take()]));
    }
    Object.assign(series, {
      rawFrom: header.rawFrom,
      minuteFrom: header.minuteFrom,
      rolledMinuteUntil: header.rolledMinuteUntil,
      rolledHourUntil: header.rolledHourUntil,
      lastReceivedMs: header.lastReceivedMs,
      intervalMs: header.intervalMs,
    });
    return series;
  }

  header(): SeriesHeader {
    return {
      measurement: this.measurement,
      tags: this.tags,
      fields: this.fields,
      rawFrom: this.rawFrom,
      minuteFrom: this.minuteFrom,
      rolledMinuteUntil: this.rolledMinuteUntil,
      rolledHourUntil: this.rolledHourUntil,
      lastReceivedMs: this.lastReceivedMs,
      intervalMs: this.intervalMs,
    };
  }

  /** Copies of every column, in the order `restore` reads them. */
  columns(): Float64Array[] {
    const out = [this.times.view().slice()];
    for (let f = 0; f < this.fields.length; f++) {
      out.push((this.values[f] as Column).view().slice());
      for (const c of (this.minutes[f] as Rollup).columns()) out.push(c.slice());
      for (const c of (this.hours[f] as Rollup).columns()) out.push(c.slice());
    }
    return out;
  }

  fieldColumn(field: string): number | undefined {
    return this.#fieldIndex.get(field);
  }

  /** Writes one row; `names[k]` gets `numbers[k]` for k in [from, to) (default all). */
  write(
    timeMs: number,
    names: readonly string[],
    numbers: ArrayLike<number>,
    from = 0,
    to: number = names.length,
  ): void {
    const n = this.times.length;
    let row: number;
    let fresh = true;
    if (n === 0 || this.times.at(n - 1) < timeMs) {
      row = n;
      this.times.push(timeMs);
      for (const column of this.values) column.push(NaN);
    } else {
      row = lowerBound(this.times, timeMs);
      if (row < n && this.times.at(row) === timeMs) {
        fresh = false;
      } else {
        this.times.insert(row, timeMs);
        for (const column of this.values) column.insert(row, NaN);
      }
    }
    const late = fresh && timeMs < this.rolledMinuteUntil;
    const isLatestInMinute =
      late && (row + 1 >= this.times.length || this.times.at(row + 1) >= bucketStart(timeMs, minuteMs) + minuteMs);
    for (let k = from; k < to; k++) {
      const f = this.#column(names[k] as string);
      const value = numbers[k] as number;
      (this.values[f] as Column).set(row, value);
      if (late) {
        (this.minutes[f] as Rollup).merge(bucketStart(timeMs, minuteMs), value, isLatestInMinute);
        if (timeMs < this.rolledHourUntil) (this.hours[f] as Rollup).merge(bucketStart(timeMs, hourMs), value, false);
      }
    }
  }

  #column(field: string): number {
    let f = this.#fieldIndex.get(field);
    if (f !== undefined) return f;
    f = this.fields.length;
    this.#fieldIndex.set(field, f);
    this.fields.push(field);
    const column = new Column(Math.max(16, this.times.length));
    for (let i = 0; i < this.times.length; i++) column.push(NaN);
    this.values.push(column);
    this.minutes.push(new Rollup());
    this.hours.push(new Rollup());
    return f;
  }

  /** Rolls complete minutes before `untilMs` into minute buckets, and complete hours into hour buckets. */
  roll(untilMs: number): void {
    const minuteEnd = bucketStart(untilMs, minuteMs);
    if (minuteEnd > this.rolledMinuteUntil) {
      let i = lowerBound(this.times, this.rolledMinuteUntil);
      const end = lowerBound(this.times, minuteEnd);
      while (i < end) {
        const start = bucketStart(this.times.at(i), minuteMs);
        let j = i + 1;
        while (j < end && this.times.at(j) < start + minuteMs) j++;
        for (let f = 0; f < this.fields.length; f++) {
          const stats = statsOf(this.values[f] as Column, i, j);
          if (stats) (this.minutes[f] as Rollup).put(start, stats);
        }
        i = j;
      }
      this.rolledMinuteUntil = minuteEnd;
    }
    const hourEnd = bucketStart(this.rolledMinuteUntil, hourMs);
    if (hourEnd > this.rolledHourUntil) {
      for (let f = 0; f < this.fields.length; f++) {
        const minutes = this.minutes[f] as Rollup;
        let i = lowerBound(minutes.starts, this.rolledHourUntil);
        const end = lowerBound(minutes.starts, hourEnd);
        while (i < end) {
          const start = bucketStart(minutes.starts.at(i), hourMs);
          let j = i + 1;
          while (j < end && minutes.starts.at(j) < start + hourMs) j++;
          const stats = foldBuckets(minutes, i, j);
          if (stats) (this.hours[f] as Rollup).put(start, stats);
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
    const rows = lowerBound(this.times, rawCut);
    if (rows > 0) {
      this.times.dropFirst(rows);
      for (const column of this.values) column.dropFirst(rows);
    }
    if (rawCut > this.rawFrom) this.rawFrom = rawCut;
    const minuteCut = bucketStart(Math.min(minuteBefore, this.rolledHourUntil), hourMs);
    for (const m of this.minutes) m.dropBefore(minuteCut);
    if (minuteCut > this.minuteFrom) this.minuteFrom = minuteCut;
    for (const h of this.hours) h.dropBefore(hourBefore);
  }

  /** True when nothing is left. */
  get empty(): boolean {
    return (
      this.times.length === 0 && this.minutes.every((m) => m.length === 0) && this.hours.every((h) => h.length === 0)
    );
  }
}

export function bucketStart(t: number, size: number): number {
  return Math.floor(t / size) * size;
}
