import type { FieldValue, MetricPoint } from "../model/point.js";

/** Formats points as line protocol with ns timestamps (the store's log and an InfluxDB sink use it). */
export function formatLineProtocol(points: readonly MetricPoint[]): string {
  let out = "";
  for (const p of points) {
    out += escapeMeasurement(p.measurement);
    for (const key of Object.keys(p.tags).sort()) {
      const value = p.tags[key];
      if (value === undefined || value === "") continue;
      out += `,${escapeKey(key)}=${escapeKey(value)}`;
    }
    let sep = " ";
    for (const [key, value] of Object.entries(p.fields)) {
      out += `${sep}${escapeKey(key)}=${formatValue(value)}`;
      sep = ",";
    }
    out += ` ${p.timeNs}\n`;
  }
  return out;
}

function formatValue(value: FieldValue): string {
  switch (typeof value) {
    case "bigint":
      return value < 0n || value <= 9_223_372_036_854_775_807n ? `${value}i` : `${value}u`;
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    default:
      // A number without a suffix is a float in line protocol; String() keeps every digit.
      return String(value);
  }
}

function escapeMeasurement(s: string): string {
  return /[, \\]/.test(s) ? s.replace(/[, \\]/g, (c) => `\\${c}`) : s;
}

function escapeKey(s: string): string {
  return /[,= \\]/.test(s) ? s.replace(/[,= \\]/g, (c) => `\\${c}`) : s;
}
