import { invalidArgument } from "@cloud-barista/core";
import { fieldSpec } from "../model/measurements.js";
import { COUNT, LAST, MAX, MIN, SUM } from "../store/rollup.js";
import type { Rollups } from "../store/rollup.js";
import type { Series } from "../store/series.js";
import { EntryList, codeOf, exactQuantile, packEntry, quantileOfEntries } from "../store/sketch.js";
import { exactQuantileLimit } from "./types.js";
import type { Grouping, MetricQuery, MetricQueryResult, Statistic } from "./types.js";

const groupTags: Readonly<Record<Exclude<Grouping, "series">, readonly string[]>> = {
  vm: ["ns", "mcis", "subgroup", "vm"],
  subgroup: ["ns", "mcis", "subgroup"],
  mcis: ["ns", "mcis"],
};

/** The grouping a target implies when the query names none. */
export function defaultGrouping(query: MetricQuery): Grouping {
  if (query.target.vm !== undefined) return "vm";
  if (query.target.subGroup !== undefined) return "subgroup";
  return "mcis";
}

/** Answers a (validated) query over the series that match its target and tags. */
export function runQuery(selected: readonly Series[], query: MetricQuery): MetricQueryResult {
  const grouping = query.groupBy ?? defaultGrouping(query);
  const groups = new Map<string, { tags: Record<string, string>; members: Series[] }>();
  for (const series of selected) {
    if (series.fieldColumn(query.field) === undefined) continue;
    const tags: Record<string, string> = {};
    if (grouping === "series") Object.assign(tags, series.tags);
    else for (const t of groupTags[grouping]) if (series.tags[t] !== undefined) tags[t] = series.tags[t];
    const key = JSON.stringify(tags);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { tags, members: [] }));
    group.members.push(series);
  }
  const rate = query.rate ?? fieldSpec(query.measurement, query.field)?.kind === "counter";
  const quantile = query.statistic === "p95" ? quantileMode(query, selected) : undefined;
  const out: MetricQueryResult = { series: [] };
  for (const { tags, members } of [...groups.values()].sort((a, b) => compareTags(a.tags, b.tags))) {
    const buckets = new Buckets(query, quantile);
    for (const series of members) buckets.addSeries(series, query.field, rate);
    const points = buckets.points(query.statistic);
    if (points.length > 0) out.series.push({ tags, points });
  }
  return out;
}

/** Exact p95 over raw samples when asked, or by default when few; sketches otherwise. */
function quantileMode(query: MetricQuery, selected: readonly Series[]): "exact" | "sketch" {
  if (query.quantile === "sketch") return "sketch";
  let rawSamples = 0;
  for (const series of selected) {
    const f = series.fieldColumn(query.field);
    if (f === undefined) continue;
    const hasRollups = (series.minutes?.length ?? 0) > 0 || (series.hours?.length ?? 0) > 0;
    if (query.from < series.rawFrom && hasRollups) {
      if (query.quantile === "exact") {
        throw invalidArgument(
          "quantile",
          "exact-needs-raw",
          `exact p95 needs raw samples, kept from ${new Date(series.rawFrom).toISOString()} on; use "sketch" (within 1 %)`,
        );
      }
      return "sketch";
    }
    const from = Math.max(query.from, series.rawFrom);
    rawSamples += series.rows.lowerBound(query.to) - series.rows.lowerBound(from);
  }
  return query.quantile === "exact" || rawSamples <= exactQuantileLimit ? "exact" : "sketch";
}

