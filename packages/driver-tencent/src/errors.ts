import { BaristaError, driverErrors, isBaristaError, transportFailure } from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";

export const provider = "TENCENT";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, badAnswer, capacity } = driverErrors(provider);

/** API 3.0's error envelope: `Response.Error` with the answer's `RequestId` (always inside HTTP 200). */
export interface ApiErrorBody {
  Code?: string;
  Message?: string;
  RequestId?: string;
}

// Tencent error codes by the portable code they mean, where the code's family does not say it.
const exact: Readonly<Record<string, ErrorCode>> = {
  "AuthFailure.UnauthorizedOperation": "PermissionDenied",
  "AuthFailure.MFAFailure": "PermissionDenied",
  "OperationDenied.InstanceOperationInProgress": "Conflict",
  "FailedOperation.ResourceInOperation": "Conflict",
  "ResourceUnavailable.InstanceType": "CapacityUnavailable",
  "ResourceInsufficient.CloudDiskUnavailable": "CapacityUnavailable",
  "InvalidParameterValue.InvalidDiskType": "NotSupported",
  "InvalidParameterValue.InstanceTypeNotSupported": "NotSupported",
  ResourceBusy: "Conflict",
  InvalidAction: "NotSupported",
  UnsupportedRegion: "NotSupported",
  InternalError: "ProviderError",
  "InternalError.ServerError": "ProviderError",
};

// Families of codes by their shape ("RequestLimitExceeded.UinLimitExceeded", "InvalidVpcId.NotFound").
const patterns: readonly [RegExp, ErrorCode][] = [
  [/^RequestLimitExceeded/, "Throttled"],
  [/^AuthFailure/, "Unauthenticated"],
  [/^UnauthorizedOperation/, "PermissionDenied"],
  [/^(ResourcesSoldOut|ResourceInsufficient)/, "CapacityUnavailable"],
  [/^ResourceUnavailable\.(InstanceType|Zone|SoldOut)/, "CapacityUnavailable"],
  [/^InternalError/, "ProviderError"],
  [/NotFound|^ResourceNotFound/, "NotFound"],
  [/^UnsupportedOperation\.(Instance)?State|^UnsupportedOperation\.Instance(State|Status)/, "Conflict"],
  [/^UnsupportedOperation/, "NotSupported"],
  [/^ResourceInUse|InUse$|^OperationDenied|^ResourceUnavailable|\.Busy$|\.Attached$|\.NotAttached$/, "Conflict"],
  [/^LimitExceeded|QuotaLimit|QuotaExceeded|^InvalidParameterValue\.LimitExceeded$/, "QuotaExceeded"],
  [/Duplicate|AlreadyExist/, "AlreadyExists"],
  [
    /^(InvalidParameter|MissingParameter|UnknownParameter|InvalidFilter|RequestSizeLimitExceeded|Invalid)/,
    "InvalidArgument",
  ],
];

// What passes (another operation on the same instance or load balancer, a busy service): asking
// again later may succeed, and the cloud changed nothing.
const passing =
  /^RequestLimitExceeded|^ResourceBusy|^OperationDenied\.InstanceOperationInProgress|^FailedOperation\.ResourceInOperation|^InternalError|^ResourceInUse\.(Instance)?Operation/;

/**
 * Whether Tencent refused a call because its resource is busy (being made, or another operation on
 * it still runs): the same call succeeds once that is over.
 */
export function isBusy(error: unknown): boolean {
  return (
    isBaristaError(error) &&
    /^ResourceBusy|^OperationDenied\.InstanceOperationInProgress|^FailedOperation\.ResourceInOperation/.test(
      error.nativeCode ?? "",
    )
  );
}

/** The portable code of a Tencent error code (unknown codes are the provider's error). */
export function errorCodeOf(nativeCode: string): ErrorCode {
  return exact[nativeCode] ?? patterns.find(([pattern]) => pattern.test(nativeCode))?.[1] ?? "ProviderError";
}

/**
 * Tencent's message, without what it may echo of the request: signature failures can quote the
 * string to sign or the canonical request, so only what comes before them is kept.
 */
function safeMessage(message: string): string {
  const cut = message.search(/string ?to ?sign|canonical ?request|Credential=|Signature=|SecretId/i);
  return (cut < 0 ? message : message.slice(0, cut)).trim().replace(/[\s:,]+$/, "");
}

/** An API 3.0 error answer (`Response.Error`) as a BaristaError of provider "TENCENT". */
export function apiFailure(api: string, body: ApiErrorBody): BaristaError {
  const nativeCode = body.Code || "Unknown";
  const code = errorCodeOf(nativeCode);
  return new BaristaError(code, `${api}: ${nativeCode}: ${safeMessage(body.Message ?? "")}`.trim(), {
    provider,
    nativeCode,
    retryable: code === "Throttled" || passing.test(nativeCode),
    // API 3.0 answers HTTP 200 to everything, errors included.
    statusCode: 200,
    ...(body.RequestId ? { requestId: body.RequestId } : {}),
  });
}

/** What tencentcloud-sdk-nodejs throws: its exception with the envelope's code and request id. */
interface SdkException {
  code?: unknown;
  requestId?: unknown;
  httpCode?: unknown;
  message?: unknown;
}

/** An errno-style code ("ECONNREFUSED") in the SDK's message: the SDK keeps the message only. */
function errnoIn(message: string): string | undefined {
  return /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1];
}

/**
 * Turns whatever an SDK request threw into a BaristaError: an error answer by its envelope (never
 * the SDK's exception as cause), anything without an answer by the shared transport
 * classification (the errno code the SDK folded into its message recovered, so a refused
 * connection is known unsent). A non-200 HTTP answer (a proxy or gateway) goes by its status.
 */
export function toBaristaError(error: unknown, api: string, signal?: AbortSignal): BaristaError {
  if (isBaristaError(error)) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkException;
  const message = typeof e.message === "string" ? e.message : String(error);
  const requestId = typeof e.requestId === "string" ? e.requestId : "";
  if (typeof e.code === "string" && e.code !== "") {
    return apiFailure(api, { Code: e.code, Message: message, RequestId: requestId });
  }
  if (typeof e.httpCode === "number") {
    const status = e.httpCode;
    const code: ErrorCode = status === 429 ? "Throttled" : status >= 500 ? "ProviderError" : "ProviderError";
    return new BaristaError(code, `${api}: HTTP ${status}`, {
      provider,
      statusCode: status,
      retryable: status === 429 || status >= 500,
    });
  }
  if (signal?.aborted) return transportFailure(provider, api, error, signal);
  if (/Unexpected token|JSON|Cannot read properties of undefined \(reading 'Error'\)/.test(message)) {
    return badAnswer(`${api}: the answer is not an API 3.0 envelope`);
  }
  const errno = errnoIn(message);
  const plain = Object.assign(new Error(message), errno ? { code: errno } : {});
  plain.name = /timeout/i.test(message) ? "TimeoutError" : "Error";
  return transportFailure(provider, api, plain, signal);
}
