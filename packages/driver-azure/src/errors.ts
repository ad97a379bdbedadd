import {
  BaristaError,
  driverErrors,
  errorCodeForHttpStatus,
  parseRetryAfter,
  transportFailure,
} from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";

export const provider = "AZURE";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, alreadyExists, badAnswer } = driverErrors(provider);

/** The ARM error codes whose meaning the HTTP status does not carry. */
const byNativeCode: Readonly<Record<string, ErrorCode>> = {
  ResourceNotFound: "NotFound",
  ResourceGroupNotFound: "NotFound",
  NotFound: "NotFound",
  SubscriptionNotFound: "NotFound",
  AuthorizationFailed: "PermissionDenied",
  AuthenticationFailed: "Unauthenticated",
  InvalidAuthenticationToken: "Unauthenticated",
  ExpiredAuthenticationToken: "Unauthenticated",
  SkuNotAvailable: "CapacityUnavailable",
  AllocationFailed: "CapacityUnavailable",
  ZonalAllocationFailed: "CapacityUnavailable",
  OverconstrainedAllocationRequest: "CapacityUnavailable",
  AnotherOperationInProgress: "Conflict",
  RetryableError: "Conflict",
  NicReservedForAnotherVm: "Conflict",
  NicInUse: "Conflict",
  PublicIPAddressInUse: "Conflict",
  InUseSubnetCannotBeDeleted: "Conflict",
  InUseNetworkSecurityGroupCannotBeDeleted: "Conflict",
  InUseResourceCannotBeDeleted: "Conflict",
  TooManyRequests: "Throttled",
  SubscriptionRequestsThrottled: "Throttled",
  QuotaExceeded: "QuotaExceeded",
};

/** OperationNotAllowed is how Compute reports exhausted quotas (cores, VMs) and other refusals. */
function codeFor(status: number, nativeCode: string | undefined, message: string): ErrorCode {
  if (nativeCode === "OperationNotAllowed") return /quota/i.test(message) ? "QuotaExceeded" : "Conflict";
  const known = nativeCode === undefined ? undefined : byNativeCode[nativeCode];
  if (known) return known;
  if (status === 409) return "Conflict";
  return errorCodeForHttpStatus(status);
}

/** An ARM error document: `{ error: { code, message } }` or the error object itself. */
function armError(body: unknown): { code?: string; message?: string } {
  if (body === null || typeof body !== "object") return {};
  const record = body as { error?: unknown; code?: unknown; message?: unknown };
  const inner = record.error !== null && typeof record.error === "object" ? (record.error as typeof record) : record;
  return {
    ...(typeof inner.code === "string" ? { code: inner.code } : {}),
    ...(typeof inner.message === "string" ? { message: inner.message } : {}),
  };
}

/** An answer ARM gave (status, headers, body) as a BaristaError, with its request id and Retry-After. */
export function armFailure(
  api: string,
  answer: { status: number; header: (name: string) => string | undefined; body: unknown },
  nowMs: number,
): BaristaError {
  const { code, message = "" } = armError(answer.body);
  const retryAfterMs = parseRetryAfter(answer.header("retry-after"), nowMs);
  const requestId = answer.header("x-ms-request-id");
  return new BaristaError(
    codeFor(answer.status, code, message),
    `${api}: ${answer.status} ${code ?? ""} ${message}`.trim(),
    {
      provider,
      statusCode: answer.status,
      ...(code ? { nativeCode: code } : {}),
      ...(requestId ? { requestId } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
}

/** The error a failed long-running operation reports (its status document's `error`). */
export function operationFailure(api: string, error: unknown): BaristaError {
  const { code, message = "" } = armError(error);
  return new BaristaError(codeFor(409, code, message), `${api}: operation failed: ${code ?? ""} ${message}`.trim(), {
    provider,
    ...(code ? { nativeCode: code } : {}),
    retryable: false,
  });
}

/** What @azure/identity throws when Microsoft Entra ID refuses the credential or cannot be reached. */
const identityErrors = new Set([
  "AuthenticationError",
  "AuthenticationRequiredError",
  "AggregateAuthenticationError",
  "CredentialUnavailableError",
]);

interface SdkError {
  name?: unknown;
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
  details?: unknown;
  response?: { headers?: { get(name: string): string | undefined }; bodyAsText?: string | null };
  errorResponse?: { error?: unknown; errorDescription?: unknown };
}

function bodyOf(error: SdkError): unknown {
  if (error.details !== undefined) return error.details;
  const text = error.response?.bodyAsText;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The one place the Azure SDK's failures become SDK errors: REST errors (an ARM answer) by their
 * ARM code and status; Microsoft Entra ID's refusals (AuthenticationError: a wrong secret, an
 * unknown tenant or client) as Unauthenticated without retry; anything without an answer through
 * the kit's transport classification. The vendor error is never kept as the cause: it carries the
 * request, headers included.
 */
export function toBaristaError(error: unknown, api: string, nowMs: number, signal?: AbortSignal): BaristaError {
  if (error instanceof BaristaError) return error;
  const e = (error ?? {}) as SdkError;
  if (typeof e.name === "string" && identityErrors.has(e.name)) {
    const described = e.errorResponse;
    const description = typeof described?.errorDescription === "string" ? described.errorDescription : "";
    const message = typeof e.message === "string" ? e.message : "";
    const text = `${description} ${message}`;
    // Entra ID's reason ("AADSTS7000215: Invalid client secret provided.") says why without
    // echoing the request; the OAuth error ("invalid_client") is the native code.
    const reason = /AADSTS\d+: [^.]*\./.exec(text)?.[0] ?? message.split(/\r?\n/)[0] ?? "";
    // The OAuth error ("invalid_client"); a credential of the default chain wraps the refusal,
    // its own name in `error` and Entra ID's answer in the description.
    const oauthError = /^[a-z_]+$/;
    const oauth =
      typeof described?.error === "string" && oauthError.test(described.error)
        ? described.error
        : /(?:^|[\s"])(invalid_[a-z_]+|unauthorized_client|unsupported_grant_type)\b/.exec(text)?.[1];
    // Without an AADSTS reason Entra ID may not have answered at all: MSAL reports an authority it
    // cannot reach and a tenant it does not know alike (endpoints_resolution_error).
    const what = /AADSTS\d+/.test(reason)
      ? "Microsoft Entra ID refused the credential"
      : /endpoints_resolution_error/.test(reason)
        ? "Microsoft Entra ID sign-in failed (the authority is unreachable or does not know the tenant)"
        : "Microsoft Entra ID sign-in failed";
    return new BaristaError("Unauthenticated", `${api}: ${what}: ${reason}`, {
      provider,
      retryable: false,
      ...(oauth ? { nativeCode: oauth } : {}),
    });
  }
  if (e.name === "RestError" && typeof e.statusCode === "number") {
    const headers = e.response?.headers;
    // A long-running operation's first answer reaches here without its body, its ARM code on the error.
    const body =
      bodyOf(e) ??
      (typeof e.code === "string"
        ? { error: { code: e.code, message: typeof e.message === "string" ? e.message : "" } }
        : undefined);
    return armFailure(api, { status: e.statusCode, header: (name) => headers?.get(name), body }, nowMs);
  }
  return transportFailure(provider, api, error, signal);
}
