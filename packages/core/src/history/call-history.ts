import { randomBytes } from "node:crypto";
import { abortedError, closedError, invalidArgument } from "../errors.js";
import type { StoreOperation, Store } from "../store/store.js";
import { systemClock } from "../util/clock.js";
import type { Clock } from "../util/clock.js";
import { noopLogger } from "../util/logger.js";
import type { Logger } from "../util/logger.js";
import { callKey, callKeyPrefix, timeBound } from "./call-key.js";
import type { CallGroupBy, CallHistoryQuery, CallRecord, CallSummary, CallSummaryQuery } from "./call-record.js";
import { decodeCallRecord, encodeCallRecord } from "./call-record-codec.js";
import { summarizeCalls } from "./call-summary.js";

/** How much call history is kept: records older or beyond the count are purged. */
export interface CallHistoryRetention {
  /** Records older than this (by record time, on the history's clock) are deleted. */
  maxAgeMs?: number;
  /**
   * Only the newest this many records are kept. Checked on the first flush and then after every
   * tenth of this many new records, so the store may briefly hold up to 10% more.
   */
  maxRecords?: number;
}

/** Settings of the call history: where it is stored, retention and batching of writes. */
export interface CallHistoryOptions {
  store: Store;
  /** The clock retention measures age on (default: system time). Flush timers use real time. */
  clock?: Clock;
  retention?: CallHistoryRetention;
  /** How long a record may wait in the buffer before it is written (default 1000 ms). */
  flushIntervalMs?: number;
  /**
   * Records per store commit (default 128, etcd's default limit of operations per transaction).
   * A buffer this full is flushed at once.
   */
  batchSize?: number;
  /** Unwritten records kept while the store fails; beyond it the oldest are dropped (default 10000). */
  maxBufferedRecords?: number;
  /** Told about failures that no caller can see: background flushes, dropped records. */
  onError?: (error: unknown) => void;
  /** Failures are also logged here, as warnings. */
  logger?: Logger;
}

// Records read from the store per list call when querying.
const pageSize = 500;

/**
 * HisCall: one record per native cloud API call, kept in a Store and queryable by cloud, API, time
 * range and more, with latency and error summaries.
 *
 * `record` only appends to a buffer; a background flush writes the buffer in batched commits when
 * it fills or after `flushIntervalMs`. Keys are `hiscall/<time>/<sequence>-<writer id>`, so a
 * time range is a key range, and writers (processes, restarts) never overwrite each other. The
 * history does not own the store: `close` flushes but leaves the store open.
 */
export class CallHistory {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #retention: CallHistoryRetention;
  readonly #flushIntervalMs: number;
  readonly #batchSize: number;
  readonly #maxBuffered: number;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #logger: Logger;
  /** Random per instance, so keys stay unique across processes and restarts. */
  readonly #writerId = randomBytes(6).toString("hex");
  #sequence = 0;
  #buffer: StoreOperation[] = [];
  #dropped = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Flushes run one after another; this is the end of the queue. */
  #flushTail: Promise<void> = Promise.resolve();
  #backgroundFlushQueued = false;
  /** Records written since the last maxRecords check (starts high: check on the first flush). */
  #writtenSincePrune = Infinity;
  #closed = false;

  constructor(options: CallHistoryOptions) {
    const { retention = {}, flushIntervalMs = 1000, batchSize = 128, maxBufferedRecords = 10_000 } = options;
    positive("flushIntervalMs", flushIntervalMs, false);
    positive("batchSize", batchSize, true);
    positive("maxBufferedRecords", maxBufferedRecords, true);
    if (retention.maxAgeMs !== undefined) positive("retention.maxAgeMs", retention.maxAgeMs, false);
    const { maxRecords } = retention;
    if (maxRecords !== undefined && !(Number.isSafeInteger(maxRecords) && maxRecords >= 0)) {
      throw invalidArgument("retention.maxRecords", "non-negative-integer", "must be a non-negative integer");
    }
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#retention = { ...retention };
    this.#flushIntervalMs = flushIntervalMs;
    this.#batchSize = batchSize;
    this.#maxBuffered = maxBufferedRecords;
    this.#onError = options.onError;
    this.#logger = options.logger ?? noopLogger;
  }

