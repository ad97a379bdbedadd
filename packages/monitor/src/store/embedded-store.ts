import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { BaristaError, closedError, invalidArgument, noopLogger, systemClock } from "@cloud-barista/core";
import type { Clock, Logger } from "@cloud-barista/core";
import { formatLineProtocol } from "../line-protocol/format.js";
import { parseLineProtocol } from "../line-protocol/parse.js";
import type { MetricPoint } from "../model/point.js";
import { runQuery } from "../query/run.js";
import type { MetricQuery, MetricQueryResult } from "../query/types.js";
import { validateQuery } from "../query/validate.js";
import { targetTags } from "../model/identity.js";
import type { ColumnBatch, SeriesRef } from "./batch.js";
import type { LineProtocolSource, MetricSink, SinkWriteResult } from "./sink.js";
import { Series, hourMs, seriesKey } from "./series.js";
import { internTags } from "./schema.js";
import { lockDirectory } from "./dir-lock.js";
import { inSlices, readSnapshot, writeSnapshot } from "./snapshot.js";
import type { SnapshotSeries } from "./snapshot.js";
import { WriteAheadLog, readLog } from "./wal.js";

/** How long the embedded store keeps each resolution of data (ms), counted back from now. */
export interface RetentionOptions {
  /** Raw samples (default 2 h). */
  rawMs?: number;
  /** Minute rollups (default 7 days). */
  minuteMs?: number;
  /** Hour rollups (default 90 days). */
  hourMs?: number;
}

/** Where {@link openEmbeddedStore} keeps its files, how long it keeps data and how it paces writes. */
export interface EmbeddedStoreOptions {
  /** Directory of the log and snapshots (created if missing). */
  dir: string;
  /** Staleness, rollups and retention follow it (default: the system clock). */
  clock?: Clock;
  /** Where opening and failed checkpoints are reported (default: nowhere). */
  logger?: Logger;
  /** Default: raw 2 h, minute rollups 7 days, hour rollups 90 days. */
  retention?: RetentionOptions;
  /**
   * Log size after which a snapshot is written and the log restarted (default 64 MiB, or half the
   * last snapshot's size when that is larger).
   */
  checkpointBytes?: number;
  /** Bytes waiting for a sync beyond which writes are refused with Throttled (default 64 MiB). */
  maxPendingBytes?: number;
  /** How often rollups and retention run (default 10 s; 0: only when `maintain()` is called). */
  maintenanceIntervalMs?: number;
  /** How long after a minute ends it is rolled up, for late points (default 10 s). */
  rollDelayMs?: number;
  /** The interval assumed for staleness while a series has one point (default 2000 ms). */
  defaultIntervalMs?: number;
}

/** The latest row of a series, for `/metrics` and dashboards. */
export interface LatestSample {
  measurement: string;
  tags: Record<string, string>;
  timeMs: number;
  fields: Record<string, number>;
  /** No write for 3 of the series' intervals: its source is gone (shown as stale, not zero). */
  stale: boolean;
}

/** The embedded store's size now. */
export interface EmbeddedStoreStats {
  /** Series held. */
  series: number;
  /** Numeric field values held at full resolution (rollups not counted). */
  rawSamples: number;
  /** Bytes of the current write-ahead log (since the last snapshot), those waiting for a sync included. */
  logBytes: number;
}

const logHeader = "#cb-log";

/** The points of one log record: its header says how its line protocol was parsed. */
function replayRecord(text: string): MetricPoint[] {
  const nl = text.indexOf("\n");
  const [tag, unit, defaultTime] = text.slice(0, nl < 0 ? text.length : nl).split(" ");
  if (tag !== logHeader || unit === undefined || defaultTime === undefined) return [];
  return parseLineProtocol(nl < 0 ? "" : text.slice(nl + 1), {
    nanosPerUnit: BigInt(unit),
    defaultTimeNs: BigInt(defaultTime),
  }).points;
}

const walName = (seq: number) => `wal-${String(seq).padStart(8, "0")}.log`;
const snapshotName = (seq: number) => `snapshot-${String(seq).padStart(8, "0")}.bin`;
const fileSeq = (name: string, prefix: string) =>
  name.startsWith(prefix) ? Number(name.slice(prefix.length, prefix.length + 8)) : NaN;

