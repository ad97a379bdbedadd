import { BaristaError, driverErrors, errorCodeForHttpStatus, parseRetryAfter } from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";
import type { IbmService } from "./apis.js";

export const provider = "IBM";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, badAnswer, capacity } = driverErrors(provider);

/** What the driver knows of a failed HTTP answer. */
export interface HttpFailure {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
  headers: Readonly<Record<string, string | undefined>>;
  service: IbmService;
  /** Now, on the driver's clock, for HTTP-date Retry-After values. */
  nowMs: number;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;

/**
 * The vendor code, message and trace of any IBM error envelope: the VPC API's and Global
 * Tagging's `{ errors: [{ code, message, more_info, target }], trace }`, IAM's `{ errorCode,
 * errorMessage, context: { requestId } }` and the Global Catalog's `{ message }`.
 */
export function errorDetails(body: unknown): { nativeCode?: string; message: string; trace?: string } {
  if (body === null || typeof body !== "object") return { message: text(body) ?? "" };
  const record = body as Record<string, unknown>;
  const trace =
    text(record["trace"]) ?? text((record["context"] as Record<string, unknown> | undefined)?.["requestId"]);
  const withTrace = trace === undefined ? {} : { trace };
  const errors = record["errors"];
  if (Array.isArray(errors) && errors.length > 0) {
    const first = (errors[0] ?? {}) as Record<string, unknown>;
    const target = first["target"] as { name?: unknown } | undefined;
    const on = text(target?.name);
    const message = [text(first["message"]) ?? "", on ? `(${on})` : ""].filter((s) => s !== "").join(" ");
    const code = text(first["code"]);
    return { ...(code ? { nativeCode: code } : {}), message, ...withTrace };
  }
  const iamCode = text(record["errorCode"]);
  if (iamCode) return { nativeCode: iamCode, message: text(record["errorMessage"]) ?? "", ...withTrace };
  const message = text(record["message"]) ?? text(record["error"]) ?? text(record["description"]) ?? "";
  const code = text(record["code"]);
  return { ...(code ? { nativeCode: code } : {}), message, ...withTrace };
}

// IBM codes by their shape ("instance_not_found", "subnet_in_use", "validation_required_field_missing").
const patterns: readonly [RegExp, ErrorCode][] = [
  [/not_found$|^not_found|_not_found_/, "NotFound"],
  [/quota|over_limit|limit_exceeded|too_many_(?!requests)/, "QuotaExceeded"],
  [/capacity|insufficient_resources|no_available|unavailable_in_zone/, "CapacityUnavailable"],
  [/not_unique|unique|duplicate|already_exists|_exists$/, "AlreadyExists"],
  [/rate_limit|too_many_requests|throttl/, "Throttled"],
  [
    /in_use|not_empty|still_attached|attached|conflict|not_active|_state$|_status$|not_ready|deleting|pending/,
    "Conflict",
  ],
  [/forbidden|not_allowed|permission/, "PermissionDenied"],
  [/^validation_|^bad_request|^invalid|_invalid$|missing|required/, "InvalidArgument"],
];

/**
 * IAM's codes for a credential it does not accept: an unknown, disabled or locked API key, an
 * expired refresh token. Its other BXNIM codes are the request's fault.
 */
const iamRefusals = new Set(["BXNIM0415E", "BXNIM0109E", "BXNIM0418E", "BXNIM0414E", "BXNIM0407E", "BXNIM0408E"]);

/** The portable code of an IBM answer: its vendor code where that says more, else its HTTP status. */
export function errorCodeOf(status: number, nativeCode: string | undefined, service: IbmService): ErrorCode {
  if (status === 429) return "Throttled";
  if (status === 401) return "Unauthenticated";
  if (service === "iam" && status < 500) {
    return nativeCode !== undefined && !iamRefusals.has(nativeCode) && status !== 400 && status !== 403
      ? errorCodeForHttpStatus(status)
      : "Unauthenticated";
  }
  const code = (nativeCode ?? "").toLowerCase();
  if (code !== "" && status < 500) {
    const known = patterns.find(([pattern]) => pattern.test(code))?.[1];
    // A 404 that is not about the resource (a wrong path) stays NotFound either way.
    if (known) return status === 404 ? "NotFound" : known;
  }
  if (status === 503 && /capacity/.test(code)) return "CapacityUnavailable";
  return errorCodeForHttpStatus(status);
}

/** A BaristaError of provider "IBM" for a failed HTTP answer, with IBM's trace as request id. */
export function httpError(failure: HttpFailure, api: string): BaristaError {
  const details = errorDetails(failure.body);
  const code = errorCodeOf(failure.status, details.nativeCode, failure.service);
  const requestId = details.trace ?? failure.headers["x-request-id"] ?? failure.headers["x-correlation-id"];
  const retryAfterMs = parseRetryAfter(failure.headers["retry-after"], failure.nowMs);
  return new BaristaError(
    code,
    `${api}: ${failure.status} ${details.nativeCode ?? ""} ${details.message}`.replace(/\s+/g, " ").trim(),
    {
      provider,
      statusCode: failure.status,
      ...(requestId ? { requestId } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(details.nativeCode ? { nativeCode: details.nativeCode } : {}),
    },
  );
}
