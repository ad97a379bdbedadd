import type { ErrorCode } from "../errors.js";

/** One native cloud API call (one attempt). Never holds credentials or request/response bodies. */
export interface CallRecord {
  time: Date;
  provider: string;
  connection: string;
  region: string;
  zone?: string;
  /** Portable resource type or metadata kind, e.g. "vm", "images". */
  resourceType: string;
  /** The user's name of the resource, when the call concerns one. */
  resourceName?: string;
  /** The cloud's own API name, e.g. "RunInstances". */
  api: string;
  elapsedMs: number;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  error?: { code: ErrorCode; message: string };
  requestId?: string;
  /** The call undid a step of a failed multi-step operation. */
  compensating?: boolean;
}

/** Which call records a query or summary covers. */
export interface CallHistoryQuery {
  provider?: string;
  connection?: string;
  api?: string;
  resourceType?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  errorsOnly?: boolean;
  /** At most this many matching records: the newest, newest first. Without it: all, oldest first. */
  limit?: number;
  abortSignal?: AbortSignal | undefined;
}

/** The record field a summary can be grouped by. */
export type CallGroupBy = "api" | "provider" | "connection" | "resourceType";

/** A query for `CallHistory.summarize`: with `groupBy`, one summary per distinct value. */
export interface CallSummaryQuery extends CallHistoryQuery {
  groupBy?: CallGroupBy | undefined;
}

/** Counts, error rate and latency percentiles of a set of calls. */
export interface CallSummary {
  count: number;
  errorCount: number;
  /** errorCount / count (0 when count is 0). */
  errorRate: number;
  /** Latency of the calls; percentiles by nearest rank (see `summarizeCalls`); all 0 when count is 0. */
  elapsedMs: { mean: number; p50: number; p95: number; p99: number; max: number };
}
