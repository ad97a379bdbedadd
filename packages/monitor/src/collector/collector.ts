import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { invalidArgument, isBaristaError, noopLogger, systemClock } from "@cloud-barista/core";
import type { Clock, Logger } from "@cloud-barista/core";
import { expositionContentType, formatExposition } from "../exposition/format.js";
import { parseLineProtocol } from "../line-protocol/parse.js";
import type { LineError } from "../line-protocol/parse.js";
import { nanosPerUnit } from "../line-protocol/precision.js";
import type { MetricPoint } from "../model/point.js";
import type { EmbeddedStore } from "../store/embedded-store.js";
import type { LineProtocolSource, MetricSink } from "../store/sink.js";
import { monitorVersion } from "../version.js";
import { hasToken } from "./auth.js";
import { BodyError, readBody } from "./body.js";
import { parseBody } from "./ingest.js";
import type { IngestResult } from "./ingest.js";
import { otlpToPoints } from "./otlp.js";
import { Scraper, validateTargets } from "./scraper.js";
import type { ScrapeTarget, TargetStatus } from "./scraper.js";

/** What {@link startCollector} writes to, where it listens and what it scrapes. */
export interface CollectorOptions {
  /** The embedded store: every point goes there, and `/metrics` serves its latest values. */
  store: EmbeddedStore;
  /** More sinks (e.g. InfluxDB); a write is acknowledged once every sink has it. */
  sinks?: readonly MetricSink[];
  /** Default 127.0.0.1 and a free port. */
  listen?: { host?: string; port?: number };
  /** When set, `/write` and `/metrics` require it (`/healthz` never does). */
  token?: string;
  /** Largest `/write` body, after gunzip (default 32 MiB). */
  maxBodyBytes?: number;
  /** Pull targets. */
  scrape?: readonly ScrapeTarget[];
  /** Times of points written without one and of scrapes (default: the system clock). */
  clock?: Clock;
  /** Where listening, failed or malformed writes and scrape failures are reported (default: nowhere). */
  logger?: Logger;
}

/** Counters of a running collector, since it started. */
export interface CollectorStats {
  /** `/write` and OTLP requests whose body was read (refused or not). */
  writes: number;
  /** Points written to the sinks (pushed and scraped). */
  pointsWritten: number;
  /** Numeric field values the embedded store took. */
  samplesWritten: number;
  /** Malformed lines rejected (the valid lines of their batches were kept). */
  malformedLines: number;
  /** Requests refused for a missing or wrong token (401). */
  unauthorized: number;
  /** Bodies refused for exceeding `maxBodyBytes` (413). */
  tooLarge: number;
  /** Writes refused because the store was behind (503). */
  throttled: number;
  /** OTLP data points left out (no value, a bad time), reported back as partialSuccess. */
  otlpRejected: number;
}

/** A running collector, from {@link startCollector}. */
export interface Collector {
  /** `http://host:port`. */
  readonly url: string;
  /** The port bound (the actual one when a free port was asked). */
  readonly port: number;
  /** The counters now. */
  stats(): CollectorStats;
  /** How each pull target's scrapes go. */
  targets(): TargetStatus[];
  /** Scrapes every pull target once now. */
  scrapeNow(): Promise<void>;
  /** Stops scraping and serving (the store stays open: it is the caller's). */
  close(): Promise<void>;
}

/**
 * Starts the collector: InfluxDB v1 `/write` (and `/ping`), Prometheus `/metrics` with the
 * latest value of every series, `/healthz`, and the scraper of pull targets.
 */
