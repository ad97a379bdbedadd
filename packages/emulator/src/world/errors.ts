/**
 * Provider-neutral error codes of the world. Fronts translate them into their cloud's vocabulary
 * (e.g. AWS "InvalidVpcID.NotFound", Azure "ResourceNotFound"); driver-mock into BaristaError codes.
 */
export type WorldErrorCode =
  | "NotFound"
  | "Duplicate"
  | "InvalidParameter"
  | "DependencyViolation"
  | "IncorrectState"
  | "QuotaExceeded"
  | "InsufficientCapacity"
  | "Throttled"
  | "InternalError"
  | "Unavailable"
  | "Timeout";

export interface WorldErrorOptions {
  /** Kind of the resource at fault ("vpc", "vm", "image", "spec", ...). */
  resourceType?: string | undefined;
  /** Id (or name, for catalog entries) of the resource at fault. */
  resourceId?: string | undefined;
  /** For InvalidParameter: the input field at fault ("cidr", "subnets[1].cidr"). */
  field?: string | undefined;
  /** For Throttled and Unavailable: when a retry may succeed. */
  retryAfterMs?: number | undefined;
  /** True when the error came from an injected fault rather than from the world's rules. */
  injected?: boolean | undefined;
}

/** The one error type the world throws. Branch on `code`. */
export class WorldError extends Error {
  override readonly name = "WorldError";
  readonly code: WorldErrorCode;
  readonly resourceType: string | undefined;
  readonly resourceId: string | undefined;
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly injected: boolean;

  constructor(code: WorldErrorCode, message: string, options: WorldErrorOptions = {}) {
    super(message);
    this.code = code;
    this.resourceType = options.resourceType;
    this.resourceId = options.resourceId;
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
    this.injected = options.injected ?? false;
  }
}

/** Recognises world errors by name, so the check also works across duplicated package copies. */
export function isWorldError(error: unknown, code?: WorldErrorCode): error is WorldError {
  if (!(error instanceof Error) || error.name !== "WorldError") return false;
  return code === undefined || (error as WorldError).code === code;
}

export function notFoundError(resourceType: string, resourceId: string): WorldError {
  return new WorldError("NotFound", `${resourceType} "${resourceId}" does not exist`, { resourceType, resourceId });
}

export function invalidParameter(field: string, message: string): WorldError {
  return new WorldError("InvalidParameter", `${field}: ${message}`, { field });
}

export function incorrectState(resourceType: string, resourceId: string, message: string): WorldError {
  return new WorldError("IncorrectState", `${resourceType} "${resourceId}" ${message}`, { resourceType, resourceId });
}

export function dependencyViolation(resourceType: string, resourceId: string, dependents: string): WorldError {
  return new WorldError("DependencyViolation", `${resourceType} "${resourceId}" is still used by ${dependents}`, {
    resourceType,
    resourceId,
  });
}

export function duplicateError(resourceType: string, name: string): WorldError {
  return new WorldError("Duplicate", `${resourceType} "${name}" already exists`, { resourceType, resourceId: name });
}
