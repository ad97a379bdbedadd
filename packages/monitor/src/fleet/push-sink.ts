import { BaristaError } from "@cloud-barista/core";
import { formatLineProtocol } from "../line-protocol/format.js";
import type { MetricPoint } from "../model/point.js";
import type { MetricSink, SinkWriteResult } from "../store/sink.js";

/** Where a {@link pushSink} writes. */
export interface PushSinkOptions {
  /** The collector's (or any InfluxDB v1's) base URL, e.g. `http://127.0.0.1:8086`. */
  readonly url: string;
  /** Sent as a bearer token. */
  readonly token?: string;
  /** Default "cbmon". */
  readonly db?: string;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
}

/**
 * A `MetricSink` that pushes line protocol to a collector's `/write`, as an agent does: a write
 * resolves once the collector answered 204 (the points are durable there). 503 and 429 reject with
 * `Throttled`, other answers with `ProviderError` carrying the collector's message (never the token).
 */
export function pushSink(options: PushSinkOptions): MetricSink {
  const url = new URL("/write", options.url);
  url.searchParams.set("db", options.db ?? "cbmon");
  url.searchParams.set("precision", "ns");
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8" };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  return {
    async write(points: readonly MetricPoint[]): Promise<SinkWriteResult> {
      let samples = 0;
      let skippedFields = 0;
      for (const p of points)
        for (const v of Object.values(p.fields))
          if (typeof v === "string") skippedFields++;
          else samples++;
      if (points.length === 0) return { samples, skippedFields };
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: formatLineProtocol(points),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = await response.text();
      if (response.status === 204) return { samples, skippedFields };
      const message = `the collector answered ${response.status}: ${text.slice(0, 300)}`;
      if (response.status === 503 || response.status === 429)
        throw new BaristaError("Throttled", message, { retryable: true });
      throw new BaristaError("ProviderError", message);
    },
    close: () => Promise.resolve(),
  };
}