export async function startCollector(options: CollectorOptions): Promise<Collector> {
  checkOptions(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? noopLogger;
  const maxBody = options.maxBodyBytes ?? 32 << 20;
  const token = options.token;
  const sinks: MetricSink[] = [options.store, ...(options.sinks ?? [])];
  const stats: CollectorStats = {
    writes: 0,
    pointsWritten: 0,
    samplesWritten: 0,
    malformedLines: 0,
    unauthorized: 0,
    tooLarge: 0,
    throttled: 0,
    otlpRejected: 0,
  };
  let warnedMalformed = false;

  const writeAll = async (points: MetricPoint[], source?: LineProtocolSource) => {
    const [stored] = await Promise.all(sinks.map((s) => s.write(points, source)));
    stats.pointsWritten += points.length;
    stats.samplesWritten += stored?.samples ?? 0;
  };
  /**
   * A /write body: parsed straight into the store's columns (`parseBody`, then `writeColumns`).
   * A sink that takes line protocol as it came (InfluxDB) gets the body itself when every line was
   * plain; otherwise sinks get points parsed from the text. Acknowledged once every sink has it.
   */
  const ingest = async (body: Buffer, unit: bigint, defaultTimeNs: bigint): Promise<IngestResult> => {
    const { batch, errors } = parseBody(options.store, body, { nanosPerUnit: unit, defaultTimeNs });
    const stored =
      batch.points > 0 ? options.store.writeColumns(batch, { body, nanosPerUnit: unit, defaultTimeNs }) : undefined;
    const others = sinks.slice(1);
    if (others.length > 0 && batch.points > 0) {
      const plain = errors.length === 0 && batch.untimed === 0 && batch.slowLines === 0;
      let points: MetricPoint[] | undefined;
      let source: LineProtocolSource | undefined;
      const pointsOf = () => {
        source ??= { text: body.toString("utf8"), nanosPerUnit: unit, defaultTimeNs };
        return (points ??= parseLineProtocol(source.text, source).points);
      };
      const writes = others.map((s) =>
        plain && s.writeLineProtocol
          ? s.writeLineProtocol({ body, nanosPerUnit: unit, points: batch.points, samples: batch.samples })
          : s.write(pointsOf(), source),
      );
      await Promise.all([stored, ...writes]);
    }
    await stored;
    stats.pointsWritten += batch.points;
    stats.samplesWritten += batch.samples;
    return { points: batch.points, samples: batch.samples, skippedFields: batch.skippedFields, errors };
  };
  const scraper = new Scraper({ targets: options.scrape ?? [], write: writeAll, clock, logger });

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://collector");
    const authorized = () => {
      if (token === undefined || hasToken(request, url, token)) return true;
      stats.unauthorized++;
      json(response, 401, { error: "authorization failed" });
      return false;
    };
    switch (url.pathname) {
      case "/healthz":
        return json(response, 200, { status: "ok", version: monitorVersion });
      case "/ping":
        response.writeHead(204, { "X-Influxdb-Version": "1.8-cb", "X-Influxdb-Build": "OSS" }).end();
        return;
      case "/metrics": {
        if (request.method !== "GET" && request.method !== "HEAD") return json(response, 405, { error: "use GET" });
        if (!authorized()) return;
        const text = formatExposition(options.store.latest(), [
          {
            name: "cb_collector_points_written_total",
            help: "points acknowledged",
            type: "counter",
            value: stats.pointsWritten,
          },
          {
            name: "cb_collector_malformed_lines_total",
            help: "malformed lines rejected",
            type: "counter",
            value: stats.malformedLines,
          },
          {
            name: "cb_collector_stale_targets",
            help: "pull targets stale",
            type: "gauge",
            value: scraper.status().filter((t) => t.health === "stale").length,
          },
        ]);
        response
          .writeHead(200, { "Content-Type": expositionContentType })
          .end(request.method === "HEAD" ? undefined : text);
        return;
      }
      case "/write":
        if (request.method !== "POST") return json(response, 405, { error: "use POST" });
        if (!authorized()) return;
        return write(request, response, url);
      case "/v1/metrics":
        if (request.method !== "POST") return json(response, 405, { error: "use POST" });
        if (!authorized()) return;
        return otlp(request, response);
      default:
        return json(response, 404, { error: `no route ${url.pathname}` });
    }
  };

  const write = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    let unit: bigint;
    try {
      unit = nanosPerUnit(url.searchParams.get("precision") ?? undefined);
    } catch (error) {
      return json(response, 400, { error: (error as Error).message });
    }
    let body: Buffer;
    try {
      body = await readBody(request, maxBody);
    } catch (error) {
      if (error instanceof BodyError) {
        if (error.status === 413) stats.tooLarge++;
        return json(response, error.status, { error: error.message });
      }
      throw error;
    }
    stats.writes++;
    const defaultTimeNs = BigInt(clock.now()) * 1_000_000n;
    let points: number;
    let errors: LineError[];
    try {
      ({ points, errors } = await ingest(body, unit, defaultTimeNs));
    } catch (error) {
      if (isBaristaError(error, "Throttled")) {
        stats.throttled++;
        return json(response, 503, { error: error.message });
      }
      logger.error("monitor write failed", { error: String(error) });
      return json(response, 500, { error: "the store failed to write" });
    }
    if (errors.length === 0) {
      response.writeHead(204).end();
      return;
    }
    stats.malformedLines += errors.length;
    const first = errors[0] as (typeof errors)[number];
    if (!warnedMalformed) {
      warnedMalformed = true;
      logger.warn("malformed line protocol rejected", { line: first.line, error: first.message });
    }
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    const detail = `unable to parse '${first.text}' (line ${first.line}): ${first.message}${more}`;
    json(response, 400, { error: points > 0 ? `partial write: ${detail} dropped=${errors.length}` : detail });
  };

  /** OTLP/HTTP metrics, JSON only (otlp.ts); answered as OTLP does: 200 with {} or partialSuccess. */
  const otlp = async (request: IncomingMessage, response: ServerResponse) => {
    const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      request.resume();
      return json(response, 415, {
        error: `OTLP over HTTP is served as application/json only (protobuf is not), got "${type}"`,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse((await readBody(request, maxBody)).toString("utf8"));
    } catch (error) {
      if (error instanceof BodyError) {
        if (error.status === 413) stats.tooLarge++;
        return json(response, error.status, { error: error.message });
      }
      return json(response, 400, { error: `the body is not JSON: ${(error as Error).message}` });
    }
    stats.writes++;
    const { points, rejected, firstError } = otlpToPoints(parsed, BigInt(clock.now()) * 1_000_000n);
    stats.otlpRejected += rejected;
    if (points.length === 0 && rejected > 0) return json(response, 400, { error: firstError });
    try {
      if (points.length > 0) await writeAll(points);
    } catch (error) {
      if (isBaristaError(error, "Throttled")) {
        stats.throttled++;
        return json(response, 503, { error: error.message });
      }
      if (isBaristaError(error, "InvalidArgument")) return json(response, 400, { error: error.message });
      logger.error("monitor OTLP write failed", { error: String(error) });
      return json(response, 500, { error: "the store failed to write" });
    }
    json(
      response,
      200,
      rejected > 0 ? { partialSuccess: { rejectedDataPoints: String(rejected), errorMessage: firstError } } : {},
    );
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error("monitor collector request failed", { error: String(error) });
      if (!response.headersSent) json(response, 500, { error: "internal error" });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.listen?.port ?? 0, options.listen?.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  scraper.start();
  logger.info("monitor collector listening", { url: `http://${host}:${address.port}` });
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    stats: () => ({ ...stats }),
    targets: () => scraper.status(),
    scrapeNow: () => scraper.scrapeAll(),
    close: async () => {
      await scraper.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) })
    .end(text);
}

function checkOptions(options: CollectorOptions): void {
  if (typeof options?.store?.latest !== "function")
    throw invalidArgument("store", "required", "is required (an EmbeddedStore)");
  if (options.token !== undefined && (typeof options.token !== "string" || options.token.length < 8)) {
    throw invalidArgument("token", "min-length", "must be a string of at least 8 characters");
  }
  const port = options.listen?.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw invalidArgument("listen.port", "port", "must be an integer 0..65535");
  }
  if (options.maxBodyBytes !== undefined && !(Number.isInteger(options.maxBodyBytes) && options.maxBodyBytes > 0)) {
    throw invalidArgument("maxBodyBytes", "positive-integer", "must be a positive integer");
  }
  validateTargets(options.scrape ?? []);
}