/**
 * The embedded time-series store: columnar series in memory, made durable by a write-ahead log
 * with group commit (a write resolves only after fdatasync) and periodic snapshots that let the
 * log restart. Rollups per minute and hour, retention per resolution. See docs/monitor.md.
 */
export class EmbeddedStore implements MetricSink {
  readonly #dir: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #retention: Required<RetentionOptions>;
  readonly #checkpointBytes: number;
  readonly #maxPendingBytes: number;
  readonly #rollDelayMs: number;
  readonly #defaultIntervalMs: number;
  readonly #byMeasurement = new Map<string, Map<string, Series>>();
  #wal!: WriteAheadLog;
  #walSeq = 1;
  #inflight = new Set<Promise<unknown>>();
  #snapshotBytes = 0;
  #unlock: () => Promise<void> = () => Promise.resolve();
  #checkpointing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(options: EmbeddedStoreOptions) {
    this.#dir = options.dir;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? noopLogger;
    this.#retention = {
      rawMs: options.retention?.rawMs ?? 2 * hourMs,
      minuteMs: options.retention?.minuteMs ?? 7 * 24 * hourMs,
      hourMs: options.retention?.hourMs ?? 90 * 24 * hourMs,
    };
    this.#checkpointBytes = options.checkpointBytes ?? 64 << 20;
    this.#maxPendingBytes = options.maxPendingBytes ?? 64 << 20;
    this.#rollDelayMs = options.rollDelayMs ?? 10_000;
    this.#defaultIntervalMs = options.defaultIntervalMs ?? 2000;
  }

  /** Opens (creating if needed) a store in `options.dir`, restoring its snapshot and replaying its log. */
  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    checkOptions(options);
    const store = new EmbeddedStore(options);
    await mkdir(options.dir, { recursive: true });
    store.#unlock = await lockDirectory(options.dir);
    try {
      await store.#recover();
    } catch (error) {
      await store.#unlock();
      throw error;
    }
    const interval = options.maintenanceIntervalMs ?? 10_000;
    if (interval > 0) {
      store.#timer = setInterval(() => store.maintain(), interval);
      store.#timer.unref();
    }
    return store;
  }

  async #recover(): Promise<void> {
    const names = await readdir(this.#dir);
    const snapshots = names.map((n) => fileSeq(n, "snapshot-")).filter((n) => n > 0 && !Number.isNaN(n));
    const logs = names
      .map((n) => fileSeq(n, "wal-"))
      .filter((n) => n > 0 && !Number.isNaN(n))
      .sort((a, b) => a - b);
    const covered = snapshots.length > 0 ? Math.max(...snapshots) : 0;
    if (covered > 0) {
      for (const { header, columns } of await readSnapshot(join(this.#dir, snapshotName(covered)))) {
        const series = Series.restore(header, columns, internTags(header.tags));
        this.#table(series.measurement).set(seriesKey(series.measurement, series.tags), series);
      }
    }
    let replayed = 0;
    for (const seq of logs) {
      if (seq < covered) continue;
      for (const record of await readLog(join(this.#dir, walName(seq)))) {
        const points = replayRecord(record.toString("utf8"));
        this.#apply(points, true);
        replayed += points.length;
      }
    }
    // Always a fresh log file: an old one may end in a torn record.
    this.#walSeq = Math.max(covered, logs.at(-1) ?? 0) + 1;
    this.#wal = await WriteAheadLog.open(join(this.#dir, walName(this.#walSeq)));
    this.#logger.info("monitor store opened", { dir: this.#dir, series: this.stats().series, replayed });
    if (replayed > 0 || logs.length > 1) await this.checkpoint();
  }

  #table(measurement: string): Map<string, Series> {
    let table = this.#byMeasurement.get(measurement);
    if (!table) this.#byMeasurement.set(measurement, (table = new Map<string, Series>()));
    return table;
  }

  /**
   * Stores points durably and resolves once they are on disk (then the collector acknowledges).
   * Numbers, integers and booleans (1/0) are stored; string fields are skipped and counted.
   */
  write(points: readonly MetricPoint[], source?: LineProtocolSource): Promise<SinkWriteResult> {
    if (this.#closed) return Promise.reject(closedError("EmbeddedStore"));
    if (this.#wal.pendingBytes > this.#maxPendingBytes) {
      return Promise.reject(new BaristaError("Throttled", "the monitor store is behind on disk writes; retry later"));
    }
    // Points parsed from a /write body are well-formed; points from elsewhere are checked.
    if (!source) {
      try {
        checkPoints(points);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    // The log holds line protocol behind a header line of how to parse it; a /write body is
    // logged as it came (cheaper than formatting the points again).
    const record = source
      ? `${logHeader} ${source.nanosPerUnit} ${source.defaultTimeNs}\n${source.text}`
      : `${logHeader} 1 0\n${formatLineProtocol(points)}`;
    return this.#log(Buffer.from(record), () => this.#apply(points, false));
  }

  /**
   * Stores a batch parsed straight into columns (`ingestLineProtocol`: no object per point) and
   * resolves once it is durable. `body` is the `/write` body it was parsed from, logged as it came
   * behind the same header as `write`'s, so a replay parses it to the same rows.
   */
  writeColumns(
    batch: ColumnBatch,
    source: { body: Buffer; nanosPerUnit: bigint; defaultTimeNs: bigint },
  ): Promise<SinkWriteResult> {
    if (this.#closed) return Promise.reject(closedError("EmbeddedStore"));
    if (this.#wal.pendingBytes > this.#maxPendingBytes) {
      return Promise.reject(new BaristaError("Throttled", "the monitor store is behind on disk writes; retry later"));
    }
    const header = Buffer.from(`${logHeader} ${source.nanosPerUnit} ${source.defaultTimeNs}\n`);
    return this.#log([header, source.body], () => this.#applyColumns(batch));
  }

  /** Appends a record to the log and, once it is durable, applies it (then maybe checkpoints). */
  #log(record: Buffer | readonly Buffer[], apply: () => SinkWriteResult): Promise<SinkWriteResult> {
    const task = this.#wal.append(record).then(apply);
    this.#inflight.add(task);
    void task.finally(() => this.#inflight.delete(task)).catch(() => undefined);
    return task.then((result) => {
      // A snapshot rewrites everything, so the log may grow to half the last snapshot first:
      // snapshot writing stays a bounded share of the disk traffic, and so does replay time.
      const threshold = Math.max(this.#checkpointBytes, this.#snapshotBytes / 2);
      if (this.#wal.size > threshold && !this.#checkpointing) {
        this.checkpoint().catch((error: unknown) =>
          this.#logger.error("monitor store checkpoint failed", { error: String(error) }),
        );
      }
      return result;
    });
  }

  #applyColumns(batch: ColumnBatch): SinkWriteResult {
    const now = this.#clock.now();
    let from = 0;
    for (let r = 0; r < batch.rows; r++) {
      const ref = batch.refs[r] as SeriesRef;
      const to = batch.ends[r] as number;
      // The parser's series reference remembers the series (until maintenance drops it).
      let series = ref.series;
      if (!series || series.removed) {
        const table = this.#table(ref.measurement);
        series = table.get(ref.key);
        if (!series) table.set(ref.key, (series = new Series(ref.measurement, ref.tags)));
        ref.series = series;
      }
      this.#applyRow(series, batch.times[r] as number, batch.names, batch.values, from, to, now);
      from = to;
    }
    return { samples: batch.samples, skippedFields: batch.skippedFields };
  }

  #applyRow(
    series: Series,
    timeMs: number,
    names: readonly string[],
    numbers: ArrayLike<number>,
    from: number,
    to: number,
    received: number,
  ): void {
    const lastTime = series.length > 0 ? series.time(series.length - 1) : NaN;
    series.write(timeMs, names, numbers, from, to);
    if (timeMs > lastTime) series.intervalMs = timeMs - lastTime;
    if (received > series.lastReceivedMs) series.lastReceivedMs = received;
  }

  #apply(points: readonly MetricPoint[], replay: boolean): SinkWriteResult {
    const now = this.#clock.now();
    let samples = 0;
    let skippedFields = 0;
    const names: string[] = [];
    const numbers: number[] = [];
    for (const point of points) {
      names.length = 0;
      numbers.length = 0;
      for (const [name, value] of Object.entries(point.fields)) {
        switch (typeof value) {
          case "number":
            numbers.push(value);
            break;
          case "bigint":
            numbers.push(Number(value));
            break;
          case "boolean":
            numbers.push(value ? 1 : 0);
            break;
          default:
            skippedFields++;
            continue;
        }
        names.push(name);
      }
      if (names.length === 0) continue;
      const table = this.#table(point.measurement);
      const key = seriesKey(point.measurement, point.tags);
      let series = table.get(key);
      if (!series) table.set(key, (series = new Series(point.measurement, internTags(point.tags))));
      const timeMs = Number(point.timeNs / 1_000_000n);
      // A replayed point counts as received at its own time, so a dead source stays stale.
      this.#applyRow(series, timeMs, names, numbers, 0, names.length, replay ? timeMs : now);
      samples += names.length;
    }
    return { samples, skippedFields };
  }

  /** Series of a measurement whose tags include all of `tags`. */
  select(measurement: string, tags: Record<string, string>): Series[] {
    const table = this.#byMeasurement.get(measurement);
    if (!table) return [];
    const conditions = Object.entries(tags);
    const out: Series[] = [];
    outer: for (const series of table.values()) {
      for (const [k, v] of conditions) if (series.tags[k] !== v) continue outer;
      out.push(series);
    }
    return out;
  }

  /** Answers a query (validated first; InvalidArgument names the field at fault). */
  query(query: MetricQuery): MetricQueryResult {
    validateQuery(query);
    return runQuery(this.select(query.measurement, { ...query.tags, ...targetTags(query.target) }), query);
  }

  /** True when a series has had no write for 3 of its intervals. */
  isStale(series: Series, now = this.#clock.now()): boolean {
    const interval = Math.max(series.intervalMs || this.#defaultIntervalMs, 1);
    return now - series.lastReceivedMs > 3 * interval;
  }

  /** The latest row of every series (optionally of one measurement), with its staleness. */
  latest(measurement?: string): LatestSample[] {
    const now = this.#clock.now();
    const out: LatestSample[] = [];
    const tables =
      measurement === undefined ? [...this.#byMeasurement.values()] : [this.#byMeasurement.get(measurement)];
    for (const table of tables) {
      for (const series of table?.values() ?? []) {
        const row = series.length - 1;
        if (row < 0) continue;
        const fields: Record<string, number> = {};
        series.fields.forEach((name, f) => {
          const v = series.value(row, f);
          if (!Number.isNaN(v)) fields[name] = v;
        });
        out.push({
          measurement: series.measurement,
          tags: series.tags,
          timeMs: series.time(row),
          fields,
          stale: this.isStale(series, now),
        });
      }
    }
    return out;
  }

  /** Rolls up complete minutes and hours and applies retention (runs on a timer too). */
  maintain(): void {
    const now = this.#clock.now();
    for (const [measurement, table] of this.#byMeasurement) {
      for (const [key, series] of table) {
        series.roll(now - this.#rollDelayMs);
        series.trim(now - this.#retention.rawMs, now - this.#retention.minuteMs, now - this.#retention.hourMs);
        if (series.empty) {
          table.delete(key);
          series.removed = true;
        }
      }
      if (table.size === 0) this.#byMeasurement.delete(measurement);
    }
  }

  /** Writes a snapshot of everything acknowledged so far and drops the log it covers. */
  checkpoint(): Promise<void> {
    this.#checkpointing ??= this.#checkpoint().finally(() => (this.#checkpointing = undefined));
    return this.#checkpointing;
  }

  async #checkpoint(): Promise<void> {
    const old = this.#wal;
    const seq = this.#walSeq + 1;
    this.#wal = await WriteAheadLog.open(join(this.#dir, walName(seq)));
    this.#walSeq = seq;
    // Writes into the old log must be applied before the snapshot is taken; writes into the new
    // one may or may not be in it: replaying them later overwrites the same rows (idempotent).
    await Promise.allSettled([...this.#inflight]);
    await old.close();
    const series = [...this.#byMeasurement.values()].flatMap((t) => [...t.values()]);
    // Copied a slice at a time, letting writes in between (80,000 series took over a second in one
    // go, every /write waiting): a series copied after such a write holds rows that are also in
    // the new log, which the replay writes again, so the snapshot may be a little newer than the
    // old log, never older.
    const captured: SnapshotSeries[] = [];
    for await (const slice of inSlices(series))
      for (const s of slice) captured.push({ header: s.header(), columns: s.columns() });
    this.#snapshotBytes = await writeSnapshot(join(this.#dir, snapshotName(seq)), captured);
    for (const name of await readdir(this.#dir)) {
      const w = fileSeq(name, "wal-");
      const s = fileSeq(name, "snapshot-");
      if (w < seq || s < seq) await rm(join(this.#dir, name), { force: true });
    }
  }

  /** Its size now (counts every raw row: not for a hot path). */
  stats(): EmbeddedStoreStats {
    let series = 0;
    let rawSamples = 0;
    for (const table of this.#byMeasurement.values()) {
      for (const s of table.values()) {
        series++;
        for (let r = 0; r < s.length; r++)
          for (let f = 0; f < s.fields.length; f++) if (!Number.isNaN(s.value(r, f))) rawSamples++;
      }
    }
    return { series, rawSamples, logBytes: this.#wal.size };
  }

  /**
   * Waits for pending writes, snapshots, and closes. `snapshot: false` skips the snapshot (a fast
   * shutdown: the next open replays the log, as after a crash). Closing twice is harmless.
   */
  async close({ snapshot = true }: { snapshot?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    try {
      await Promise.allSettled([...this.#inflight]);
      await this.#checkpointing?.catch(() => undefined);
      if (snapshot) await this.checkpoint();
      await this.#wal.close();
    } finally {
      await this.#unlock();
    }
  }
}

/** Opens the embedded store (see `EmbeddedStore`). */
export function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  return EmbeddedStore.open(options);
}

function checkPoints(points: readonly MetricPoint[]): void {
  const list: readonly MetricPoint[] = points;
  if (!Array.isArray(points)) throw invalidArgument("points", "array", "must be an array of points");
  list.forEach((p, i) => {
    if (typeof p?.measurement !== "string" || p.measurement === "" || p.measurement.includes("\n")) {
      throw invalidArgument(`points[${i}].measurement`, "required", "must be a non-empty string without newlines");
    }
    if (typeof p.timeNs !== "bigint") throw invalidArgument(`points[${i}].timeNs`, "bigint", "must be a bigint (ns)");
    if (typeof p.tags !== "object" || p.tags === null)
      throw invalidArgument(`points[${i}].tags`, "object", "must be an object");
    for (const [k, v] of Object.entries(p.tags)) {
      if (typeof v !== "string" || v.includes("\n") || k === "" || k.includes("\n")) {
        throw invalidArgument(`points[${i}].tags.${k}`, "tag", "must be a string without newlines");
      }
    }
    if (typeof p.fields !== "object" || p.fields === null || Object.keys(p.fields).length === 0) {
      throw invalidArgument(`points[${i}].fields`, "required", "must have at least one field");
    }
    for (const [k, v] of Object.entries(p.fields)) {
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw invalidArgument(`points[${i}].fields.${k}`, "finite", "must be a finite number");
      }
      if (typeof v === "string" && v.includes("\n")) {
        throw invalidArgument(`points[${i}].fields.${k}`, "no-newline", "must not contain a newline");
      }
    }
  });
}

function checkOptions(options: EmbeddedStoreOptions): void {
  if (typeof options?.dir !== "string" || options.dir === "") throw invalidArgument("dir", "required", "is required");
  const positive = (field: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw invalidArgument(field, "positive", "must be a positive number");
    }
  };
  positive("retention.rawMs", options.retention?.rawMs);
  positive("retention.minuteMs", options.retention?.minuteMs);
  positive("retention.hourMs", options.retention?.hourMs);
  positive("checkpointBytes", options.checkpointBytes);
  positive("maxPendingBytes", options.maxPendingBytes);
  positive("defaultIntervalMs", options.defaultIntervalMs);
  if (options.maintenanceIntervalMs !== undefined && !(options.maintenanceIntervalMs >= 0)) {
    throw invalidArgument("maintenanceIntervalMs", "non-negative", "must be 0 or more");
  }
  if ((options.retention?.rawMs ?? 0) > (options.retention?.minuteMs ?? Infinity)) {
    throw invalidArgument("retention.rawMs", "order", "must not exceed retention.minuteMs");
  }
}