  /** Buffers one record for writing. Never throws: a record that cannot be kept is reported to `onError`. */
  record(record: CallRecord): void {
    try {
      if (this.#closed) throw closedError("CallHistory");
      const value = encodeCallRecord(record); // throws on an invalid Date
      this.#buffer.push({ op: "put", key: callKey(record.time.getTime(), this.#sequence++, this.#writerId), value });
      this.#trimBuffer();
      if (this.#buffer.length >= this.#batchSize) this.#flushInBackground();
      else this.#armTimer();
    } catch (error) {
      this.#report("record", error);
    }
  }

  /** Writes every record buffered so far. Rejects if the store fails; the records stay buffered for the next flush. */
  flush(): Promise<void> {
    const run = this.#flushTail.then(() => this.#writeBuffer());
    this.#flushTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /**
   * Matching records, after flushing the buffer (so a failing store makes this reject). The time
   * range is a key range; the other filters are applied to the records read. See
   * `CallHistoryQuery` for order and `limit`.
   */
  async query(query: CallHistoryQuery = {}): Promise<CallRecord[]> {
    checkQuery(query);
    await this.flush();
    if (query.abortSignal?.aborted) throw abortedError(query.abortSignal);
    const newestFirst = query.limit !== undefined;
    const max = query.limit ?? Infinity;
    let startAfter = query.from && timeBound(query.from.getTime());
    let endBefore = query.to && timeBound(query.to.getTime());
    const out: CallRecord[] = [];
    while (out.length < max) {
      const page = await this.#store.list(callKeyPrefix, {
        startAfter,
        endBefore,
        limit: pageSize,
        reverse: newestFirst,
        abortSignal: query.abortSignal,
      });
      for (const entry of page) {
        const record = decodeCallRecord(entry.value);
        if (record && matches(record, query) && out.length < max) out.push(record);
      }
      if (page.length < pageSize) break;
      const last = page.at(-1)?.key;
      if (newestFirst) endBefore = last;
      else startAfter = last;
    }
    return out;
  }

  /** Count, error rate and latency percentiles of the matching records. */
  summarize(query?: CallHistoryQuery & { groupBy?: undefined }): Promise<CallSummary>;
  /** One summary per distinct value of the `groupBy` field, keys in sorted order. */
  summarize(query: CallHistoryQuery & { groupBy: CallGroupBy }): Promise<Record<string, CallSummary>>;
  summarize(query: CallSummaryQuery): Promise<CallSummary | Record<string, CallSummary>>;
  async summarize(query: CallSummaryQuery = {}): Promise<CallSummary | Record<string, CallSummary>> {
    const records = await this.query(query);
    const { groupBy } = query;
    if (groupBy === undefined) return summarizeCalls(records);
    const groups = new Map<string, CallRecord[]>();
    for (const record of records) {
      const group = groups.get(record[groupBy]);
      if (group) group.push(record);
      else groups.set(record[groupBy], [record]);
    }
    const names = [...groups.keys()].sort();
    return Object.fromEntries(names.map((name) => [name, summarizeCalls(groups.get(name) ?? [])]));
  }

