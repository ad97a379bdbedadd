import type { FieldValue, MetricPoint } from "../model/point.js";

/**
 * Points as line protocol for InfluxDB, timestamps in units of `nanosPerUnit` (truncated, as
 * InfluxDB's own clients do); tags sorted (InfluxDB's preferred order), empty tag values left out.
 */
export function formatForInflux(points: readonly MetricPoint[], nanosPerUnit: bigint): string {
  let out = "";
  for (const p of points) {
    out += escape(p.measurement, measurementSpecials);
    for (const key of Object.keys(p.tags).sort()) {
      const value = p.tags[key];
      if (value === undefined || value === "") continue;
      out += `,${escape(key, keySpecials)}=${escape(value, keySpecials)}`;
    }
    let sep = " ";
    for (const [key, value] of Object.entries(p.fields)) {
      out += `${sep}${escape(key, keySpecials)}=${formatValue(value)}`;
      sep = ",";
    }
    out += ` ${nanosPerUnit === 1n ? p.timeNs : p.timeNs / nanosPerUnit}\n`;
  }
  return out;
}

const measurementSpecials = /[, \\]/g;
const keySpecials = /[,= \\]/g;

function escape(s: string, specials: RegExp): string {
  specials.lastIndex = 0;
  return specials.test(s) ? s.replace(specials, (c) => `\\${c}`) : s;
}

function formatValue(value: FieldValue): string {
  switch (typeof value) {
    case "bigint":
      return value <= 9_223_372_036_854_775_807n ? `${value}i` : `${value}u`;
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    default:
      return String(value);
  }
}
