import {
  BaristaError,
  abortedError,
  driverErrors,
  errorCodeForHttpStatus,
  isBaristaError,
  parseRetryAfter,
  transportFailure,
} from "@cloud-barista/core/driver";
import type { ErrorCode } from "@cloud-barista/core/driver";

/** Errors the driver raises itself. */
export const { invalid, notFound, notSupported, badAnswer, capacity, quota } = driverErrors("AWS");

// AWS error codes (EC2, ELBv2, Price List) by the portable code they mean. Throttling comes first:
// some of its codes end in "LimitExceeded" but are not quotas.
const codesByMeaning: Readonly<Partial<Record<ErrorCode, readonly string[]>>> = {
  Throttled: [
    "RequestLimitExceeded",
    "Throttling",
    "ThrottlingException",
    "TooManyRequestsException",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
    "PriorRequestNotComplete",
    "BandwidthLimitExceeded",
  ],
  CapacityUnavailable: [
    "InsufficientInstanceCapacity",
    "InsufficientHostCapacity",
    "InsufficientReservedInstanceCapacity",
    "InsufficientCapacity",
    "InsufficientAddressCapacity",
    "InsufficientFreeAddressesInSubnet",
    "Unsupported",
  ],
  QuotaExceeded: [
    "TooManyLoadBalancers",
    "TooManyTargetGroups",
    "TooManyTargets",
    "TooManyListeners",
    "TooManyTags",
    "TargetGroupAssociationLimit",
    "AMIQuotaExceeded",
    // EKS
    "ResourceLimitExceededException",
  ],
  InvalidArgument: [
    "InvalidParameterValue",
    "InvalidParameterCombination",
    "InvalidParameter",
    "MissingParameter",
    "InvalidParameterException",
    "ValidationError",
    "InvalidBlockDeviceMapping",
    "InvalidID",
    "InvalidNextToken",
    "InvalidPaginationToken",
    "IdempotentParameterMismatch",
    "InvalidConfigurationRequest",
    "InvalidTarget",
    "InvalidAction",
    "UnknownOperationException",
    "SerializationException",
    "VPCIdNotSpecified",
    "UnsupportedHibernationConfiguration",
  ],
  NotFound: [
    "InvalidInstanceType",
    "LoadBalancerNotFound",
    "TargetGroupNotFound",
    "ListenerNotFound",
    "SubnetNotFound",
    "NotFoundException",
    // EKS
    "ResourceNotFoundException",
  ],
  Conflict: [
    "DependencyViolation",
    "IncorrectState",
    "IncorrectInstanceState",
    "InvalidState",
    "VolumeInUse",
    "ResourceInUse",
    "ResourceInUseException",
    "OperationNotPermitted",
    "ConcurrentTagAccess",
  ],
  AlreadyExists: ["DuplicateLoadBalancerName", "DuplicateTargetGroupName", "DuplicateListener"],
  PermissionDenied: [
    "UnauthorizedOperation",
    "AccessDenied",
    "AccessDeniedException",
    "OptInRequired",
    "NotAuthorized",
    "Blocked",
  ],
  Unauthenticated: [
    "AuthFailure",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "IncompleteSignature",
    "IncompleteSignatureException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
  ],
  Timeout: ["RequestTimeout", "RequestTimeoutException"],
};

const exact = new Map(
  Object.entries(codesByMeaning).flatMap(([meaning, codes]) => codes.map((c) => [c, meaning as ErrorCode])),
);

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
  const known = exact.get(nativeCode) ?? patterns.find(([pattern]) => pattern.test(nativeCode))?.[1];
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

/**
 * Turns whatever an AWS SDK call threw into a BaristaError of provider "AWS": service errors by
 * their code (`nativeCode`), with HTTP status, request id and Retry-After; an abort by the caller's
 * signal as Aborted; failures without an answer by the shared transport classification.
 * BaristaErrors pass through.
 */
export function toBaristaError(error: unknown, api: string, abortSignal?: AbortSignal): BaristaError {
  if (isBaristaError(error)) return error;
  if (abortSignal?.aborted) return abortedError(abortSignal);
  const e = (typeof error === "object" && error !== null ? error : {}) as ServiceErrorShape;
  if (e.$metadata === undefined || e.$fault === undefined) return transportFailure("AWS", api, error, abortSignal);
  const nativeCode = e.Code ?? e.name ?? "Unknown";
  const statusCode = e.$metadata.httpStatusCode;
  const requestId = e.$metadata.requestId ?? e.RequestID ?? e.RequestId;
  // AWS seldom sends Retry-After; when a proxy or endpoint does, it is a floor for the backoff.
  const retryAfterMs = parseRetryAfter(e.$response?.headers?.["retry-after"]);
  return new BaristaError(errorCodeOf(nativeCode, statusCode), `${api}: ${nativeCode}: ${e.message ?? ""}`, {
    provider: "AWS",
    nativeCode,
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
