import {
  BaristaError,
  driverErrors,
  errorCodeForHttpStatus,
  parseRetryAfter,
  transportFailure,
} from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";

export const provider = "GCP";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, alreadyExists, badAnswer, capacity, quota } = driverErrors(provider);

/**
 * Google's reasons (`error.errors[].reason` of a REST answer, `error.errors[].code` inside a DONE
 * Operation) whose meaning the HTTP status does not carry, or carries wrongly (403 is both
 * "forbidden" and "rate limit exceeded").
 */
const byReason: Readonly<Record<string, ErrorCode>> = {
  notFound: "NotFound",
  RESOURCE_NOT_FOUND: "NotFound",
  alreadyExists: "AlreadyExists",
  RESOURCE_ALREADY_EXISTS: "AlreadyExists",
  conditionNotMet: "Conflict",
  CONDITION_NOT_MET: "Conflict",
  resourceInUseByAnotherResource: "Conflict",
  RESOURCE_IN_USE_BY_ANOTHER_RESOURCE: "Conflict",
  resourceNotReady: "Conflict",
  RESOURCE_NOT_READY: "Conflict",
  rateLimitExceeded: "Throttled",
  userRateLimitExceeded: "Throttled",
  RATE_LIMIT_EXCEEDED: "Throttled",
  RESOURCE_EXHAUSTED: "Throttled",
  quotaExceeded: "QuotaExceeded",
  QUOTA_EXCEEDED: "QuotaExceeded",
  ZONE_RESOURCE_POOL_EXHAUSTED: "CapacityUnavailable",
  ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS: "CapacityUnavailable",
  resourcePoolExhausted: "CapacityUnavailable",
  invalid: "InvalidArgument",
  badRequest: "InvalidArgument",
  required: "InvalidArgument",
  INVALID_USAGE: "InvalidArgument",
  invalidParameter: "InvalidArgument",
  forbidden: "PermissionDenied",
  insufficientPermissions: "PermissionDenied",
  authError: "Unauthenticated",
  unauthorized: "Unauthenticated",
};

function codeFor(status: number, reason: string | undefined): ErrorCode {
  const known = reason === undefined ? undefined : byReason[reason];
  if (known) return known;
  if (status === 412) return "Conflict";
  return errorCodeForHttpStatus(status);
}

/** Google's error envelope: `{ error: { code, message, status?, errors: [{ reason, message }] } }`. */
export interface GoogleEnvelope {
  code?: number;
  message?: string;
  status?: string;
  errors?: { reason?: string; message?: string; domain?: string }[];
}

function envelopeOf(body: unknown): GoogleEnvelope | undefined {
  let value = body;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== "object") return undefined;
  const inner = (value as { error?: unknown }).error;
  return inner !== null && typeof inner === "object" ? inner : undefined;
}

