import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import type { Batch, PointBuffer } from "./buffer.js";
import { httpSend } from "./http-send.js";
import type { LogFn } from "./log.js";
import { silentLog } from "./log.js";
import { agentVersion } from "./version.js";

const gzip = promisify(gzipCallback);

/** Where and how a {@link Pusher} sends the buffer: endpoint, batch size, timeouts and backoff. */
export interface PushOptions {
  /** The collector (or InfluxDB v1) base URL, e.g. http://collector:8086; `/write` is added unless there. */
  readonly url: string;
  /** The `db` query parameter (default "cbmon", CB-Dragonfly's database). */
  readonly db?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Compress bodies with gzip (default true). */
  readonly gzip?: boolean;
  /** Most points in one request (default 5000). */
  readonly batchPoints?: number;
  /** Give up on one request after this long and retry it (default 10,000 ms). */
  readonly timeoutMs?: number;
  /** First retry delay, doubled on every failure up to `retryMaxMs` (default 500 ms). */
  readonly retryInitialMs?: number;
  /** Longest retry delay (default 30,000 ms). */
  readonly retryMaxMs?: number;
}

/** Counters of a {@link Pusher}, in points (lines) unless said otherwise, since it was created. */
export interface PushStats {
  /** Points the receiver acknowledged (204, or the valid part of a partial write). */
  readonly sent: number;
  /** Points the receiver refused for good (a 4xx other than 429): dropped, never retried. */
  readonly rejected: number;
  /** Failed attempts that will be (or were) retried: 429, 5xx, network errors and timeouts. */
  readonly retries: number;
  /** The last failure, without credentials; undefined after a success. */
  readonly lastError?: string;
}

type Outcome =
  | { kind: "ok" }
  | { kind: "rejected"; dropped: number; message: string }
  | { kind: "retry"; message: string; retryAfterMs?: number };

/** The write endpoint: base URL + /write?db=...&precision=ms (the agent writes times in ms). */
export function writeUrl(base: string, db: string): URL {
  const url = new URL(base);
  if (!url.pathname.endsWith("/write")) url.pathname = `${url.pathname.replace(/\/+$/, "")}/write`;
  url.searchParams.set("db", db);
  url.searchParams.set("precision", "ms");
  return url;
}

// InfluxDB v1 reports how many points of a partial write it dropped: `... dropped=N`.
function droppedCount(body: string): number | undefined {
  const m = /dropped=(\d+)/.exec(body);
  return m?.[1] ? Number(m[1]) : undefined;
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // not JSON: the text itself
  }
  return body.trim().slice(0, 300);
}

/**
 * Sends the buffer's oldest batches to an InfluxDB v1 write endpoint, one request at a time. A 204
 * acknowledges the batch; a 4xx other than 429 refuses it for good (dropped, counted, each kind of
 * refusal logged once); 429, 5xx and network errors leave it in the buffer and retry after an
 * exponential backoff with jitter (Retry-After honoured).
 */
export class Pusher {
  private readonly url: URL;
  private readonly where: string;
  private readonly headers: Record<string, string>;
  private readonly batchPoints: number;
  private readonly timeoutMs: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly compress: boolean;
  private sentPoints = 0;
  private rejectedPoints = 0;
  private retryCount = 0;
  private failures = 0;
  private lastError: string | undefined;
  private readonly logged = new Set<string>();
  private running: Promise<void> | undefined;
  private stopping = false;
  private deadline = Infinity;
  // Cuts a request still in flight when stop()'s time is up, so a SIGTERM never waits a full timeout.
  private readonly abort = new AbortController();
  private onData: (() => void) | undefined;
  private onStop: (() => void) | undefined;

  private readonly buffer: PointBuffer;
  private readonly log: LogFn;

