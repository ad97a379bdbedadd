import type { ErrorCode } from "../errors.js";
import type { CallRecord } from "./call-record.js";

/**
 * The stored JSON form of a CallRecord. Only the known fields are copied, so nothing else a caller
 * put on the object (a body, a credential) can reach the store.
 */
export function encodeCallRecord(record: CallRecord): string {
  const stored: Record<string, unknown> = {
    time: record.time.toISOString(),
    provider: record.provider,
    connection: record.connection,
    region: record.region,
    zone: record.zone,
    resourceType: record.resourceType,
    resourceName: record.resourceName,
    api: record.api,
    elapsedMs: record.elapsedMs,
    attempt: record.attempt,
    error: record.error && { code: record.error.code, message: record.error.message },
    requestId: record.requestId,
    compensating: record.compensating === true ? true : undefined,
  };
  return JSON.stringify(stored); // undefined fields are left out
}

/** The record in a stored value, or undefined when the value is not one (then it is skipped). */
export function decodeCallRecord(value: string): CallRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const time = typeof r.time === "string" ? new Date(r.time) : undefined;
  if (!time || Number.isNaN(time.getTime())) return undefined;
  const text = ["provider", "connection", "region", "resourceType", "api"] as const;
  if (!text.every((field) => typeof r[field] === "string")) return undefined;
  if (typeof r.elapsedMs !== "number" || typeof r.attempt !== "number") return undefined;

  const record: CallRecord = {
    time,
    provider: r.provider as string,
    connection: r.connection as string,
    region: r.region as string,
    resourceType: r.resourceType as string,
    api: r.api as string,
    elapsedMs: r.elapsedMs,
    attempt: r.attempt,
  };
  if (typeof r.zone === "string") record.zone = r.zone;
  if (typeof r.resourceName === "string") record.resourceName = r.resourceName;
  if (typeof r.requestId === "string") record.requestId = r.requestId;
  if (r.compensating === true) record.compensating = true;
  const error = r.error as { code?: unknown; message?: unknown } | undefined;
  if (error && typeof error.code === "string" && typeof error.message === "string") {
    record.error = { code: error.code as ErrorCode, message: error.message };
  }
  return record;
}
