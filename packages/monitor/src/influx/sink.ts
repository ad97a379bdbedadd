import { gzip } from "node:zlib";
import { promisify } from "node:util";
import {
  BaristaError,
  backoffDelayMs,
  closedError,
  invalidArgument,
  isBaristaError,
  noopLogger,
  systemClock,
} from "@cloud-barista/core";
import type { Clock, Logger } from "@cloud-barista/core";
import { nanosPerUnit } from "../line-protocol/precision.js";
import type { Precision } from "../line-protocol/precision.js";
import type { MetricPoint } from "../model/point.js";
import { parseLineProtocol } from "../line-protocol/parse.js";
import type { MetricSink, PlainLineProtocol, SinkWriteResult } from "../store/sink.js";
import { formatForInflux } from "./format.js";
import { checkConnection, endpoint, influxRequest } from "./http.js";
import type { InfluxConnection } from "./http.js";
import { createInfluxDatabase } from "./query.js";

const gzipAsync = promisify(gzip);

export interface InfluxSinkOptions extends InfluxConnection {
  db: string;
  /** `rp` of `/write`; the database's default policy when absent. */
  retentionPolicy?: string;
  /** Timestamp precision sent to InfluxDB (default "ns"; coarser ones truncate). */
  precision?: Precision;
  /** Sends `CREATE DATABASE` before the first write (default false). */
  createDatabase?: boolean;
  /**
   * "forward" (default): `write` resolves once the points are queued, and the sink forwards them
   * in the background (the embedded store is what acknowledges). "acknowledge": `write` resolves
   * only once InfluxDB answered 204 for them, and rejects with Throttled when the queue is full,
   * so the collector's 204 also means "in InfluxDB".
   */
  mode?: "forward" | "acknowledge";
  /** Points per `/write` request (default 5000). */
  batchPoints?: number;
  /** Longest a queued point waits for a fuller batch (default 1000 ms). */
  flushIntervalMs?: number;
  /** Points the queue holds (default 200,000); past it the oldest are dropped and counted ("forward"). */
  maxQueuedPoints?: number;
  /** Tries per batch on 5xx, 429 and network errors, the first included (default 8). */
  maxAttempts?: number;
  /** Backoff base and cap (defaults 200 ms and 10 s; full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** gzip request bodies (default true). */
  gzip?: boolean;
  clock?: Clock;
  logger?: Logger;
}

/** Counters of an {@link InfluxSink}, since it was created. */
export interface InfluxSinkStats {
  /** Points waiting in the queue now. */
  queuedPoints: number;
  /** Points InfluxDB took. */
  sentPoints: number;
  /** Requests InfluxDB took. */
  sentBatches: number;
  /** Points dropped because the queue was full ("forward" mode). */
  droppedPoints: number;
  /** Points InfluxDB refused with a 4xx, or that ran out of attempts. */
  failedPoints: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  /** The last failure (no credentials in it). */
  lastError?: string;
}

interface Chunk {
  text: string;
  points: number;
  done?: { resolve: () => void; reject: (error: unknown) => void };
}

