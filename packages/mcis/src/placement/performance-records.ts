import { invalidArgument } from "@cloud-barista/core";
import type { Store, StoreCallOptions } from "@cloud-barista/core";
import type { SpecKey } from "./performance.js";
import { performanceMetrics } from "./performance-score.js";
import type { PerformanceMetric } from "./performance-score.js";
import { requireNonNegative, requirePositiveInteger, requireProvider } from "../util/validate.js";

// Key layout in core's store (components URI-encoded, so a '/' in a spec name cannot shift them):
//   placement/performance/<provider>/<region>/<spec>/<metric>   the latest figure of one spec
//   placement/rtt/<provider>/<region>/<toProvider>/<toRegion>  the latest RTT between two regions
const figurePrefix = "placement/performance/";
const rttPrefix = "placement/rtt/";
const part = (s: string): string => encodeURIComponent(s);

/** One measured figure of a spec in a region: the median over the VMs of that spec a run measured. */
export interface PerformanceRecord {
  readonly spec: SpecKey;
  readonly metric: PerformanceMetric;
  readonly value: number;
  /** e.g. "ops/s", "MB/s", "tx/s". */
  readonly unit: string;
  /** How it was measured, e.g. "cpu-loop", "sysbench-cpu", "dd-direct". */
  readonly method: string;
  readonly measuredAt: Date;
  /** VMs the figure is the median of. */
  readonly samples: number;
}

/** A measured round-trip time from VMs in one region to VMs in another (median over the pairs). */
export interface RttRecord {
  readonly from: { readonly provider: SpecKey["provider"]; readonly region: string };
  readonly to: { readonly provider: SpecKey["provider"]; readonly region: string };
  readonly ms: number;
  readonly method: string;
  readonly measuredAt: Date;
  readonly samples: number;
}

/** The store key of a spec's measured figure. */
export const performanceRecordKey = (spec: SpecKey, metric: string): string =>
  `${figurePrefix}${part(spec.provider)}/${part(spec.region)}/${part(spec.specName)}/${part(metric)}`;

/** The store key of the measured round-trip time between two regions. */
export const rttRecordKey = (from: RttRecord["from"], to: RttRecord["to"]): string =>
  `${rttPrefix}${part(from.provider)}/${part(from.region)}/${part(to.provider)}/${part(to.region)}`;

/** Checks a record (InvalidArgument naming the field) before it is stored. */
export function checkPerformanceRecord(record: PerformanceRecord, field = "record"): PerformanceRecord {
  requireProvider(`${field}.spec.provider`, record.spec.provider);
  for (const key of ["region", "specName"] as const) {
    if (typeof record.spec[key] !== "string" || record.spec[key] === "")
      throw invalidArgument(`${field}.spec.${key}`, "required", "must be a non-empty string");
  }
  if (!(performanceMetrics as readonly string[]).includes(record.metric))
    throw invalidArgument(`${field}.metric`, "unknown-metric", `must be one of ${performanceMetrics.join(", ")}`);
  requireNonNegative(`${field}.value`, record.value);
  requireText(`${field}.unit`, record.unit);
  requireText(`${field}.method`, record.method);
  requireDate(`${field}.measuredAt`, record.measuredAt);
  requirePositiveInteger(`${field}.samples`, record.samples);
  return record;
}

/** Checks an RTT record (InvalidArgument naming the field) before it is stored. */
export function checkRttRecord(record: RttRecord, field = "record"): RttRecord {
  for (const end of ["from", "to"] as const) {
    requireProvider(`${field}.${end}.provider`, record[end].provider);
    if (typeof record[end].region !== "string" || record[end].region === "")
      throw invalidArgument(`${field}.${end}.region`, "required", "must be a non-empty string");
  }
  requireNonNegative(`${field}.ms`, record.ms);
  requireText(`${field}.method`, record.method);
  requireDate(`${field}.measuredAt`, record.measuredAt);
  requirePositiveInteger(`${field}.samples`, record.samples);
  return record;
}

/** Stores figures and RTTs in one commit; each replaces the previous one of its key. */
export async function putPerformanceRecords(
  store: Store,
  records: { figures?: readonly PerformanceRecord[]; rtts?: readonly RttRecord[] },
  options: StoreCallOptions = {},
): Promise<void> {
  const figures = (records.figures ?? []).map((r, i) => checkPerformanceRecord(r, `figures[${i}]`));
  const rtts = (records.rtts ?? []).map((r, i) => checkRttRecord(r, `rtts[${i}]`));
  const ops = [
    ...figures.map((r) => ({
      op: "put" as const,
      key: performanceRecordKey(r.spec, r.metric),
      value: JSON.stringify({ ...r, measuredAt: r.measuredAt.toISOString() }),
    })),
    ...rtts.map((r) => ({
      op: "put" as const,
      key: rttRecordKey(r.from, r.to),
      value: JSON.stringify({ ...r, measuredAt: r.measuredAt.toISOString() }),
    })),
  ];
  if (ops.length > 0) await store.commit(ops, options);
}

/** What the store holds; entries that do not parse as records are named in `invalid`, not used. */
export interface StoredPerformance {
  readonly figures: PerformanceRecord[];
  readonly rtts: RttRecord[];
  /** Keys of entries that are not valid records (written by something else, or damaged). */
  readonly invalid: string[];
}

/** Every stored performance figure and round-trip time. */
export async function readPerformanceRecords(store: Store, options: StoreCallOptions = {}): Promise<StoredPerformance> {
  const [figureEntries, rttEntries] = await Promise.all([
    store.list(figurePrefix, options),
    store.list(rttPrefix, options),
  ]);
  const invalid: string[] = [];
  const parse = <T>(key: string, value: string, check: (r: T) => T): T | undefined => {
    try {
      const raw = JSON.parse(value) as Record<string, unknown>;
      return check({ ...raw, measuredAt: new Date(String(raw.measuredAt)) } as T);
    } catch {
      invalid.push(key);
      return undefined;
    }
  };
  const figures = figureEntries.flatMap((e) => parse<PerformanceRecord>(e.key, e.value, checkPerformanceRecord) ?? []);
  const rtts = rttEntries.flatMap((e) => parse<RttRecord>(e.key, e.value, checkRttRecord) ?? []);
  return { figures, rtts, invalid };
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== "string" || value === "" || value.length > 64)
    throw invalidArgument(field, "required", "must be a non-empty string of at most 64 characters");
}

function requireDate(field: string, value: unknown): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw invalidArgument(field, "date", "must be a valid Date");
}
