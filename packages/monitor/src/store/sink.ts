import type { MetricPoint } from "../model/point.js";

/** A `/write` body and how it was parsed: parsing it again gives the same points. */
export interface LineProtocolSource {
  text: string;
  nanosPerUnit: bigint;
  /** The time given to lines without one. */
  defaultTimeNs: bigint;
}

/**
 * A `/write` body every line of which is well-formed, timestamped and plain (what the collector's
 * byte-level parser took without help: no escapes, no string fields), with its counts.
 */
export interface PlainLineProtocol {
  body: Buffer;
  nanosPerUnit: bigint;
  points: number;
  samples: number;
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
  /** Optional: takes a plain body as it came, so the collector need not parse it into points. */
  writeLineProtocol?(body: PlainLineProtocol): Promise<SinkWriteResult>;
  /** Closes the sink, writing out what it still holds first (as far as it can); no writes after it. */
  close(): Promise<void>;
}
