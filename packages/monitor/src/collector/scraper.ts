import { invalidArgument, isBaristaError, noopLogger, systemClock } from "@cloud-barista/core";
import type { Clock, Logger } from "@cloud-barista/core";
import { agentPoints } from "../exposition/map-agent.js";
import { NodeExporterMapper } from "../exposition/map-node-exporter.js";
import { parseExposition } from "../exposition/parse.js";
import type { MetricPoint } from "../model/point.js";

/** A pull target: an agent's `/metrics` or a node_exporter. */
export interface ScrapeTarget {
  url: string;
  /** "agent" reads `cb_*` families, "node-exporter" `node_*`; "auto" (default) whichever is there. */
  kind?: "auto" | "agent" | "node-exporter";
  /** Identity tags added to every point (ns, mcis, subgroup, vm, provider, region, host). */
  tags?: Record<string, string>;
  /** Sent as `Authorization: Bearer`. */
  token?: string;
  /** Default 10 s (Dragonfly's puller interval). */
  intervalMs?: number;
  /** Default the smaller of the interval and 5 s. */
  timeoutMs?: number;
}

/** How a target is doing: `stale` after 3 missed intervals (shown as stale, never as zero). */
export interface TargetStatus {
  url: string;
  health: "unknown" | "up" | "stale";
  scrapes: number;
  failures: number;
  consecutiveFailures: number;
  lastSuccessMs?: number;
  /** The last failure, without credentials. */
  lastError?: string;
}

export interface ScraperOptions {
  targets: readonly ScrapeTarget[];
  /** Receives each scrape's points; resolves when they are stored. */
  write: (points: MetricPoint[]) => Promise<unknown>;
  clock?: Clock;
  logger?: Logger;
  /** Spread of the wait between scrapes, as a fraction of the interval (default 0.1). */
  jitter?: number;
}

interface TargetState {
  target: Required<Omit<ScrapeTarget, "token">> & { token?: string };
  status: TargetStatus;
  mapper: NodeExporterMapper;
}

/** Checks targets before anything starts; errors name the field (`scrape[2].url`). */
export function validateTargets(targets: readonly ScrapeTarget[], field = "scrape"): void {
  const list: readonly ScrapeTarget[] = targets;
  if (!Array.isArray(targets)) throw invalidArgument(field, "array", "must be an array of targets");
  list.forEach((t, i) => {
    const at = `${field}[${i}]`;
    let url: URL;
    try {
      url = new URL(t.url);
    } catch {
      throw invalidArgument(`${at}.url`, "url", "must be an absolute http(s) URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw invalidArgument(`${at}.url`, "url", "must be an http or https URL");
    }
    if (url.username || url.password)
      throw invalidArgument(`${at}.url`, "no-credentials", "put the token in `token`, not in the URL");
    if (t.kind !== undefined && !["auto", "agent", "node-exporter"].includes(t.kind)) {
      throw invalidArgument(`${at}.kind`, "enum", "must be auto, agent or node-exporter");
    }
    for (const key of ["intervalMs", "timeoutMs"] as const) {
      const v = t[key];
      if (v !== undefined && !(Number.isInteger(v) && v > 0))
        throw invalidArgument(`${at}.${key}`, "positive-integer", "must be a positive integer");
    }
    for (const [k, v] of Object.entries(t.tags ?? {})) {
      if (typeof v !== "string") throw invalidArgument(`${at}.tags.${k}`, "string", "must be a string");
    }
  });
}

/** Scrapes each target on its interval, with jitter and a timeout per scrape. */
export class Scraper {
  readonly #states: TargetState[];
  readonly #write: ScraperOptions["write"];
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #jitter: number;
  readonly #stop = new AbortController();
  #loops: Promise<void>[] = [];

  constructor(options: ScraperOptions) {
    validateTargets(options.targets);
    this.#write = options.write;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? noopLogger;
    this.#jitter = options.jitter ?? 0.1;
    this.#states = options.targets.map((t) => {
      const intervalMs = t.intervalMs ?? 10_000;
      return {
        target: {
          url: t.url,
          kind: t.kind ?? "auto",
          tags: { ...t.tags },
          intervalMs,
          timeoutMs: t.timeoutMs ?? Math.min(intervalMs, 5000),
          ...(t.token === undefined ? {} : { token: t.token }),
        },
        status: { url: t.url, health: "unknown", scrapes: 0, failures: 0, consecutiveFailures: 0 },
        mapper: new NodeExporterMapper(),
      };
    });
  }

  start(): void {
    this.#loops = this.#states.map((s) => this.#loop(s));
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    await Promise.allSettled(this.#loops);
  }

  status(): TargetStatus[] {
    const now = this.#clock.now();
    return this.#states.map((s) => ({ ...s.status, health: this.#health(s, now) }));
  }

  /** Scrapes every target once now (tests, and a first reading at start). */
  async scrapeAll(): Promise<void> {
    await Promise.all(this.#states.map((s) => this.#scrape(s)));
  }

  #health(s: TargetState, now: number): TargetStatus["health"] {
    const limit = 3 * s.target.intervalMs;
    if (s.status.lastSuccessMs === undefined) return s.status.consecutiveFailures >= 3 ? "stale" : "unknown";
    return now - s.status.lastSuccessMs > limit ? "stale" : "up";
  }

  async #loop(s: TargetState): Promise<void> {
    const signal = this.#stop.signal;
    // A random first offset spreads many targets over the interval.
    let wait = Math.random() * s.target.intervalMs * this.#jitter;
    while (!signal.aborted) {
      try {
        await this.#clock.sleep(wait, { abortSignal: signal });
      } catch {
        return;
      }
      await this.#scrape(s);
      const spread = s.target.intervalMs * this.#jitter;
      wait = s.target.intervalMs + (Math.random() * 2 - 1) * spread;
    }
  }

  async #scrape(s: TargetState): Promise<void> {
    const { target, status } = s;
    status.scrapes++;
    try {
      const headers: Record<string, string> = { accept: "text/plain;version=0.0.4" };
      if (target.token) headers.authorization = `Bearer ${target.token}`;
      const response = await fetch(target.url, {
        headers,
        signal: AbortSignal.any([AbortSignal.timeout(target.timeoutMs), this.#stop.signal]),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = parseExposition(text);
      const now = this.#clock.now();
      const kind =
        target.kind !== "auto"
          ? target.kind
          : [...parsed.families.keys()].some((n) => n.startsWith("cb_"))
            ? "agent"
            : "node-exporter";
      const points = kind === "agent" ? agentPoints(parsed, target.tags, now) : s.mapper.map(parsed, target.tags, now);
      if (parsed.errors.length > 0) {
        this.#logger.warn("scrape had malformed lines", { url: target.url, count: parsed.errors.length });
      }
      if (points.length > 0) await this.#write(points);
      status.consecutiveFailures = 0;
      status.lastSuccessMs = this.#clock.now();
    } catch (error) {
      status.failures++;
      status.consecutiveFailures++;
      status.lastError = describe(error);
      if (status.consecutiveFailures === 1) {
        this.#logger.warn("scrape failed", { url: target.url, error: status.lastError });
      }
    }
  }
}

function describe(error: unknown): string {
  if (isBaristaError(error)) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error.cause as { code?: string } | undefined)?.code;
    return cause ? `${error.message} (${cause})` : error.message;
  }
  return String(error);
}
