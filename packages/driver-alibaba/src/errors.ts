import {
  BaristaError,
  driverErrors,
  isBaristaError,
  errorCodeForHttpStatus,
  transportFailure,
} from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";

export const provider = "ALIBABA";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, badAnswer, capacity } = driverErrors(provider);

/** The RPC error envelope: `{ RequestId, HostId, Code, Message, Recommend }`. */
export interface RpcErrorBody {
  RequestId?: string;
  Code?: string;
  Message?: string;
}

// Alibaba error codes by the portable code they mean, where the HTTP status does not say it.
const exact: Readonly<Record<string, ErrorCode>> = {
  ServiceUnavailable: "ProviderError",
  "OperationDenied.NoStock": "CapacityUnavailable",
  "Zone.NotOnSale": "CapacityUnavailable",
  "Zone.NotOpen": "CapacityUnavailable",
  "OperationDenied.ZoneNotAllowed": "CapacityUnavailable",
  ResourceNotAvailable: "CapacityUnavailable",
  "InvalidResourceType.NotSupported": "CapacityUnavailable",
  // The type is not sold in the zone (or to the account there): placement moves on, as for stock.
  "InvalidInstanceType.ValueNotSupported": "CapacityUnavailable",
  "InvalidSystemDiskCategory.ValueNotSupported": "NotSupported",
  "InvalidDiskCategory.NotSupported": "NotSupported",
  "InvalidDiskCategory.ValueNotSupported": "NotSupported",
  DependencyViolation: "Conflict",
  IdempotentParameterMismatch: "InvalidArgument",
  IdempotentProcessing: "Conflict",
  LastTokenProcessing: "Conflict",
  OperationConflict: "Conflict",
  TaskConflict: "Conflict",
  "InvalidAccessKeyId.NotFound": "Unauthenticated",
  "InvalidAccessKeyId.Inactive": "Unauthenticated",
  InvalidAccessKeyId: "Unauthenticated",
  SignatureDoesNotMatch: "Unauthenticated",
  IncompleteSignature: "Unauthenticated",
  "InvalidTimeStamp.Expired": "Unauthenticated",
  "InvalidTimeStamp.Format": "Unauthenticated",
  SignatureNonceUsed: "Unauthenticated",
  "InvalidSecurityToken.Expired": "Unauthenticated",
  "InvalidSecurityToken.Malformed": "Unauthenticated",
  "InvalidSecurityToken.MismatchWithAccessKey": "Unauthenticated",
  MissingSecurityToken: "Unauthenticated",
  InternalError: "ProviderError",
  UnknownError: "ProviderError",
};

// Families of codes by their shape ("Throttling.User", "InvalidVpcId.NotFound", "QuotaExceeded.Vcpu").
const patterns: readonly [RegExp, ErrorCode][] = [
  [/^Throttling(\.|$)/, "Throttled"],
  [/^ServiceUnavailable/, "ProviderError"],
  [/^OperationDenied\.(NoStock|ZoneNotAllowed|ZoneSystemCategoryNotMatch)/, "CapacityUnavailable"],
  [/^Incorrect[A-Za-z]*Status/, "Conflict"],
  [/^DependencyViolation/, "Conflict"],
  [/\.InUse$|InUse$/, "Conflict"],
  [/NotFound$/, "NotFound"],
  [/QuotaExceed|Quota\.|\.Quota|LimitExceed/, "QuotaExceeded"],
  [/\.(Duplicate|AlreadyExist|AlreadyExists)$|^Duplicate/, "AlreadyExists"],
  [/^(Forbidden|Forbbiden)|^NoPermission|^Unauthorized/, "PermissionDenied"],
  [/^(InvalidParameter|MissingParameter|Missing[A-Z]|Invalid)/, "InvalidArgument"],
];

// States that pass (an instance starting, another call on the same resource): asking again later
// may succeed, and the cloud changed nothing. A pending VPC or VSwitch is not among them: the
// driver waits for it to be Available (`pendingNetwork`), which takes longer than the runtime's
// retries.
const passing =
  /^Incorrect(?!Vpc|VSwitch)[A-Za-z]*Status|^OperationConflict|^TaskConflict|^IdempotentProcessing|^LastTokenProcessing|^ServiceUnavailable/;

/** The portable code of an Alibaba error code, else of its HTTP status. */
export function errorCodeOf(nativeCode: string, statusCode: number | undefined): ErrorCode {
  const known = exact[nativeCode] ?? patterns.find(([pattern]) => pattern.test(nativeCode))?.[1];
  if (known) return known;
  return statusCode === undefined ? "ProviderError" : errorCodeForHttpStatus(statusCode);
}

/**
 * Alibaba's message, without what it may echo of the request: SignatureDoesNotMatch quotes the
 * server's string to sign (the AccessKey id and every parameter), so only its first sentence is kept.
 */
function safeMessage(message: string): string {
  const cut = message.search(/server string to sign|StringToSign|AccessKeyId=|, URL: /i);
  return (cut < 0 ? message : message.slice(0, cut)).trim().replace(/[\s:,]+$/, "");
}

