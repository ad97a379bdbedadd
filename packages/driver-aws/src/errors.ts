import {
  BaristaError,
  abortedError,
  errorCodeForHttpStatus,
  isBaristaError,
  parseRetryAfter,
} from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";

// The one place where AWS errors (EC2, ELBv2 and Price List codes, and transport failures)
// become SDK errors.

const exact: Readonly<Record<string, ErrorCode>> = {
  // Throttling first: some of these end in "LimitExceeded" but are not quotas.
  RequestLimitExceeded: "Throttled",
  Throttling: "Throttled",
  ThrottlingException: "Throttled",
  TooManyRequestsException: "Throttled",
  RequestThrottled: "Throttled",
  RequestThrottledException: "Throttled",
  SlowDown: "Throttled",
  PriorRequestNotComplete: "Throttled",
  BandwidthLimitExceeded: "Throttled",

  InsufficientInstanceCapacity: "CapacityUnavailable",
  InsufficientHostCapacity: "CapacityUnavailable",
  InsufficientReservedInstanceCapacity: "CapacityUnavailable",
  InsufficientCapacity: "CapacityUnavailable",
  InsufficientAddressCapacity: "CapacityUnavailable",
  InsufficientFreeAddressesInSubnet: "CapacityUnavailable",
  Unsupported: "CapacityUnavailable",

  TooManyLoadBalancers: "QuotaExceeded",
  TooManyTargetGroups: "QuotaExceeded",
  TooManyTargets: "QuotaExceeded",
  TooManyListeners: "QuotaExceeded",
  TooManyTags: "QuotaExceeded",
  TargetGroupAssociationLimit: "QuotaExceeded",
  AMIQuotaExceeded: "QuotaExceeded",

  InvalidParameterValue: "InvalidArgument",
  InvalidParameterCombination: "InvalidArgument",
  InvalidParameter: "InvalidArgument",
  MissingParameter: "InvalidArgument",
  InvalidParameterException: "InvalidArgument",
  ValidationError: "InvalidArgument",
  InvalidBlockDeviceMapping: "InvalidArgument",
  InvalidID: "InvalidArgument",
  InvalidNextToken: "InvalidArgument",
  InvalidPaginationToken: "InvalidArgument",
  IdempotentParameterMismatch: "InvalidArgument",
  InvalidConfigurationRequest: "InvalidArgument",
  InvalidTarget: "InvalidArgument",
  InvalidAction: "InvalidArgument",
  UnknownOperationException: "InvalidArgument",
  SerializationException: "InvalidArgument",
  VPCIdNotSpecified: "InvalidArgument",
  UnsupportedHibernationConfiguration: "InvalidArgument",
  InvalidInstanceType: "NotFound",

  DependencyViolation: "Conflict",
  IncorrectState: "Conflict",
  IncorrectInstanceState: "Conflict",
  InvalidState: "Conflict",
  VolumeInUse: "Conflict",
  ResourceInUse: "Conflict",
  OperationNotPermitted: "Conflict",
  ConcurrentTagAccess: "Conflict",

  DuplicateLoadBalancerName: "AlreadyExists",
  DuplicateTargetGroupName: "AlreadyExists",
  DuplicateListener: "AlreadyExists",

  LoadBalancerNotFound: "NotFound",
  TargetGroupNotFound: "NotFound",
  ListenerNotFound: "NotFound",
  SubnetNotFound: "NotFound",
  NotFoundException: "NotFound",

  UnauthorizedOperation: "PermissionDenied",
  AccessDenied: "PermissionDenied",
  AccessDeniedException: "PermissionDenied",
  OptInRequired: "PermissionDenied",
  NotAuthorized: "PermissionDenied",
  Blocked: "PermissionDenied",

  AuthFailure: "Unauthenticated",
  InvalidClientTokenId: "Unauthenticated",
  SignatureDoesNotMatch: "Unauthenticated",
  MissingAuthenticationToken: "Unauthenticated",
  MissingAuthenticationTokenException: "Unauthenticated",
  IncompleteSignature: "Unauthenticated",
  IncompleteSignatureException: "Unauthenticated",
  UnrecognizedClientException: "Unauthenticated",
  InvalidSignatureException: "Unauthenticated",
  ExpiredToken: "Unauthenticated",
  ExpiredTokenException: "Unauthenticated",
  RequestExpired: "Unauthenticated",

  RequestTimeout: "Timeout",
  RequestTimeoutException: "Timeout",
};

/** Families of codes by their shape: "InvalidVpcID.NotFound", "VcpuLimitExceeded", "InvalidGroup.Duplicate". */
const patterns: readonly [RegExp, ErrorCode][] = [
  [/\.NotFound$/, "NotFound"],
  [/\.Duplicate$/, "AlreadyExists"],
  [/LimitExceeded$/, "QuotaExceeded"],
  [/\.(Malformed|Range|Conflict|ZoneMismatch)$/, "InvalidArgument"],
  [/\.(InUse|Unavailable)$/, "Conflict"],
];

/** The portable code of an AWS error code, else of its HTTP status. */
export function errorCodeOf(nativeCode: string, statusCode: number | undefined): ErrorCode {
  const known = exact[nativeCode] ?? patterns.find(([pattern]) => pattern.test(nativeCode))?.[1];
  if (known) return known;
  return statusCode === undefined ? "ProviderError" : errorCodeForHttpStatus(statusCode);
}

interface ServiceErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $response?: { headers?: Record<string, string | undefined> };
  RequestID?: string;
  RequestId?: string;
  code?: string;
}

const transientNetwork = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * Turns whatever an AWS SDK call threw into a BaristaError of provider "AWS": service errors by
 * their code (`nativeCode`), with HTTP status, request id and Retry-After; an abort by the
 * caller's signal as Aborted; socket timeouts as Timeout; connection failures as retryable
 * ProviderErrors. BaristaErrors pass through.
 */
export function toBaristaError(error: unknown, api: string, abortSignal?: AbortSignal): BaristaError {
  if (isBaristaError(error)) return error;
  if (abortSignal?.aborted) return abortedError(abortSignal);
  const e = (typeof error === "object" && error !== null ? error : {}) as ServiceErrorShape;
  const message = e.message ?? String(error);
  if (e.$metadata !== undefined && e.$fault !== undefined) {
    const nativeCode = e.Code ?? e.name ?? "Unknown";
    const statusCode = e.$metadata.httpStatusCode;
    const requestId = e.$metadata.requestId ?? e.RequestID ?? e.RequestId;
    // AWS seldom sends Retry-After; when a proxy or endpoint does, it is a floor for the backoff.
    const retryAfterMs = parseRetryAfter(e.$response?.headers?.["retry-after"]);
    return new BaristaError(errorCodeOf(nativeCode, statusCode), `${api}: ${nativeCode}: ${message}`, {
      provider: "AWS",
      nativeCode,
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  if (e.name === "TimeoutError" || e.code === "ETIMEDOUT" || e.code === "ECONNABORTED") {
    return new BaristaError("Timeout", `${api}: no answer in time: ${message}`, { provider: "AWS", cause: error });
  }
  const transient = (e.code !== undefined && transientNetwork.has(e.code)) || /socket hang up/i.test(message);
  return new BaristaError("ProviderError", `${api}: ${message}`, {
    provider: "AWS",
    retryable: transient,
    cause: error,
  });
}
