import type { FieldValue, MetricPoint } from "../model/point.js";

/** A line the parser refused: its number in the batch (1-based), why, and its start. */
export interface LineError {
  line: number;
  message: string;
  /** The first 120 characters of the line, to find it. */
  text: string;
}

/** What {@link parseLineProtocol} read: the points of the valid lines, and the refused lines. */
export interface ParseResult {
  points: MetricPoint[];
  errors: LineError[];
}

/** How {@link parseLineProtocol} reads times. */
export interface ParseOptions {
  /** Nanoseconds per timestamp unit (see `nanosPerUnit`); default 1 (ns). */
  nanosPerUnit?: bigint;
  /** The time of points that carry none, in ns (InfluxDB uses the server's receive time). */
  defaultTimeNs: bigint;
}

const BACKSLASH = 92;
const COMMA = 44;
const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;
const HASH = 35;
const CR = 13;
const TAB = 9;

class LineSyntaxError extends Error {}

/**
 * Parses InfluxDB line protocol
 * (https://docs.influxdata.com/influxdb/v1/write_protocols/line_protocol_reference/): measurement
 * and tag/field keys escape `,` `=` and space with a backslash; string field values are in double
 * quotes and escape `"` and `\`; integers end in `i`, unsigned in `u`; booleans are t/true/f/false
 * in any of InfluxDB's spellings; the timestamp is optional. A malformed line is reported in
 * `errors` (the valid lines of the batch are still returned): it never throws.
 */
export function parseLineProtocol(text: string, options: ParseOptions): ParseResult {
  const points: MetricPoint[] = [];
  const errors: LineError[] = [];
  const unit = options.nanosPerUnit ?? 1n;
  let lineNo = 0;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    lineNo++;
    let last = end;
    if (last > start && text.charCodeAt(last - 1) === CR) last--;
    // Leading whitespace is allowed; blank lines and comments are skipped.
    let first = start;
    while (first < last && (text.charCodeAt(first) === SPACE || text.charCodeAt(first) === TAB)) first++;
    if (first < last && text.charCodeAt(first) !== HASH) {
      try {
        points.push(parseLine(text, first, last, unit, options.defaultTimeNs));
      } catch (error) {
        if (!(error instanceof LineSyntaxError)) throw error;
        errors.push({ line: lineNo, message: error.message, text: text.slice(first, Math.min(last, first + 120)) });
      }
    }
    if (end === length) break;
    start = end + 1;
  }
  return { points, errors };
}