/** An RPC error answer (HTTP status and envelope) as a BaristaError of provider "ALIBABA". */
export function rpcFailure(api: string, status: number | undefined, body: RpcErrorBody): BaristaError {
  const nativeCode = body.Code ?? "Unknown";
  const code = errorCodeOf(nativeCode, status);
  const retryable =
    code === "Throttled" ||
    passing.test(nativeCode) ||
    (code === "ProviderError" && (status === undefined || status >= 500));
  return new BaristaError(code, `${api}: ${nativeCode}: ${safeMessage(body.Message ?? "")}`.trim(), {
    provider,
    nativeCode,
    retryable,
    ...(status === undefined ? {} : { statusCode: status }),
    ...(body.RequestId ? { requestId: body.RequestId } : {}),
  });
}

/** What pop-core throws for an answer with a Code: the envelope as `data`, the exchange as `entry`. */
interface PopCoreError {
  code?: unknown;
  data?: unknown;
  entry?: { response?: { statusCode?: unknown } | null };
}

/**
 * Turns whatever a pop-core request threw into a BaristaError: an RPC error answer by its envelope
 * (never the pop-core error itself as cause: its message and `url` carry the signed request),
 * anything without an answer by the shared transport classification.
 */
export function toBaristaError(error: unknown, api: string, signal?: AbortSignal): BaristaError {
  if (isBaristaError(error)) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as PopCoreError;
  if (typeof e.code === "string" && e.data !== null && typeof e.data === "object") {
    const status = e.entry?.response?.statusCode;
    return rpcFailure(api, typeof status === "number" ? status : undefined, e.data);
  }
  if (error instanceof SyntaxError) return badAnswer(`${api}: the answer is not JSON`);
  return transportFailure(provider, api, withoutQuery(error), signal);
}

/** A transport error whose message lost any URL query (a signed GET's AccessKey id and signature). */
function withoutQuery(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code } = error as { code?: unknown };
  const copy = new Error(error.message.replace(/\?\S*/g, ""));
  copy.name = error.name;
  return Object.assign(copy, typeof code === "string" ? { code } : {});
}

/** What Alibaba refused to act on because it is not Available yet (being made): a VPC or a VSwitch. */
export function pendingNetwork(error: unknown): "vpc" | "vswitch" | undefined {
  if (!(error instanceof BaristaError)) return undefined;
  const code = error.nativeCode ?? "";
  if (/^IncorrectVpcStatus|^IncorrectStatus\.Vpc$/.test(code)) return "vpc";
  if (/^IncorrectVSwitchStatus|^IncorrectStatus\.VSwitch$/.test(code)) return "vswitch";
  return undefined;
}

/** What Container Service's SDK (Darabonba) throws for an error answer: ACK's `{ code, message, requestId }` as `data`. */
interface DarabonbaError {
  code?: unknown;
  statusCode?: unknown;
  data?: unknown;
}

// ACK's error codes by the portable code they mean, where the HTTP status does not say it.
const ackCodes: readonly [RegExp, ErrorCode][] = [
  [/NotFound$/, "NotFound"],
  [/^ErrorClusterState|^ErrorNodePoolState|InProgress|Conflict$/, "Conflict"],
  [/^ErrorVersionNotSupport/, "InvalidArgument"],
  [/Throttling|TooManyRequests/, "Throttled"],
  [/QuotaExceeded|^QuotaExceed|LimitExceeded/, "QuotaExceeded"],
  [/Duplicated$|AlreadyExist/, "AlreadyExists"],
];

/**
 * Turns what a Container Service call threw into a BaristaError: an answer with an error body by
 * its code and status (never the SDK's error as cause: its message names the request), anything
 * else by the shared transport classification.
 */
export function toAckError(error: unknown, api: string, signal?: AbortSignal): BaristaError {
  if (isBaristaError(error)) return error;
  const e = (typeof error === "object" && error !== null ? error : {}) as DarabonbaError;
  const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
  if (typeof e.code === "string" && status !== undefined) {
    const data = (e.data !== null && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>;
    const nativeCode = e.code;
    const code =
      ackCodes.find(([pattern]) => pattern.test(nativeCode))?.[1] ??
      (status === 404
        ? "NotFound"
        : status === 429
          ? "Throttled"
          : status >= 500
            ? "ProviderError"
            : status === 403
              ? "PermissionDenied"
              : status === 401
                ? "Unauthenticated"
                : "InvalidArgument");
    const message = typeof data["message"] === "string" ? data["message"] : "";
    const requestId = typeof data["requestId"] === "string" ? data["requestId"] : undefined;
    return new BaristaError(code, `${api}: ${nativeCode}: ${safeMessage(message)}`.trim(), {
      provider,
      nativeCode,
      retryable: code === "Throttled" || status >= 500,
      statusCode: status,
      ...(requestId ? { requestId } : {}),
    });
  }
  if (error instanceof SyntaxError) return badAnswer(`${api}: the answer is not JSON`);
  return transportFailure(provider, api, withoutQuery(error), signal);
}
