import { parseLineProtocol } from "../line-protocol/parse.js";
import type { LineError } from "../line-protocol/parse.js";
import type { MetricPoint } from "../model/point.js";
import { growRows, growValues, newColumnBatch } from "../store/batch.js";
import type { ColumnBatch, SeriesRef } from "../store/batch.js";
import type { EmbeddedStore } from "../store/embedded-store.js";
import { intern, internTags } from "../store/schema.js";
import { seriesKey } from "../store/series.js";

/** How {@link ingestLineProtocol} reads a body's times. */
export interface IngestOptions {
  /** Nanoseconds per timestamp unit (see `nanosPerUnit`); default 1 (ns). */
  nanosPerUnit?: bigint;
  /** The time of lines that carry none, in ns (the collector's receive time). */
  defaultTimeNs: bigint;
}

/** What {@link ingestLineProtocol} stored of a body, and the lines it refused. */
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

/** A series seen before, found again by its raw `measurement,tags` bytes, with its last field order. */
interface KnownSeries extends SeriesRef {
  /** The raw key, as a one-byte string (ASCII only: other keys always take the slow path). */
  raw: string;
  fieldNames: string[];
  /** The next known series whose raw key has the same hash. */
  sameHash: KnownSeries | undefined;
}

/**
 * Known series by the FNV-1a hash of their raw key bytes, so a line finds its series without
 * making a string. Past `maxKnown` keys it starts over (a cardinality bound).
 */
export class SeriesCache {
  readonly #byHash = new Map<number, KnownSeries>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The series whose raw key is bytes [from, to) of buf, hashed `hash`. */
  find(buf: Uint8Array, from: number, to: number, hash: number): KnownSeries | undefined {
    const length = to - from;
    outer: for (let s = this.#byHash.get(hash); s !== undefined; s = s.sameHash) {
      const raw = s.raw;
      if (raw.length !== length) continue;
      for (let j = 0; j < length; j++) if (raw.charCodeAt(j) !== buf[from + j]) continue outer;
      return s;
    }
    return undefined;
  }

  /** Remembers a series under the hash of its raw key bytes (the oldest ones go when full). */
  add(series: KnownSeries, hash: number): void {
    if (this.#size >= maxKnown) {
      this.#byHash.clear();
      this.#size = 0;
    }
    series.sameHash = this.#byHash.get(hash);
    this.#byHash.set(hash, series);
    this.#size++;
  }
}

const BACKSLASH = 92;
const COMMA = 44;
const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;
const HASH = 35;
const CR = 13;
const LF = 10;
const TAB = 9;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const pow10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

const caches = new WeakMap<EmbeddedStore, SeriesCache>();
/** Past this many raw series keys the cache starts over (a cardinality bound). */
const maxKnown = 500_000;

function cacheOf(store: EmbeddedStore): SeriesCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new SeriesCache()));
  return cache;
}

/** Whether bytes [from, to) spell `word` (ASCII). */
function spells(buf: Uint8Array, from: number, to: number, word: string): boolean {
  if (to - from !== word.length) return false;
  for (let j = 0; j < word.length; j++) if (buf[from + j] !== word.charCodeAt(j)) return false;
  return true;
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
  const unit = options.nanosPerUnit ?? 1n;
  const { batch, errors } = parseColumns(
    bytes,
    { nanosPerUnit: unit, defaultTimeNs: options.defaultTimeNs },
    cacheOf(store),
  );
  if (batch.points > 0) {
    await store.writeColumns(batch, { body: bytes, nanosPerUnit: unit, defaultTimeNs: options.defaultTimeNs });
  }
  return { points: batch.points, samples: batch.samples, skippedFields: batch.skippedFields, errors };
}

/** Parses a /write body for `store` (with the store's series cache), without storing it yet. */
export function parseBody(
  store: EmbeddedStore,
  body: Buffer,
  options: Required<IngestOptions>,
): { batch: ColumnBatch; errors: LineError[] } {
  return parseColumns(body, options, cacheOf(store));
}

/**
 * Parses a body into a ColumnBatch (see `ingestLineProtocol`) straight from its bytes: no string
 * per line, none per number; `cache` finds known series by their raw key bytes.
 */
