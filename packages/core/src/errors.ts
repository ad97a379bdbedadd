/** The closed set of error codes every driver maps its cloud's errors into. */
export type ErrorCode =
  | "NotFound"
  | "AlreadyExists"
  | "InvalidArgument"
  | "NotSupported"
  | "Unauthenticated"
  | "PermissionDenied"
  | "QuotaExceeded"
  | "CapacityUnavailable"
  | "Throttled"
  | "Timeout"
  | "Aborted"
  | "Conflict"
  | "ProviderError";

/** The details a `BaristaError` carries besides its code and message. */
export interface BaristaErrorOptions {
  /** Provider that raised the error, e.g. "AWS"; absent for errors raised by the runtime itself. */
  provider?: string;
  /** True when repeating the same request may succeed. Defaults by code (see `defaultRetryable`). */
  retryable?: boolean;
  statusCode?: number;
  requestId?: string;
  /** Delay the cloud asked for before a retry (Retry-After). */
  retryAfterMs?: number;
  /** The vendor's own error code, e.g. "InvalidInstanceID.NotFound". */
  nativeCode?: string;
  /** For InvalidArgument: the request field at fault, as a path ("subnets[0].ipv4Cidr"). */
  field?: string;
  /** For InvalidArgument: the rule the field broke, e.g. "cidr", "port-range". */
  rule?: string;
  resourceType?: string;
  resourceName?: string;
  /**
   * The request never reached the cloud (connection refused, name not resolved): nothing changed,
   * so any call, even one that is not idempotent, may be sent again.
   */
  unsent?: boolean;
  /** What a failed multi-step operation made and could not remove again (see `CallContext.compensate`). */
  leftovers?: readonly string[];
  cause?: unknown;
}

/** The one error class of the SDK. Branch on `code` (or use `isBaristaError`), not on messages. */
export class BaristaError extends Error {
  override readonly name = "BaristaError";
  readonly code: ErrorCode;
  readonly provider: string | undefined;
  readonly retryable: boolean;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly nativeCode: string | undefined;
  readonly field: string | undefined;
  readonly rule: string | undefined;
  readonly resourceType: string | undefined;
  readonly resourceName: string | undefined;
  readonly unsent: boolean;
  leftovers: readonly string[];

  constructor(code: ErrorCode, message: string, options: BaristaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.provider = options.provider;
    this.retryable = options.retryable ?? defaultRetryable(code, options.statusCode);
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
    this.nativeCode = options.nativeCode;
    this.field = options.field;
    this.rule = options.rule;
    this.resourceType = options.resourceType;
    this.resourceName = options.resourceName;
    this.unsent = options.unsent ?? false;
    this.leftovers = options.leftovers ?? [];
  }
}

/** Throttling, timeouts and server-side (5xx) faults are worth another try; everything else is not. */
export function defaultRetryable(code: ErrorCode, statusCode?: number): boolean {
  if (code === "Throttled" || code === "Timeout") return true;
  return code === "ProviderError" && statusCode !== undefined && statusCode >= 500;
}

/** Recognises SDK errors by name, so the check also works across duplicated package copies. */
export function isBaristaError(error: unknown, code?: ErrorCode): error is BaristaError {
  if (!(error instanceof Error) || error.name !== "BaristaError") return false;
  return code === undefined || (error as BaristaError).code === code;
}

// Errors after which a cloud certainly made nothing; after any other (timeouts, aborts, 5xx) a
// create may have happened, and whoever asked must find out before trying again.
const definiteFailures: readonly ErrorCode[] = [
  "InvalidArgument",
  "AlreadyExists",
  "NotFound",
  "NotSupported",
  "Unauthenticated",
  "PermissionDenied",
  "QuotaExceeded",
  "CapacityUnavailable",
  "Throttled",
  "Conflict",
];

/** True when the failed request certainly changed nothing in the cloud. */
export function isDefiniteFailure(error: unknown): boolean {
  return isBaristaError(error) && (error.unsent || definiteFailures.includes(error.code));
}

/** A request field broke a rule, found before anything was sent to the cloud (hence `unsent`). */
export function invalidArgument(field: string, rule: string, message: string): BaristaError {
  return new BaristaError("InvalidArgument", `${field}: ${message}`, { field, rule, unsent: true });
}

/** NotSupported: the provider's driver lacks the operation. */
export function notSupported(provider: string, operation: string): BaristaError {
  return new BaristaError("NotSupported", `${provider} does not support ${operation}`, { provider });
}

/** NotFound: the named resource (or one it refers to) does not exist. */
export function notFound(resourceType: string, resourceName: string, where?: string): BaristaError {
  const suffix = where ? ` in ${where}` : "";
  return new BaristaError("NotFound", `${resourceType} "${resourceName}" not found${suffix}`, {
    resourceType,
    resourceName,
  });
}

/** AlreadyExists: the name is taken. */
export function alreadyExists(resourceType: string, resourceName: string, where?: string): BaristaError {
  const suffix = where ? ` in ${where}` : "";
  return new BaristaError("AlreadyExists", `${resourceType} "${resourceName}" already exists${suffix}`, {
    resourceType,
    resourceName,
  });
}

/**
 * What every use of something closed fails with: a closed store, a closed SDK instance. Branch on
 * `code` "Conflict" and `rule` "closed"; `subject` says what is closed ("MemoryStore").
 */
export function closedError(subject: string, hint = ""): BaristaError {
  return new BaristaError("Conflict", `${subject} is closed${hint ? `: ${hint}` : ""}`, {
    rule: "closed",
    retryable: false,
  });
}

/** The reason an aborted signal carries, as a BaristaError with code "Aborted". */
export function abortedError(signal: AbortSignal): BaristaError {
  const reason: unknown = signal.reason;
  if (isBaristaError(reason)) return reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return new BaristaError("Timeout", reason.message, { cause: reason });
  }
  const detail = reason instanceof Error ? reason.message : "the operation was aborted";
  return new BaristaError("Aborted", detail, { cause: reason });
}
