import type { FieldValue, Point } from "./point.js";

/** The timestamp units of InfluxDB v1's `precision` query parameter. */
export type Precision = "ns" | "us" | "ms" | "s";

// Line protocol has no escape for a line break: it becomes the two characters \n (as Telegraf does).
const controls = (s: string): string => s.replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
// A trailing backslash would escape the separator after it; Telegraf drops it too.
const trimBackslash = (s: string): string => s.replace(/\\+$/, "");
const escapeMeasurement = (s: string): string => controls(trimBackslash(s)).replace(/[, ]/g, "\\$&");
const escapeKey = (s: string): string => controls(trimBackslash(s)).replace(/[,= ]/g, "\\$&");
const escapeString = (s: string): string => s.replace(/[\\"]/g, "\\$&");

/** A field value in line protocol, or undefined for what it cannot carry (NaN, infinities). */
export function formatFieldValue(value: FieldValue): string | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? String(value) : undefined;
    case "bigint":
      return `${value}i`;
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return `"${escapeString(value)}"`;
    default:
      return `${value.unsigned}u`;
  }
}

const perMs: Record<Precision, bigint> = { ns: 1_000_000n, us: 1000n, ms: 1n, s: 0n };

function formatTime(ms: number, precision: Precision): string {
  const whole = BigInt(Math.trunc(ms));
  return precision === "s" ? String(whole / 1000n) : String(whole * perMs[precision]);
}

/**
 * Points as InfluxDB line protocol, one line each with a trailing newline; tags sorted by key (what
 * InfluxDB stores fastest), empty tag values left out (InfluxDB rejects them), a point without a
 * representable field left out. Times (ms) are written at `precision` (default ms, the agent's).
 */
export function toLineProtocol(points: readonly Point[], precision: Precision = "ms"): string {
  let out = "";
  for (const point of points) {
    const fields: string[] = [];
    for (const [key, value] of Object.entries(point.fields)) {
      const formatted = formatFieldValue(value);
      if (formatted !== undefined && key !== "") fields.push(`${escapeKey(key)}=${formatted}`);
    }
    const measurement = escapeMeasurement(point.measurement);
    if (fields.length === 0 || measurement === "") continue;
    const tags = Object.entries(point.tags)
      .filter(([k, v]) => k !== "" && trimBackslash(v) !== "")
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `,${escapeKey(k)}=${escapeKey(v)}`)
      .join("");
    const time = point.time === undefined ? "" : ` ${formatTime(point.time, precision)}`;
    out += `${measurement}${tags} ${fields.join(",")}${time}\n`;
  }
  return out;
}