export function parseColumns(
  body: Uint8Array | string,
  options: Required<IngestOptions>,
  cache: SeriesCache = new SeriesCache(),
): { batch: ColumnBatch; errors: LineError[] } {
  const buf =
    typeof body === "string"
      ? Buffer.from(body)
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(body.buffer, body.byteOffset, body.length);
  const batch = newColumnBatch(Math.ceil(buf.length / 256), Math.ceil(buf.length / 16));
  const errors: LineError[] = [];
  const unit = options.nanosPerUnit;
  const defaultTimeMs = Number(options.defaultTimeNs / 1_000_000n);
  // Digits to drop from a timestamp to get ms (ns, us), or ms per unit (ms, s, m, h).
  const drop = unit === 1n ? 6 : unit === 1000n ? 3 : -1;
  const msPerUnit = unit % 1_000_000n === 0n ? Number(unit / 1_000_000n) : NaN;
  const layout: string[] = [];
  // A fresh one-byte string (ASCII checked by the caller), never a slice of a bigger one.
  const latin1 = (from: number, to: number) => buf.toString("latin1", from, to);

  /** The number in bytes [from, to), or undefined when the slow path must decide. */
  const numberAt = (from: number, to: number): number | undefined => {
    const last = buf[to - 1] as number;
    if (last === 105 /* i */) {
      let p = from;
      const negative = buf[p] === MINUS;
      if (negative) p++;
      const digits = to - 1 - p;
      if (digits < 1 || digits > 15) return undefined;
      let v = 0;
      for (; p < to - 1; p++) {
        const c = buf[p] as number;
        if (c < ZERO || c > NINE) return undefined;
        v = v * 10 + (c - ZERO);
      }
      return negative && v !== 0 ? -v : v;
    }
    const first = buf[from] as number;
    if (first === 116 || first === 84) {
      // t T true True TRUE
      if (to - from === 1 || spells(buf, from, to, "true") || spells(buf, from, to, "True")) return 1;
      return spells(buf, from, to, "TRUE") ? 1 : undefined;
    }
    if (first === 102 || first === 70) {
      if (to - from === 1 || spells(buf, from, to, "false") || spells(buf, from, to, "False")) return 0;
      return spells(buf, from, to, "FALSE") ? 0 : undefined;
    }
    // [-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)? as parseLineProtocol's pattern, by hand.
    let p = from;
    if (first === MINUS || first === PLUS) p++;
    let intDigits = 0;
    let v = 0;
    for (let c = buf[p] as number; p < to && c >= ZERO && c <= NINE; c = buf[++p] as number) {
      intDigits++;
      v = v * 10 + (c - ZERO);
    }
    if (p === to && intDigits > 0 && intDigits <= 15) return first === MINUS ? -v : v; // "-0" is -0, as Number()
    let fracDigits = 0;
    if (p < to && buf[p] === DOT) {
      p++;
      for (let c = buf[p] as number; p < to && c >= ZERO && c <= NINE; c = buf[++p] as number) {
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
      const e = buf[p];
      if (e !== 101 && e !== 69) return undefined;
      p++;
      const sign = buf[p];
      if (sign === MINUS || sign === PLUS) p++;
      let expDigits = 0;
      for (let c = buf[p] as number; p < to && c >= ZERO && c <= NINE; c = buf[++p] as number) expDigits++;
      if (expDigits === 0 || p !== to) return undefined;
    }
    const value = Number(latin1(from, to));
    return Number.isFinite(value) ? value : undefined;
  };

  // The raw key of the current line (bytes [first, keyEnd)) and its FNV-1a hash.
  let keyHash = 0;
  /** Where the raw series key of a line ends (its first space), or -1 when the slow path must take it. */
  const rawKeyEnd = (first: number, last: number): number => {
    let h = 0x811c9dc5;
    for (let i = first; i < last; i++) {
      const c = buf[i] as number;
      if (c === SPACE) {
        keyHash = h;
        return i > first ? i : -1;
      }
      // Escapes and quotes need the full parser; other than ASCII, so do the raw-key strings.
      if (c === BACKSLASH || c === QUOTE || c >= 0x80) return -1;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return -1;
  };

  /** Parses one line into the batch; false (batch untouched) when the slow path must take it. */
  const fastLine = (first: number, last: number): boolean => {
    const keyEnd = rawKeyEnd(first, last);
    if (keyEnd < 0) return false;
    const ref = cache.find(buf, first, keyEnd, keyHash);
    if (!ref) return false;
    let i = keyEnd;
    while (i < last && buf[i] === SPACE) i++;
    if (i >= last) return false;
    const known = ref.fieldNames;
    const base = batch.samples;
    let k = 0;
    let changed = false;
    for (;;) {
      const keyStart = i;
      let name = known[k];
      let same = name !== undefined && keyStart + name.length < last && buf[keyStart + name.length] === EQUALS;
      if (same) {
        const n = name as string;
        for (let j = 0; j < n.length; j++)
          if (buf[keyStart + j] !== n.charCodeAt(j)) {
            same = false;
            break;
          }
      }
      if (same) {
        i = keyStart + (name as string).length;
      } else {
        for (; i < last; i++) {
          const c = buf[i] as number;
          if (c === COMMA || c === EQUALS || c === SPACE) break;
          if (c === BACKSLASH || c === QUOTE || c >= 0x80) return false;
        }
        if (i === keyStart || i >= last || buf[i] !== EQUALS) return false;
        name = latin1(keyStart, i);
        changed = true;
      }
      i++;
      const valueStart = i;
      for (; i < last; i++) {
        const c = buf[i] as number;
        if (c === COMMA || c === SPACE) break;
        if (c === QUOTE || c === BACKSLASH) return false;
      }
      if (i === valueStart) return false;
      const value = numberAt(valueStart, i);
      if (value === undefined) return false;
      growValues(batch, k + 1);
      batch.values[base + k] = value;
      layout[k] = name as string;
      k++;
      if (i < last && buf[i] === COMMA) {
        i++;
        continue;
      }
      break;
    }
    while (i < last && buf[i] === SPACE) i++;
    let timeMs = defaultTimeMs;
    if (i >= last) batch.untimed++;
    else {
      let end = i;
      while (end < last && buf[end] !== SPACE) end++;
      const digits = end - i;
      if (digits < 1 || digits > 19) return false;
      for (let p = i; p < end; p++) {
        const c = buf[p] as number;
        if (c < ZERO || c > NINE) return false; // negative times too: the slow path is exact
      }
      const kept = drop >= 0 ? digits - drop : digits;
      if (kept > 15) return false;
      let v = 0;
      for (let p = i; p < i + kept; p++) v = v * 10 + ((buf[p] as number) - ZERO);
      timeMs = drop >= 0 ? v : v * msPerUnit;
      if (!Number.isSafeInteger(timeMs)) return false;
      while (end < last && buf[end] === SPACE) end++;
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
    batch.slowLines++;
    const text = buf.toString("utf8", first, last);
    const parsed = parseLineProtocol(text, options);
    const error = parsed.errors[0];
    if (error) {
      errors.push({ ...error, line: lineNo });
      return;
    }
    const point = parsed.points[0] as MetricPoint;
    batch.points++;
    if (point.timeNs === options.defaultTimeNs) batch.untimed++; // or timed at just that time: as untimed
    const keyEnd = rawKeyEnd(first, last);
    let ref = keyEnd < 0 ? undefined : cache.find(buf, first, keyEnd, keyHash);
    if (!ref) {
      const tags = internTags(point.tags);
      const measurement = intern(point.measurement);
      ref = { measurement, tags, key: seriesKey(measurement, tags), raw: "", fieldNames: [], sameHash: undefined };
      if (keyEnd >= 0) {
        ref.raw = latin1(first, keyEnd);
        cache.add(ref, keyHash);
      }
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
  const length = buf.length;
  while (start <= length) {
    let end = buf.indexOf(LF, start);
    if (end < 0) end = length;
    lineNo++;
    let last = end;
    if (last > start && buf[last - 1] === CR) last--;
    let first = start;
    while (first < last && (buf[first] === SPACE || buf[first] === TAB)) first++;
    if (first < last && buf[first] !== HASH && !fastLine(first, last)) slowLine(first, last, lineNo);
    if (end === length) break;
    start = end + 1;
  }
  return { batch, errors };
}
