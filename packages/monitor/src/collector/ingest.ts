import { parseLineProtocol } from "../line-protocol/parse.js";
import type { LineError } from "../line-protocol/parse.js";
import type { MetricPoint } from "../model/point.js";
import { growRows, growValues, newColumnBatch } from "../store/batch.js";
import type { ColumnBatch, SeriesRef } from "../store/batch.js";
import type { EmbeddedStore } from "../store/embedded-store.js";
import { flatCopy, intern, internTags } from "../store/schema.js";
import { seriesKey } from "../store/series.js";

export interface IngestOptions {
  /** Nanoseconds per timestamp unit (see `nanosPerUnit`); default 1 (ns). */
  nanosPerUnit?: bigint;
  /** The time of lines that carry none, in ns (the collector's receive time). */
  defaultTimeNs: bigint;
}

export interface IngestResult {
  /** Points parsed and stored. */
  points: number;
  /** Numeric values stored. */
  samples: number;
  /** String fields (not kept by the embedded store). */
  skippedFields: number;
  /** Malformed lines, exactly as `parseLineProtocol` reports them; the valid lines were stored. */
  errors: LineError[];
}

/** A series seen before, found again by its raw `measurement,tags` text, with its last field order. */
interface KnownSeries extends SeriesRef {
  fieldNames: string[];
}

const BACKSLASH = 92;
const COMMA = 44;
const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;
const HASH = 35;
const CR = 13;
const TAB = 9;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const pow10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

const caches = new WeakMap<EmbeddedStore, Map<string, KnownSeries>>();
/** Past this many raw series texts the cache starts over (a cardinality bound). */
const maxKnown = 500_000;

function cacheOf(store: EmbeddedStore): Map<string, KnownSeries> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map<string, KnownSeries>()));
  if (cache.size > maxKnown) cache.clear();
  return cache;
}

/**
 * The collector's `/write` path: parses a line-protocol body straight into columns (no object
 * per point, series found again by their raw text, field names reused from the series' last
 * line) and stores it in the embedded store, durably, like `store.write(parseLineProtocol(...))`
 * but several times cheaper. Resolves once the batch is durable; rejects with Throttled when the
 * store is behind. Lines the fast path is not sure of (escapes, string fields, unsigned or very
 * large integers, negative timestamps, anything malformed) go through `parseLineProtocol`, so
 * the points stored and the errors reported are exactly the same.
 */
export async function ingestLineProtocol(
  store: EmbeddedStore,
  body: Buffer | string,
  options: IngestOptions,
): Promise<IngestResult> {
  const bytes = typeof body === "string" ? Buffer.from(body) : body;
  const text = typeof body === "string" ? body : body.toString("utf8");
  const unit = options.nanosPerUnit ?? 1n;
  const { batch, errors } = parseColumns(
    text,
    { nanosPerUnit: unit, defaultTimeNs: options.defaultTimeNs },
    cacheOf(store),
  );
  if (batch.points > 0) {
    await store.writeColumns(batch, { body: bytes, nanosPerUnit: unit, defaultTimeNs: options.defaultTimeNs });
  }
  return { points: batch.points, samples: batch.samples, skippedFields: batch.skippedFields, errors };
}