  constructor(buffer: PointBuffer, options: PushOptions, log: LogFn = silentLog) {
    this.buffer = buffer;
    this.log = log;
    this.url = writeUrl(options.url, options.db ?? "cbmon");
    this.where = `${this.url.origin}${this.url.pathname}`; // no user info or query in logs
    this.headers = {
      "Content-Type": "text/plain; charset=utf-8",
      "User-Agent": `cb-monitor-agent/${agentVersion}`,
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.gzip === false ? {} : { "Content-Encoding": "gzip" }),
    };
    this.compress = options.gzip !== false;
    this.batchPoints = options.batchPoints ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryInitialMs = options.retryInitialMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
  }

  /** The counters now. */
  stats(): PushStats {
    return {
      sent: this.sentPoints,
      rejected: this.rejectedPoints,
      retries: this.retryCount,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Starts the send loop (idempotent). */
  start(): void {
    this.running ??= this.loop();
  }

  /** New data in the buffer: send now unless waiting out a backoff. */
  notify(): void {
    this.onData?.();
  }

  /** Sends what it can until the buffer is empty or `timeoutMs` has passed, then stops the loop. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.deadline = Date.now() + timeoutMs;
    this.start();
    this.onStop?.();
    const cut = setTimeout(() => this.abort.abort(new Error("stopped before an answer")), timeoutMs);
    try {
      await this.running;
    } finally {
      clearTimeout(cut);
    }
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopping && Date.now() >= this.deadline) return;
      const batch = this.buffer.peek(this.batchPoints);
      if (!batch) {
        if (this.stopping) return;
        await this.pause(Infinity);
        continue;
      }
      this.buffer.begin(batch);
      const outcome = await this.send(batch);
      if (outcome.kind === "ok") {
        this.buffer.remove(batch);
        this.sentPoints += batch.lines.length;
        if (this.failures > 0) this.log("info", "push resumed", { url: this.where, failedAttempts: this.failures });
        this.failures = 0;
        this.lastError = undefined;
      } else if (outcome.kind === "rejected") {
        this.buffer.remove(batch);
        this.rejectedPoints += outcome.dropped;
        this.sentPoints += batch.lines.length - outcome.dropped;
        this.lastError = outcome.message;
        const kind = outcome.message.replace(/\d+/g, "N").slice(0, 80);
        if (!this.logged.has(kind)) {
          this.logged.add(kind);
          this.log("warn", "push refused: points dropped (logged once per kind)", {
            url: this.where,
            error: outcome.message,
          });
        }
      } else {
        this.buffer.release(batch);
        this.retryCount += 1;
        this.failures += 1;
        this.lastError = outcome.message;
        if (this.failures === 1)
          this.log("warn", "push failed, retrying with backoff", { url: this.where, error: outcome.message });
        const exp = Math.min(this.retryMaxMs, this.retryInitialMs * 2 ** Math.min(30, this.failures - 1));
        const jittered = exp / 2 + (Math.random() * exp) / 2;
        const delay = Math.min(this.retryMaxMs, Math.max(jittered, outcome.retryAfterMs ?? 0));
        if (this.stopping && Date.now() + delay >= this.deadline) return;
        await this.pause(delay);
      }
    }
  }

  // Waits for `ms`; new data ends only an idle wait (never a backoff), stop ends either.
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.onData = this.onStop = undefined;
        resolve();
      };
      const timer = ms === Infinity ? undefined : setTimeout(done, ms);
      this.onStop = done;
      this.onData = ms === Infinity ? done : undefined;
    });
  }

  private async send(batch: Batch): Promise<Outcome> {
    const text = batch.lines.map((l) => `${l}\n`).join("");
    const body = this.compress ? await gzip(text) : Buffer.from(text);
    const timeout = this.stopping ? Math.min(this.timeoutMs, Math.max(1, this.deadline - Date.now())) : this.timeoutMs;
    let answer;
    try {
      answer = await httpSend(this.url, "POST", this.headers, body, timeout, this.abort.signal);
    } catch (error) {
      return { kind: "retry", message: (error as Error).message };
    }
    const { status } = answer;
    if (status >= 200 && status < 300) return { kind: "ok" };
    const message = `${status} ${errorText(answer.body)}`;
    if (status === 429 || status >= 500 || status < 200) {
      const retryAfter = Number(answer.headers["retry-after"]);
      return { kind: "retry", message, ...(Number.isFinite(retryAfter) ? { retryAfterMs: retryAfter * 1000 } : {}) };
    }
    const dropped = status === 400 ? droppedCount(answer.body) : undefined;
    return { kind: "rejected", dropped: Math.min(batch.lines.length, dropped ?? batch.lines.length), message };
  }
}
