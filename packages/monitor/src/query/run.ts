import { fieldSpec } from "../model/measurements.js";
import { lowerBound } from "../store/column.js";
import type { Rollup } from "../store/rollup.js";
import { p95Of } from "../store/rollup.js";
import type { Series } from "../store/series.js";
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
  const out: MetricQueryResult = { series: [] };
  for (const { tags, members } of [...groups.values()].sort((a, b) => compareTags(a.tags, b.tags))) {
    const buckets = new Buckets(query, query.statistic === "p95");
    for (const series of members) buckets.addSeries(series, query.field, rate);
    const points = buckets.points(query.statistic);
    if (points.length > 0) out.series.push({ tags, points });
  }
  return out;
}

function compareTags(a: Record<string, string>, b: Record<string, string>): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
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
  readonly #p95: number[][] | undefined;
  #prevT = NaN;
  #prevV = NaN;

  constructor(query: MetricQuery, wantP95: boolean) {
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
    this.#p95 = wantP95 ? Array.from({ length: this.#n }, () => []) : undefined;
  }

  addSeries(series: Series, field: string, rate: boolean): void {
    const f = series.fieldColumn(field) as number;
    this.#memberLast.fill(NaN);
    this.#prevT = NaN;
    this.#prevV = NaN;
    // Oldest data first: hour buckets, then minute buckets, then raw rows, each where the finer
    // resolution no longer reaches.
    this.#addRollup(series.hours[f] as Rollup, this.#from, Math.min(this.#to, series.minuteFrom), rate);
    this.#addRollup(
      series.minutes[f] as Rollup,
      Math.max(this.#from, series.minuteFrom),
      Math.min(this.#to, series.rawFrom),
      rate,
    );
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
    const times = series.times;
    const values = series.values[f];
    if (!values) return;
    const begin = lowerBound(times, from);
    const end = lowerBound(times, to);
    for (let i = rate ? Math.max(0, begin - 1) : begin; i < end; i++) {
      const t = times.at(i);
      let v = values.at(i);
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
      this.#add(Math.floor((t - this.#from) / this.#step), v, v, v, 1, v, v);
    }
  }

  #addRollup(rollup: Rollup, from: number, to: number, rate: boolean): void {
    if (to <= from) return;
    const begin = lowerBound(rollup.starts, from);
    const end = lowerBound(rollup.starts, to);
    const { min, max, sum, count, last, p95 } = rollup.parts;
    for (let i = rate ? Math.max(0, begin - 1) : begin; i < end; i++) {
      const t = rollup.starts.at(i);
      if (rate) {
        const v = last.at(i);
        const pt = this.#prevT;
        const pv = this.#prevV;
        this.#prevT = t;
        this.#prevV = v;
        if (Number.isNaN(pt) || v < pv || t <= pt || t < from) continue;
        const r = (v - pv) / ((t - pt) / 1000);
        this.#add(Math.floor((t - this.#from) / this.#step), r, r, r, 1, r, r);
        continue;
      }
      if (t < from) continue;
      this.#add(
        Math.floor((t - this.#from) / this.#step),
        min.at(i),
        max.at(i),
        sum.at(i),
        count.at(i),
        last.at(i),
        p95.at(i),
      );
    }
  }

  #add(k: number, min: number, max: number, sum: number, count: number, last: number, p95: number): void {
    if (k < 0 || k >= this.#n) return;
    if (min < (this.min[k] as number)) this.min[k] = min;
    if (max > (this.max[k] as number)) this.max[k] = max;
    this.sum[k] = (this.sum[k] as number) + sum;
    this.count[k] = (this.count[k] as number) + count;
    this.#memberLast[k] = last;
    this.#p95?.[k]?.push(p95);
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
          out.push([t, p95Of(this.#p95?.[k] ?? [])]);
          break;
      }
    }
    return out;
  }
}