/** A MetricSink that forwards points to InfluxDB 1.x's `/write` (see `influxSink`). */
export class InfluxSink implements MetricSink {
  readonly #options: InfluxSinkOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #unit: bigint;
  readonly #precision: string;
  readonly #batchPoints: number;
  readonly #maxQueued: number;
  readonly #queue: Chunk[] = [];
  readonly #stats: InfluxSinkStats = {
    queuedPoints: 0,
    sentPoints: 0,
    sentBatches: 0,
    droppedPoints: 0,
    failedPoints: 0,
    retries: 0,
  };
  readonly #stop = new AbortController();
  #databaseReady: boolean;
  #wake: (() => void) | undefined;
  #idle: (() => void)[] = [];
  #sending = false;
  #closed = false;
  #loop: Promise<void>;

  constructor(options: InfluxSinkOptions) {
    checkOptions(options);
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? noopLogger;
    this.#unit = nanosPerUnit(options.precision ?? "ns");
    this.#precision =
      ({ n: "ns", us: "u" } as Record<string, string>)[options.precision ?? "ns"] ?? options.precision ?? "ns";
    this.#batchPoints = options.batchPoints ?? 5000;
    this.#maxQueued = options.maxQueuedPoints ?? 200_000;
    this.#databaseReady = !options.createDatabase;
    this.#loop = this.#run();
  }

  /** Queues the points (and, in "acknowledge" mode, waits until InfluxDB has them). */
  write(points: readonly MetricPoint[]): Promise<SinkWriteResult> {
    if (this.#closed) return Promise.reject(closedError("InfluxSink"));
    let samples = 0;
    for (const p of points) samples += Object.keys(p.fields).length;
    if (points.length === 0) return Promise.resolve({ samples, skippedFields: 0 });
    return this.#enqueue({ text: formatForInflux(points, this.#unit), points: points.length }, samples);
  }

  /**
   * Queues a plain `/write` body as it came, without parsing it into points, when its precision is
   * the sink's (and it has no CR): its lines already are what `write` would format. Otherwise it
   * is parsed and written as points.
   */
  writeLineProtocol(source: PlainLineProtocol): Promise<SinkWriteResult> {
    if (this.#closed) return Promise.reject(closedError("InfluxSink"));
    if (source.nanosPerUnit !== this.#unit || source.body.includes(13)) {
      const text = source.body.toString("utf8");
      return this.write(parseLineProtocol(text, { nanosPerUnit: source.nanosPerUnit, defaultTimeNs: 0n }).points);
    }
    const text = source.body.toString("utf8");
    return this.#enqueue({ text: text.endsWith("\n") ? text : `${text}\n`, points: source.points }, source.samples);
  }

  #enqueue(chunk: Chunk, samples: number): Promise<SinkWriteResult> {
    const result = { samples, skippedFields: 0 };
    const acknowledge = this.#options.mode === "acknowledge";
    if (this.#stats.queuedPoints + chunk.points > this.#maxQueued) {
      if (acknowledge) {
        return Promise.reject(new BaristaError("Throttled", "the InfluxDB sink's queue is full; retry later"));
      }
      this.#dropOldest(this.#stats.queuedPoints + chunk.points - this.#maxQueued);
    }
    const done = acknowledge
      ? new Promise<void>((resolve, reject) => (chunk.done = { resolve, reject }))
      : Promise.resolve();
    this.#queue.push(chunk);
    this.#stats.queuedPoints += chunk.points;
    this.#wake?.();
    return done.then(() => result);
  }

  /** The counters now. */
  stats(): InfluxSinkStats {
    return { ...this.#stats };
  }

  /** Resolves once everything queued so far was sent (or given up on). */
  flush(): Promise<void> {
    if (this.#queue.length === 0 && !this.#sending) return Promise.resolve();
    const promise = new Promise<void>((resolve) => this.#idle.push(resolve));
    this.#wake?.();
    return promise;
  }

  /** Sends what is queued (waiting at most `timeoutMs`, default 10 s), then stops. */
  async close({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    } finally {
      clearTimeout(timer);
      this.#stop.abort();
      this.#wake?.();
      await this.#loop;
      for (const resolve of this.#idle.splice(0)) resolve();
      // Whatever is left could not be sent in time.
      for (const chunk of this.#queue.splice(0)) this.#fail(chunk, closedError("InfluxSink"));
    }
  }

  #dropOldest(count: number): void {
    let dropped = 0;
    while (dropped < count && this.#queue.length > 0) {
      const chunk = this.#queue.shift() as Chunk;
      dropped += chunk.points;
      this.#stats.queuedPoints -= chunk.points;
    }
    this.#stats.droppedPoints += dropped;
    if (dropped > 0) this.#logger.warn("influx sink queue full: dropped the oldest points", { dropped });
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    const flushMs = this.#options.flushIntervalMs ?? 1000;
    while (!signal.aborted) {
      if (this.#queue.length === 0) {
        for (const resolve of this.#idle.splice(0)) resolve();
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
        continue;
      }
      // Wait for a full batch, at most flushIntervalMs (unless someone flushes or closes).
      if (this.#stats.queuedPoints < this.#batchPoints && this.#idle.length === 0 && !this.#closed) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, flushMs);
          this.#wake = () => {
            if (this.#stats.queuedPoints >= this.#batchPoints || this.#idle.length > 0 || this.#closed) {
              clearTimeout(timer);
              resolve();
            }
          };
        });
        this.#wake = undefined;
        if (signal.aborted) break;
      }
      const batch: Chunk[] = [];
      let points = 0;
      while (
        this.#queue.length > 0 &&
        (batch.length === 0 || points + (this.#queue[0] as Chunk).points <= this.#batchPoints)
      ) {
        const chunk = this.#queue.shift() as Chunk;
        batch.push(chunk);
        points += chunk.points;
      }
      this.#stats.queuedPoints -= points;
      this.#sending = true;
      try {
        await this.#send(batch.map((c) => c.text).join(""));
        this.#stats.sentPoints += points;
        this.#stats.sentBatches++;
        for (const chunk of batch) chunk.done?.resolve();
      } catch (error) {
        this.#stats.lastError = isBaristaError(error) ? `${error.code}: ${error.message}` : String(error);
        this.#logger.error("influx sink write failed", { points, error: this.#stats.lastError });
        for (const chunk of batch) this.#fail(chunk, error);
      } finally {
        this.#sending = false;
      }
    }
  }

  #fail(chunk: Chunk, error: unknown): void {
    this.#stats.failedPoints += chunk.points;
    chunk.done?.reject(error);
  }

  /** One `/write`, retried with backoff on 5xx, 429 and network errors; 4xx fail at once. */
  async #send(text: string): Promise<void> {
    const o = this.#options;
    const body = o.gzip === false ? Buffer.from(text) : await gzipAsync(text);
    const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
    if (o.gzip !== false) headers["content-encoding"] = "gzip";
    const url = endpoint(o, "write", { db: o.db, rp: o.retentionPolicy, precision: this.#precision });
    const policy = {
      maxAttempts: o.maxAttempts ?? 8,
      baseDelayMs: o.baseDelayMs ?? 200,
      maxDelayMs: o.maxDelayMs ?? 10_000,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.#databaseReady) {
          await createInfluxDatabase(o, o.db);
          this.#databaseReady = true;
        }
        await influxRequest(o, url, { method: "POST", headers, body, what: "write", signal: this.#stop.signal });
        return;
      } catch (error) {
        const retryable = isBaristaError(error) && error.retryable;
        if (!retryable || attempt >= policy.maxAttempts || this.#stop.signal.aborted) throw error;
        this.#stats.retries++;
        try {
          await this.#clock.sleep(backoffDelayMs(policy, attempt, Math.random), { abortSignal: this.#stop.signal });
        } catch {
          throw error;
        }
      }
    }
  }
}

/**
 * A MetricSink writing to InfluxDB 1.x: batches (`batchPoints`, `flushIntervalMs`), gzip, retries
 * with backoff on 5xx/429/network errors, typed errors on 4xx, a bounded queue whose drops are
 * counted. Pass it in the collector's `sinks`. See docs/monitor.md, "InfluxDB and Prometheus".
 */
export function influxSink(options: InfluxSinkOptions): InfluxSink {
  return new InfluxSink(options);
}

function checkOptions(options: InfluxSinkOptions): void {
  checkConnection(options);
  if (typeof options.db !== "string" || options.db === "") throw invalidArgument("db", "required", "is required");
  nanosPerUnit(options.precision ?? "ns");
  if (options.mode !== undefined && options.mode !== "forward" && options.mode !== "acknowledge") {
    throw invalidArgument("mode", "enum", "must be forward or acknowledge");
  }
  for (const key of [
    "batchPoints",
    "flushIntervalMs",
    "maxQueuedPoints",
    "maxAttempts",
    "baseDelayMs",
    "maxDelayMs",
  ] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw invalidArgument(key, "positive-integer", "must be a positive integer");
    }
  }
}
