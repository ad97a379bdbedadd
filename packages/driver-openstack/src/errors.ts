import { BaristaError, driverErrors, errorCodeForHttpStatus, parseRetryAfter } from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";

export const provider = "OPENSTACK";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, badAnswer } = driverErrors(provider);

/** What the driver knows of a failed HTTP answer. */
export interface HttpFailure {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
  headers: Readonly<Record<string, string | undefined>>;
  /** Service type the call went to ("compute", "network", ...). */
  service: string;
  /** Now, on the driver's clock, for HTTP-date Retry-After values. */
  nowMs: number;
}

function text(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : fallback;
}

/**
 * The vendor's error code and message from any OpenStack error envelope: Nova and Cinder
 * (`{"itemNotFound": {"code", "message"}}`), Neutron (`{"NeutronError": {"type", "message"}}`),
 * Keystone (`{"error": {"title", "message"}}`), Octavia (`{"faultcode", "faultstring"}`), Magnum
 * (`{"errors": [{"status", "title", "detail"}]}`) and Glance's plain text.
 */
export function errorDetails(body: unknown): { nativeCode?: string; message: string; retryAfter?: string } {
  if (typeof body === "string") {
    const lines = body
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "");
    return { message: lines.slice(1).join(" ") || lines[0] || "" };
  }
  if (body === null || typeof body !== "object") return { message: "" };
  const record = body as Record<string, unknown>;
  const neutron = record["NeutronError"];
  if (neutron !== null && typeof neutron === "object") {
    const n = neutron as Record<string, unknown>;
    return { nativeCode: text(n["type"], "NeutronError"), message: text(n["message"], "") };
  }
  if (typeof record["faultstring"] === "string") {
    return { nativeCode: text(record["faultcode"], "Fault"), message: record["faultstring"] };
  }
  const errors = record["errors"];
  if (Array.isArray(errors)) {
    const first = (errors[0] ?? {}) as Record<string, unknown>;
    return { message: text(first["detail"], text(first["title"], "")) };
  }
  const error = record["error"];
  if (error !== null && typeof error === "object") {
    const e = error as Record<string, unknown>;
    return { nativeCode: text(e["title"], "Error"), message: text(e["message"], "") };
  }
  const [name, fault] = Object.entries(record)[0] ?? [];
  if (name !== undefined && fault !== null && typeof fault === "object") {
    const f = fault as Record<string, unknown>;
    const retryAfter = f["retryAfter"];
    return {
      nativeCode: name,
      message: text(f["message"], ""),
      ...(retryAfter === undefined ? {} : { retryAfter: text(retryAfter, "") }),
    };
  }
  return { message: JSON.stringify(body) };
}

/**
 * The one place OpenStack answers become SDK errors. Over-quota answers differ per service (Nova
 * and Octavia 403, Neutron 409 OverQuota, Cinder and Glance 413), so a quota message wins over the
 * status; 413 and 429 otherwise mean rate limiting, with Retry-After. A Cinder 400 "Invalid volume"
 * is the volume's state refusing the operation: a Conflict.
 */
export function codeFor(failure: {
  status: number;
  service: string;
  nativeCode?: string | undefined;
  message: string;
}): ErrorCode {
  const { status, message } = failure;
  const quota = failure.nativeCode === "OverQuota" || /quota/i.test(message);
  switch (status) {
    case 400:
      if (failure.service === "volumev3" && /^Invalid volume/i.test(message)) return "Conflict";
      // Magnum refuses changes to a cluster that is still building or changing with a 400.
      if (failure.service === "container-infra" && /when status is/i.test(message)) return "Conflict";
      return "InvalidArgument";
    case 403:
      return quota ? "QuotaExceeded" : "PermissionDenied";
    case 409:
      if (quota) return "QuotaExceeded";
      if (/already exists/i.test(message)) return "AlreadyExists";
      if (/no valid host/i.test(message)) return "CapacityUnavailable";
      return "Conflict";
    case 413:
    case 429:
      return quota ? "QuotaExceeded" : "Throttled";
    default:
      return errorCodeForHttpStatus(status);
  }
}

/** A BaristaError of provider "OPENSTACK" for a failed HTTP answer, with the request id. */
export function httpError(failure: HttpFailure, api: string): BaristaError {
  const details = errorDetails(failure.body);
  const code = codeFor({
    status: failure.status,
    service: failure.service,
    nativeCode: details.nativeCode,
    message: details.message,
  });
  const requestId = failure.headers["x-openstack-request-id"] ?? failure.headers["x-compute-request-id"];
  const retryAfterMs = parseRetryAfter(failure.headers["retry-after"] ?? details.retryAfter, failure.nowMs);
  return new BaristaError(code, `${api}: ${failure.status} ${details.message}`.trim(), {
    provider,
    statusCode: failure.status,
    ...(requestId ? { requestId } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(details.nativeCode ? { nativeCode: details.nativeCode } : {}),
  });
}