function compareTags(a: Record<string, string>, b: Record<string, string>): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A growable Float64Array (the raw samples of one bucket, for an exact quantile). */
class Samples {
  data = new Float64Array(0);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(Math.max(16, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** Per-bucket accumulators of one group. */
class Buckets {
  readonly #from: number;
  readonly #to: number;
  readonly #step: number;
  readonly #n: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
  readonly count: Float64Array;
  readonly lastSum: Float64Array;
  readonly lastCount: Float64Array;
  readonly #memberLast: Float64Array;
  readonly #exact: Samples[] | undefined;
  readonly #sketch: EntryList[] | undefined;
  #prevT = NaN;
  #prevV = NaN;

  constructor(query: MetricQuery, quantile: "exact" | "sketch" | undefined) {
    this.#from = query.from;
    this.#to = query.to;
    this.#step = query.stepMs;
    this.#n = Math.ceil((query.to - query.from) / query.stepMs);
    this.min = new Float64Array(this.#n).fill(Infinity);
    this.max = new Float64Array(this.#n).fill(-Infinity);
    this.sum = new Float64Array(this.#n);
    this.count = new Float64Array(this.#n);
    this.lastSum = new Float64Array(this.#n);
    this.lastCount = new Float64Array(this.#n);
    this.#memberLast = new Float64Array(this.#n);
    this.#exact = quantile === "exact" ? Array.from({ length: this.#n }, () => new Samples()) : undefined;
    this.#sketch = quantile === "sketch" ? Array.from({ length: this.#n }, () => new EntryList()) : undefined;
  }

  addSeries(series: Series, field: string, rate: boolean): void {
    const f = series.fieldColumn(field) as number;
    this.#memberLast.fill(NaN);
    this.#prevT = NaN;
    this.#prevV = NaN;
    // Oldest data first: hour buckets, then minute buckets, then raw rows, each where the finer
    // resolution no longer reaches.
    if (series.hours) this.#addRollup(series.hours, f, this.#from, Math.min(this.#to, series.minuteFrom), rate);
    if (series.minutes) {
      const from = Math.max(this.#from, series.minuteFrom);
      this.#addRollup(series.minutes, f, from, Math.min(this.#to, series.rawFrom), rate);
    }
    this.#addRaw(series, f, Math.max(this.#from, series.rawFrom), this.#to, rate);
    for (let k = 0; k < this.#n; k++) {
      const v = this.#memberLast[k] as number;
      if (Number.isNaN(v)) continue;
      this.lastSum[k] = (this.lastSum[k] as number) + v;
      this.lastCount[k] = (this.lastCount[k] as number) + 1;
    }
  }

  #addRaw(series: Series, f: number, from: number, to: number, rate: boolean): void {
    if (to <= from) return;
    const rows = series.rows;
    const begin = rows.lowerBound(from);
    const end = rows.lowerBound(to);
    // Straight over the block: the time column and the field's column, each contiguous.
    const { buf } = rows;
    const times = rows.offset(0);
    const values = rows.offset(1 + f);
    const exact = this.#exact;
    const sketch = this.#sketch;
    const { min, max, sum, count } = this;
    const memberLast = this.#memberLast;
    const origin = this.#from;
    const step = this.#step;
    const n = this.#n;
    // Times ascend: the bucket index is recomputed only when a row crosses into the next bucket.
    let k = -1;
    let edge = -Infinity;
    for (let i = rate ? Math.max(0, begin - 1) : begin; i < end; i++) {
      const t = buf[times + i] as number;
      let v = buf[values + i] as number;
      if (Number.isNaN(v)) continue;
      if (rate) {
        const pt = this.#prevT;
        const pv = this.#prevV;
        this.#prevT = t;
        this.#prevV = v;
        if (Number.isNaN(pt) || v < pv || t <= pt) continue;
        v = (v - pv) / ((t - pt) / 1000);
      }
      if (t < from) continue;
      if (t >= edge) {
        k = Math.floor((t - origin) / step);
        edge = origin + (k + 1) * step;
      }
      if (k < 0 || k >= n) continue;
      if (v < (min[k] as number)) min[k] = v;
      if (v > (max[k] as number)) max[k] = v;
      sum[k] = (sum[k] as number) + v;
      count[k] = (count[k] as number) + 1;
      memberLast[k] = v;
      if (exact) (exact[k] as Samples).push(v);
      else if (sketch) (sketch[k] as EntryList).push(packEntry(codeOf(v), 1));
    }
  }

  #addRollup(rollups: Rollups, f: number, from: number, to: number, rate: boolean): void {
    if (to <= from) return;
    const begin = rollups.rows.lowerBound(from);
    const end = rollups.rows.lowerBound(to);
    for (let i = rate ? Math.max(0, begin - 1) : begin; i < end; i++) {
      const t = rollups.start(i);
      const count = rollups.get(i, f, COUNT);
      if (!(count > 0)) continue;
      if (rate) {
        const v = rollups.get(i, f, LAST);
        const pt = this.#prevT;
        const pv = this.#prevV;
        this.#prevT = t;
        this.#prevV = v;
        if (Number.isNaN(pt) || v < pv || t <= pt || t < from) continue;
        const r = (v - pv) / ((t - pt) / 1000);
        this.#add(Math.floor((t - this.#from) / this.#step), r, r, r, 1, r, undefined);
        continue;
      }
      if (t < from) continue;
      this.#add(
        Math.floor((t - this.#from) / this.#step),
        rollups.get(i, f, MIN),
        rollups.get(i, f, MAX),
        rollups.get(i, f, SUM),
        count,
        rollups.get(i, f, LAST),
        rollups.sketch(i, f),
      );
    }
  }

  /** A rollup bucket (or a rate from two), with its sketch (undefined: the single value `min`). */
  #add(k: number, min: number, max: number, sum: number, count: number, last: number, sketch?: Int32Array): void {
    if (k < 0 || k >= this.#n) return;
    if (min < (this.min[k] as number)) this.min[k] = min;
    if (max > (this.max[k] as number)) this.max[k] = max;
    this.sum[k] = (this.sum[k] as number) + sum;
    this.count[k] = (this.count[k] as number) + count;
    this.#memberLast[k] = last;
    const entries = this.#sketch?.[k];
    if (!entries) return;
    if (sketch) entries.pushAll(sketch, 0, sketch.length);
    else entries.push(packEntry(codeOf(min), 1));
  }

  points(statistic: Statistic): [number, number][] {
    const out: [number, number][] = [];
    for (let k = 0; k < this.#n; k++) {
      if ((this.count[k] as number) === 0) continue;
      const t = this.#from + k * this.#step;
      switch (statistic) {
        case "min":
          out.push([t, this.min[k] as number]);
          break;
        case "max":
          out.push([t, this.max[k] as number]);
          break;
        case "avg":
          out.push([t, (this.sum[k] as number) / (this.count[k] as number)]);
          break;
        case "last":
          out.push([t, (this.lastSum[k] as number) / (this.lastCount[k] as number)]);
          break;
        case "p95":
          out.push([t, this.#p95(k)]);
          break;
      }
    }
    return out;
  }

  #p95(k: number): number {
    const samples = this.#exact?.[k];
    if (samples) return exactQuantile(samples.data.subarray(0, samples.length), 0.95);
    const entries = this.#sketch?.[k];
    if (!entries) return NaN;
    // A sketch's value is within 1 % of the true one; the bucket's own extremes bound it exactly.
    const v = quantileOfEntries(entries.data, 0.95, entries.length);
    return Math.min(Math.max(v, this.min[k] as number), this.max[k] as number);
  }
}