/** An answer Google gave (status, headers, body) as a BaristaError: reason first, then status. */
export function googleFailure(
  api: string,
  answer: { status: number; retryAfter?: string | undefined; body: unknown },
  nowMs: number,
): BaristaError {
  const envelope = envelopeOf(answer.body);
  const reason = envelope?.errors?.find((e) => e.reason)?.reason ?? envelope?.status;
  const message = envelope?.message ?? `HTTP ${answer.status}`;
  const code = codeFor(answer.status, reason);
  const retryAfterMs = parseRetryAfter(answer.retryAfter, nowMs);
  return new BaristaError(code, `${api}: ${answer.status} ${reason ?? ""} ${message}`.replace(/\s+/g, " ").trim(), {
    provider,
    statusCode: answer.status,
    ...(reason ? { nativeCode: reason } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    // A stale fingerprint is not mended by sending the same request again.
    ...(reason === "conditionNotMet" ? { retryable: false } : {}),
  });
}

/** Reasons for which Compute Engine refuses a resource when placing it, before anything is made. */
const refusedWhenPlacing = new Set([
  "QUOTA_EXCEEDED",
  "ZONE_RESOURCE_POOL_EXHAUSTED",
  "ZONE_RESOURCE_POOL_EXHAUSTED_WITH_DETAILS",
]);

/** Whether `error` is Compute Engine refusing a resource for quota or capacity: nothing to undo. */
export function madeNothing(error: unknown): boolean {
  return error instanceof BaristaError && refusedWhenPlacing.has(error.nativeCode ?? "");
}

/** The errors of an Operation that ended DONE with `error` (QUOTA_EXCEEDED, ZONE_RESOURCE_POOL_EXHAUSTED, …). */
export function operationFailure(
  api: string,
  operation: {
    error?: { errors?: { code?: string | null; message?: string | null }[] | null } | null;
    httpErrorStatusCode?: number | null;
    httpErrorMessage?: string | null;
  },
): BaristaError {
  const first = operation.error?.errors?.[0];
  const reason = first?.code ?? undefined;
  const status = operation.httpErrorStatusCode ?? 400;
  const code = codeFor(status, reason);
  const message = first?.message ?? operation.httpErrorMessage ?? "operation failed";
  return new BaristaError(code, `${api}: operation failed: ${reason ?? ""} ${message}`.replace(/\s+/g, " ").trim(), {
    provider,
    statusCode: status,
    ...(reason ? { nativeCode: reason } : {}),
    retryable: code === "Throttled",
  });
}

/**
 * Whether a failure before any request left is google-auth-library's: the key does not sign (not
 * an RSA PEM: OpenSSL's decoder refuses it), no default credentials were found, or the token
 * endpoint refused the grant.
 */
function refusedCredential(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = `${typeof code === "string" ? code : ""} ${typeof message === "string" ? message : ""}`;
  return /ERR_OSSL|DECODER|PEM|private key|default credentials|invalid_grant|invalid_client/i.test(text);
}

/** What google-gax throws for a REST answer (a GoogleError) or for no answer. */
interface GaxError {
  code?: unknown;
  httpStatusCode?: unknown;
  message?: unknown;
  reason?: unknown;
}

const rawPayload = Symbol.for("google-gax.rawHttpResponsePayload");

/** What one attempt noted on the wire (see clients.ts): sent at all, and the answer's Retry-After. */
export interface WireFacts {
  sent: boolean;
  retryAfter: string | undefined;
}

/**
 * The one place google-gax's and google-auth-library's failures become SDK errors: an answer by
 * its Google reason and HTTP status; a failure before anything was sent (the key could not sign
 * a token) as Unauthenticated without retry; the rest through the kit's transport classification.
 * The vendor error is never kept as the cause: it carries the request, headers included.
 */
export function toBaristaError(
  error: unknown,
  api: string,
  wire: WireFacts,
  nowMs: number,
  signal?: AbortSignal,
): BaristaError {
  if (error instanceof BaristaError) return error;
  if (signal?.aborted) return transportFailure(provider, api, error, signal);
  const e = (error ?? {}) as GaxError & Record<symbol, unknown>;
  const status = typeof e.httpStatusCode === "number" ? e.httpStatusCode : undefined;
  if (status !== undefined) {
    const body = e[rawPayload];
    const envelope = envelopeOf(body);
    const fallback = { error: { code: status, message: typeof e.message === "string" ? e.message : "" } };
    return googleFailure(
      api,
      { status, retryAfter: wire.retryAfter, body: envelope ? { error: envelope } : fallback },
      nowMs,
    );
  }
  if (!wire.sent && refusedCredential(error)) {
    // google-auth-library failed before the request left: the key does not sign (not an RSA
    // PEM), or no default credentials were found. Its message may quote the key: not kept.
    return new BaristaError("Unauthenticated", `${api}: no token could be made from the credential`, {
      provider,
      retryable: false,
    });
  }
  return transportFailure(provider, api, error, signal);
}