function parseLine(s: string, start: number, end: number, unit: bigint, defaultTimeNs: bigint): MetricPoint {
  // Measurement: up to an unescaped comma or space.
  let i = start;
  let escaped = false;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < end) {
      escaped = true;
      i += 2;
      continue;
    }
    if (c === COMMA || c === SPACE) break;
    i++;
  }
  if (i === start) throw new LineSyntaxError("missing measurement");
  const measurement = escaped ? unescape(s.slice(start, i), false) : s.slice(start, i);
  const tags: Record<string, string> = {};
  if (i < end && s.charCodeAt(i) === COMMA) {
    i++;
    for (;;) {
      const keyStart = i;
      const keyEnd = scanKey(s, i, end);
      if (keyEnd === keyStart) throw new LineSyntaxError(`missing tag key at column ${keyStart - start + 1}`);
      if (keyEnd >= end || s.charCodeAt(keyEnd) !== EQUALS) {
        throw new LineSyntaxError(`missing tag value for key "${unescape(s.slice(keyStart, keyEnd), true)}"`);
      }
      const valueStart = keyEnd + 1;
      const valueEnd = scanKey(s, valueStart, end);
      if (valueEnd === valueStart) {
        throw new LineSyntaxError(`missing tag value for key "${unescape(s.slice(keyStart, keyEnd), true)}"`);
      }
      if (valueEnd < end && s.charCodeAt(valueEnd) === EQUALS) {
        throw new LineSyntaxError(`unescaped "=" in the value of tag "${unescape(s.slice(keyStart, keyEnd), true)}"`);
      }
      tags[unescape(s.slice(keyStart, keyEnd), true)] = unescape(s.slice(valueStart, valueEnd), true);
      i = valueEnd;
      if (i < end && s.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
  }
  if (i >= end || s.charCodeAt(i) !== SPACE) throw new LineSyntaxError("missing fields");
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  const fields: Record<string, FieldValue> = {};
  let fieldCount = 0;
  for (;;) {
    const keyStart = i;
    const keyEnd = scanKey(s, i, end);
    if (keyEnd === keyStart) throw new LineSyntaxError(fieldCount === 0 ? "missing fields" : "missing field key");
    const key = unescape(s.slice(keyStart, keyEnd), true);
    if (keyEnd >= end || s.charCodeAt(keyEnd) !== EQUALS) throw new LineSyntaxError(`missing value for field "${key}"`);
    i = keyEnd + 1;
    if (i < end && s.charCodeAt(i) === QUOTE) {
      const [value, next] = scanString(s, i + 1, end, key);
      fields[key] = value;
      i = next;
    } else {
      const valueStart = i;
      while (i < end) {
        const c = s.charCodeAt(i);
        if (c === COMMA || c === SPACE) break;
        i++;
      }
      fields[key] = fieldValue(s.slice(valueStart, i), key);
    }
    fieldCount++;
    if (i < end && s.charCodeAt(i) === COMMA) {
      i++;
      continue;
    }
    break;
  }
  while (i < end && s.charCodeAt(i) === SPACE) i++;
  let timeNs = defaultTimeNs;
  if (i < end) {
    let tEnd = i;
    while (tEnd < end && s.charCodeAt(tEnd) !== SPACE) tEnd++;
    const raw = s.slice(i, tEnd);
    if (!/^-?\d{1,19}$/.test(raw)) throw new LineSyntaxError(`invalid timestamp "${raw.slice(0, 40)}"`);
    timeNs = BigInt(raw) * unit;
    while (tEnd < end && s.charCodeAt(tEnd) === SPACE) tEnd++;
    if (tEnd < end)
      throw new LineSyntaxError(`unexpected text after the timestamp: "${s.slice(tEnd, Math.min(end, tEnd + 40))}"`);
  }
  return { measurement, tags, fields, timeNs };
}

/** End of a tag key, tag value or field key: the first unescaped `,`, `=` or space. */
function scanKey(s: string, i: number, end: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < end) {
      i += 2;
      continue;
    }
    if (c === COMMA || c === EQUALS || c === SPACE) return i;
    i++;
  }
  return i;
}

function scanString(s: string, i: number, end: number, key: string): [string, number] {
  let out = "";
  let from = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < end) {
      const n = s.charCodeAt(i + 1);
      if (n === QUOTE || n === BACKSLASH) {
        out += s.slice(from, i);
        from = i + 1;
        i += 2;
        continue;
      }
    }
    if (c === QUOTE) return [out + s.slice(from, i), i + 1];
    i++;
  }
  throw new LineSyntaxError(`unterminated string value for field "${key}"`);
}

const numberPattern = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const maxInt64 = 9_223_372_036_854_775_807n;
const maxUint64 = 18_446_744_073_709_551_615n;

function fieldValue(raw: string, key: string): FieldValue {
  if (raw === "") throw new LineSyntaxError(`missing value for field "${key}"`);
  const lastChar = raw.charCodeAt(raw.length - 1);
  if (lastChar === 105 /* i */) {
    const digits = raw.slice(0, -1);
    if (!/^-?\d+$/.test(digits)) throw new LineSyntaxError(`invalid integer "${raw}" for field "${key}"`);
    const value = BigInt(digits);
    if (value > maxInt64 || value < -maxInt64 - 1n)
      throw new LineSyntaxError(`integer "${raw}" out of range for field "${key}"`);
    return value;
  }
  if (lastChar === 117 /* u */) {
    const digits = raw.slice(0, -1);
    if (!/^\d+$/.test(digits)) throw new LineSyntaxError(`invalid unsigned integer "${raw}" for field "${key}"`);
    const value = BigInt(digits);
    if (value > maxUint64) throw new LineSyntaxError(`unsigned integer "${raw}" out of range for field "${key}"`);
    return value;
  }
  switch (raw) {
    case "t":
    case "T":
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "f":
    case "F":
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  if (!numberPattern.test(raw))
    throw new LineSyntaxError(`invalid field value "${raw.slice(0, 40)}" for field "${key}"`);
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new LineSyntaxError(`field "${key}" is not a finite number: "${raw}"`);
  return value;
}

/** Removes backslash escapes of `,` and space (and `=` when `equals`); other backslashes stay. */
function unescape(raw: string, equals: boolean): string {
  if (raw.indexOf("\\") < 0) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < raw.length) {
      const n = raw.charCodeAt(i + 1);
      if (n === COMMA || n === SPACE || (equals && n === EQUALS) || n === BACKSLASH) {
        out += raw[i + 1];
        i++;
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}
