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
}

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
  /** Newest records first when set; default all, oldest first. */
  limit?: number;
  abortSignal?: AbortSignal;
}

export interface CallSummary {
  count: number;
  errorCount: number;
  /** errorCount / count (0 when count is 0). */
  errorRate: number;
  elapsedMs: { mean: number; p50: number; p95: number; p99: number; max: number };
}
