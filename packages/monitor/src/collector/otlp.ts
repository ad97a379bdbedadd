import type { MetricPoint } from "../model/point.js";

/**
 * OTLP/HTTP metrics in JSON (`POST /v1/metrics`, an ExportMetricsServiceRequest in protobuf's JSON
 * mapping) onto the model: each metric becomes a measurement named after it, a data point becomes
 * a point whose tags are the resource's and the point's attributes and whose fields are:
 *
 * - gauge and sum: `value` (asDouble or asInt);
 * - histogram, exponential histogram and summary: `count` and `sum` (and `min`, `max` when sent);
 *   buckets and quantiles are not kept.
 *
 * Identity tags come from the resource: `cb.ns`, `cb.mcis`, `cb.subgroup`, `cb.vm` (or the bare
 * names), `cloud.provider` → `provider`, `cloud.region` → `region`, `host.name` → `host`. Other
 * attribute keys are kept as tags as they are. See docs/monitor.md.
 */
export interface OtlpResult {
  points: MetricPoint[];
  /** Data points left out (no value, a bad time), with the first reason. */
  rejected: number;
  firstError?: string;
}

const identityKeys: Readonly<Record<string, string>> = {
  "cb.ns": "ns",
  "cb.mcis": "mcis",
  "cb.subgroup": "subgroup",
  "cb.vm": "vm",
  "cloud.provider": "provider",
  "cloud.region": "region",
  "host.name": "host",
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** An attribute value as a tag (strings as they are; arrays and maps as JSON). */
function attributeText(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.stringValue === "string") return value.stringValue;
  if (typeof value.boolValue === "boolean") return String(value.boolValue);
  if (typeof value.intValue === "string" || typeof value.intValue === "number") return String(value.intValue);
  if (typeof value.doubleValue === "number") return String(value.doubleValue);
  if (value.arrayValue !== undefined || value.kvlistValue !== undefined) return JSON.stringify(value);
  return undefined;
}

function addAttributes(tags: Record<string, string>, attributes: unknown): void {
  for (const a of list(attributes)) {
    if (!isObject(a) || typeof a.key !== "string" || a.key === "") continue;
    const text = attributeText(a.value);
    // Newlines cannot be logged as line protocol; such a tag is left out.
    if (text === undefined || text.includes("\n") || a.key.includes("\n")) continue;
    tags[identityKeys[a.key] ?? a.key] = text;
  }
}

/** A uint64/int64 in protobuf's JSON mapping: a decimal string, or a number. */
function int64(v: unknown): bigint | undefined {
  if (typeof v === "string" && /^-?\d{1,20}$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

function finite(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  // protobuf's JSON mapping spells the specials as strings; they are not stored.
  return undefined;
}

/** Maps an ExportMetricsServiceRequest (parsed JSON); malformed parts are skipped and counted. */
export function otlpToPoints(request: unknown, defaultTimeNs: bigint): OtlpResult {
  const result: OtlpResult = { points: [], rejected: 0 };
  const reject = (why: string) => {
    result.rejected++;
    result.firstError ??= why;
  };
  if (!isObject(request)) {
    reject("the body is not an ExportMetricsServiceRequest object");
    return result;
  }
  for (const rm of list(request.resourceMetrics)) {
    if (!isObject(rm)) continue;
    const resourceTags: Record<string, string> = {};
    if (isObject(rm.resource)) addAttributes(resourceTags, rm.resource.attributes);
    for (const sm of list(rm.scopeMetrics)) {
      if (!isObject(sm)) continue;
      for (const metric of list(sm.metrics)) {
        if (!isObject(metric) || typeof metric.name !== "string" || metric.name === "" || metric.name.includes("\n")) {
          reject("a metric without a name");
          continue;
        }
        const name = metric.name;
        const kind = (["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const).find((k) =>
          isObject(metric[k]),
        );
        if (!kind) {
          reject(`metric ${name}: no gauge, sum, histogram, exponentialHistogram or summary`);
          continue;
        }
        for (const dp of list((metric[kind] as Json).dataPoints)) {
          if (!isObject(dp)) continue;
          const time = dp.timeUnixNano === undefined ? defaultTimeNs : int64(dp.timeUnixNano);
          if (time === undefined || time < 0n) {
            reject(`metric ${name}: timeUnixNano is not a uint64`);
            continue;
          }
          const fields: Record<string, number | bigint> = {};
          if (kind === "gauge" || kind === "sum") {
            const double = finite(dp.asDouble);
            const int = int64(dp.asInt);
            if (double !== undefined) fields.value = double;
            else if (int !== undefined) fields.value = int;
          } else {
            const count = int64(dp.count);
            if (count !== undefined) fields.count = count;
            const sum = finite(dp.sum);
            if (sum !== undefined) fields.sum = sum;
            const min = finite(dp.min);
            if (min !== undefined) fields.min = min;
            const max = finite(dp.max);
            if (max !== undefined) fields.max = max;
          }
          if (Object.keys(fields).length === 0) {
            reject(`metric ${name}: a data point without a value`);
            continue;
          }
          const tags = { ...resourceTags };
          addAttributes(tags, dp.attributes);
          result.points.push({ measurement: name, tags, fields, timeNs: time });
        }
      }
    }
  }
  return result;
}