  /** Stops the timer and writes what is buffered. Later records are dropped (and reported). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stopTimer();
    await this.flush();
  }

  async #writeBuffer(): Promise<void> {
    this.#stopTimer();
    if (this.#dropped > 0) {
      this.#report("buffer", new Error(`dropped ${this.#dropped} unwritten call records: buffer full`));
      this.#dropped = 0;
    }
    const pending = this.#buffer;
    this.#buffer = [];
    try {
      while (pending.length > 0) {
        const batch = pending.slice(0, this.#batchSize);
        await this.#store.commit(batch);
        pending.splice(0, batch.length);
        this.#writtenSincePrune += batch.length;
      }
    } catch (error) {
      this.#buffer = [...pending, ...this.#buffer]; // oldest first, retried by the next flush
      this.#trimBuffer();
      throw error;
    } finally {
      if (this.#buffer.length > 0) this.#armTimer();
    }
    await this.#prune();
  }

  async #prune(): Promise<void> {
    const { maxAgeMs, maxRecords } = this.#retention;
    if (maxAgeMs !== undefined) await this.#deleteBefore(timeBound(this.#clock.now() - maxAgeMs));
    if (maxRecords === undefined || this.#writtenSincePrune < Math.max(1, Math.ceil(maxRecords / 10))) return;
    this.#writtenSincePrune = 0;
    const newest = await this.#store.list(callKeyPrefix, { reverse: true, limit: maxRecords + 1 });
    const firstExcess = newest.length > maxRecords ? newest.at(-1) : undefined;
    // key + "\u0000" is the smallest key after `key`, so the excess record itself goes too.
    if (firstExcess) await this.#deleteBefore(`${firstExcess.key}\u0000`);
  }

  /** Deletes every record key below `endBefore`, one batch per commit. */
  async #deleteBefore(endBefore: string): Promise<void> {
    for (;;) {
      const old = await this.#store.list(callKeyPrefix, { endBefore, limit: this.#batchSize });
      if (old.length > 0) await this.#store.commit(old.map((entry) => ({ op: "delete", key: entry.key })));
      if (old.length < this.#batchSize) return;
    }
  }

  #flushInBackground(): void {
    if (this.#backgroundFlushQueued) return;
    this.#backgroundFlushQueued = true;
    void this.flush()
      .catch((error: unknown) => this.#report("flush", error))
      .finally(() => {
        this.#backgroundFlushQueued = false;
      });
  }

  #armTimer(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushInBackground();
    }, this.#flushIntervalMs);
    this.#timer.unref(); // a pending flush must not keep the process alive
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Drops the oldest buffered records beyond the cap; reported on the next flush. */
  #trimBuffer(): void {
    const excess = this.#buffer.length - this.#maxBuffered;
    if (excess <= 0) return;
    this.#buffer.splice(0, excess);
    this.#dropped += excess;
  }

  /** Reports a failure no caller can see. Never throws, even when the handlers do. */
  #report(what: string, error: unknown): void {
    try {
      const message = error instanceof Error ? error.message : String(error);
      this.#logger.warn(`call history: ${what} failed`, { error: message });
      this.#onError?.(error);
    } catch {
      // A broken error handler must not break the caller that recorded a call.
    }
  }
}

function matches(record: CallRecord, query: CallHistoryQuery): boolean {
  return (
    (query.provider === undefined || record.provider === query.provider) &&
    (query.connection === undefined || record.connection === query.connection) &&
    (query.api === undefined || record.api === query.api) &&
    (query.resourceType === undefined || record.resourceType === query.resourceType) &&
    (!query.errorsOnly || record.error !== undefined)
  );
}

function checkQuery(query: CallHistoryQuery): void {
  for (const field of ["from", "to"] as const) {
    const date = query[field];
    if (date !== undefined && !(date instanceof Date && !Number.isNaN(date.getTime()))) {
      throw invalidArgument(field, "date", "must be a valid Date");
    }
  }
  const limit = query.limit;
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    throw invalidArgument("limit", "non-negative-integer", "must be a non-negative integer");
  }
}

function positive(field: string, value: number, integer: boolean): void {
  const ok = integer ? Number.isSafeInteger(value) && value > 0 : Number.isFinite(value) && value > 0;
  if (!ok) throw invalidArgument(field, "positive", `must be a positive ${integer ? "integer" : "number"}`);
}