/** Parses a body into a ColumnBatch (see `ingestLineProtocol`); `cache` maps raw series texts to series. */
export function parseColumns(
  text: string,
  options: Required<IngestOptions>,
  cache: Map<string, KnownSeries> = new Map(),
): { batch: ColumnBatch; errors: LineError[] } {
  const batch = newColumnBatch(Math.ceil(text.length / 256), Math.ceil(text.length / 16));
  const errors: LineError[] = [];
  const unit = options.nanosPerUnit;
  const defaultTimeMs = Number(options.defaultTimeNs / 1_000_000n);
  // Digits to drop from a timestamp to get ms (ns, us), or ms per unit (ms, s, m, h).
  const drop = unit === 1n ? 6 : unit === 1000n ? 3 : -1;
  const msPerUnit = unit % 1_000_000n === 0n ? Number(unit / 1_000_000n) : NaN;
  const layout: string[] = [];

  /** The number in text[from, to), or undefined when the slow path must decide. */
  const numberAt = (from: number, to: number): number | undefined => {
    const last = text.charCodeAt(to - 1);
    if (last === 105 /* i */) {
      let p = from;
      const negative = text.charCodeAt(p) === MINUS;
      if (negative) p++;
      const digits = to - 1 - p;
      if (digits < 1 || digits > 15) return undefined;
      let v = 0;
      for (; p < to - 1; p++) {
        const c = text.charCodeAt(p);
        if (c < ZERO || c > NINE) return undefined;
        v = v * 10 + (c - ZERO);
      }
      return negative && v !== 0 ? -v : v;
    }
    const first = text.charCodeAt(from);
    if (first === 116 || first === 84 || first === 102 || first === 70 /* t T f F */) {
      switch (text.slice(from, to)) {
        case "t":
        case "T":
        case "true":
        case "True":
        case "TRUE":
          return 1;
        case "f":
        case "F":
        case "false":
        case "False":
        case "FALSE":
          return 0;
      }
      return undefined;
    }
    // [-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)? as parseLineProtocol's pattern, by hand.
    let p = from;
    if (first === MINUS || first === PLUS) p++;
    let intDigits = 0;
    let v = 0;
    for (let c = text.charCodeAt(p); p < to && c >= ZERO && c <= NINE; c = text.charCodeAt(++p)) {
      intDigits++;
      v = v * 10 + (c - ZERO);
    }
    if (p === to && intDigits > 0 && intDigits <= 15) return first === MINUS ? -v : v; // "-0" is -0, as Number()
    let fracDigits = 0;
    if (p < to && text.charCodeAt(p) === DOT) {
      p++;
      for (let c = text.charCodeAt(p); p < to && c >= ZERO && c <= NINE; c = text.charCodeAt(++p)) {
        fracDigits++;
        v = v * 10 + (c - ZERO);
      }
    }
    if (intDigits === 0 && fracDigits === 0) return undefined;
    // Up to 15 digits and no exponent: digits / 10^fraction is one correctly rounded division
    // of two exact doubles, so it equals Number(text) without making a string.
    if (p === to && intDigits + fracDigits <= 15) {
      const value = v / (pow10[fracDigits] as number);
      return first === MINUS ? -value : value;
    }
    if (p < to) {
      const e = text.charCodeAt(p);
      if (e !== 101 && e !== 69) return undefined;
      p++;
      const sign = text.charCodeAt(p);
      if (sign === MINUS || sign === PLUS) p++;
      let expDigits = 0;
      for (let c = text.charCodeAt(p); p < to && c >= ZERO && c <= NINE; c = text.charCodeAt(++p)) expDigits++;
      if (expDigits === 0 || p !== to) return undefined;
    }
    const value = Number(text.slice(from, to));
    return Number.isFinite(value) ? value : undefined;
  };

  /** The raw series text of a line (up to the first space) when the fast path may use it. */
  const rawKeyEnd = (first: number, last: number): number => {
    for (let i = first; i < last; i++) {
      const c = text.charCodeAt(i);
      if (c === SPACE) return i > first ? i : -1;
      if (c === BACKSLASH || c === QUOTE) return -1;
    }
    return -1;
  };

  /** Parses one line into the batch; false (batch untouched) when the slow path must take it. */
  const fastLine = (first: number, last: number): boolean => {
    const keyEnd = rawKeyEnd(first, last);
    if (keyEnd < 0) return false;
    const ref = cache.get(text.slice(first, keyEnd));
    if (!ref) return false;
    let i = keyEnd;
    while (i < last && text.charCodeAt(i) === SPACE) i++;
    if (i >= last) return false;
    const known = ref.fieldNames;
    const base = batch.samples;
    let k = 0;
    let changed = false;
    for (;;) {
      const keyStart = i;
      let name = known[k];
      if (name !== undefined && text.startsWith(name, keyStart) && text.charCodeAt(keyStart + name.length) === EQUALS) {
        i = keyStart + name.length;
      } else {
        for (; i < last; i++) {
          const c = text.charCodeAt(i);
          if (c === COMMA || c === EQUALS || c === SPACE) break;
          if (c === BACKSLASH || c === QUOTE) return false;
        }
        if (i === keyStart || i >= last || text.charCodeAt(i) !== EQUALS) return false;
        name = text.slice(keyStart, i);
        changed = true;
      }
      i++;
      const valueStart = i;
      for (; i < last; i++) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === SPACE) break;
        if (c === QUOTE || c === BACKSLASH) return false;
      }
      if (i === valueStart) return false;
      const value = numberAt(valueStart, i);
      if (value === undefined) return false;
      growValues(batch, k + 1);
      batch.values[base + k] = value;
      layout[k] = name;
      k++;
      if (i < last && text.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      break;
    }
    while (i < last && text.charCodeAt(i) === SPACE) i++;
    let timeMs = defaultTimeMs;
    if (i < last) {
      let end = i;
      while (end < last && text.charCodeAt(end) !== SPACE) end++;
      const digits = end - i;
      if (digits < 1 || digits > 19) return false;
      for (let p = i; p < end; p++) {
        const c = text.charCodeAt(p);
        if (c < ZERO || c > NINE) return false; // negative times too: the slow path is exact
      }
      const kept = drop >= 0 ? digits - drop : digits;
      if (kept > 15) return false;
      let v = 0;
      for (let p = i; p < i + kept; p++) v = v * 10 + (text.charCodeAt(p) - ZERO);
      timeMs = drop >= 0 ? v : v * msPerUnit;
      if (!Number.isSafeInteger(timeMs)) return false;
      while (end < last && text.charCodeAt(end) === SPACE) end++;
      if (end < last) return false;
    }
    if (changed) {
      // A new field order: no duplicate names (parseLineProtocol keeps the last), then remember it.
      for (let a = 1; a < k; a++) for (let b = 0; b < a; b++) if (layout[a] === layout[b]) return false;
      ref.fieldNames = layout.slice(0, k).map(intern);
    }
    const names = ref.fieldNames;
    for (let f = 0; f < k; f++) batch.names[base + f] = names[f] as string;
    growRows(batch);
    batch.refs[batch.rows] = ref;
    batch.times[batch.rows] = timeMs;
    batch.samples += k;
    batch.ends[batch.rows] = batch.samples;
    batch.rows++;
    batch.points++;
    return true;
  };

  /** One line through parseLineProtocol: its point into the batch, or its error. */
  const slowLine = (first: number, last: number, lineNo: number) => {
    const parsed = parseLineProtocol(text.slice(first, last), options);
    const error = parsed.errors[0];
    if (error) {
      errors.push({ ...error, line: lineNo });
      return;
    }
    const point = parsed.points[0] as MetricPoint;
    batch.points++;
    const keyEnd = rawKeyEnd(first, last);
    const raw = keyEnd < 0 ? undefined : text.slice(first, keyEnd);
    let ref = raw === undefined ? undefined : cache.get(raw);
    if (!ref) {
      const tags = internTags(point.tags);
      const measurement = intern(point.measurement);
      ref = { measurement, tags, key: seriesKey(measurement, tags), fieldNames: [] };
      // A fresh copy of the key: a slice would keep the whole body alive in the cache.
      if (raw !== undefined) cache.set(flatCopy(raw), ref);
    }
    const base = batch.samples;
    let k = 0;
    for (const [name, value] of Object.entries(point.fields)) {
      let n: number;
      switch (typeof value) {
        case "number":
          n = value;
          break;
        case "bigint":
          n = Number(value);
          break;
        case "boolean":
          n = value ? 1 : 0;
          break;
        default:
          batch.skippedFields++;
          continue;
      }
      growValues(batch, k + 1);
      batch.values[base + k] = n;
      batch.names[base + k] = name;
      k++;
    }
    if (k === 0) return;
    growRows(batch);
    batch.refs[batch.rows] = ref;
    batch.times[batch.rows] = Number(point.timeNs / 1_000_000n);
    batch.samples += k;
    batch.ends[batch.rows] = batch.samples;
    batch.rows++;
  };

  // Lines as parseLineProtocol splits them: CRLF allowed, leading blanks, comments and blank lines skipped.
  let lineNo = 0;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = length;
    lineNo++;
    let last = end;
    if (last > start && text.charCodeAt(last - 1) === CR) last--;
    let first = start;
    while (first < last && (text.charCodeAt(first) === SPACE || text.charCodeAt(first) === TAB)) first++;
    if (first < last && text.charCodeAt(first) !== HASH && !fastLine(first, last)) slowLine(first, last, lineNo);
    if (end === length) break;
    start = end + 1;
  }
  return { batch, errors };
}
