import type { MetricPoint } from "../model/point.js";

/** A `/write` body and how it was parsed: parsing it again gives the same points. */
export interface LineProtocolSource {
  text: string;
  nanosPerUnit: bigint;
  /** The time given to lines without one. */
  defaultTimeNs: bigint;
}

/** What a sink did with a batch. */
export interface SinkWriteResult {
  /** Numeric field values stored. */
  samples: number;
  /** String fields, which the embedded store does not keep (InfluxDB does). */
  skippedFields: number;
}

/**
 * Where the collector writes points: the embedded store, and later an InfluxDB v1 sink. `write`
 * resolves only once the points are durable: the collector answers 204 (acknowledged) after it.
 * A sink that cannot take more right now rejects with a BaristaError "Throttled" (HTTP 503).
 */
export interface MetricSink {
  /** `source`, when given, is the line protocol the points were parsed from (sinks may log or forward it as is). */
  write(points: readonly MetricPoint[], source?: LineProtocolSource): Promise<SinkWriteResult>;
  close(): Promise<void>;
}
