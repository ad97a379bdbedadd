import type { ResourceKind } from "./kinds.js";

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

/**
 * What a world error is about: a resource of one of the world's kinds, or a part of one (a
 * security group's rule, a volume's attachment, a load balancer's target, a resource's tag), a
 * router, its interface or external gateway, a public IP, a network interface, an address in a
 * subnet, a quota, or a catalog entry (a region,
 * a spec; a public image is an "image" too). "resource" when the kind is unknown.
 */
export type ErrorResourceType =
  | ResourceKind
  | "security-group-rule"
  | "attachment"
  | "target"
  | "tag"
  | "router"
  | "cluster"
  | "node-group"
  | "router-interface"
  | "external-gateway"
  | "public-ip"
  | "network-interface"
  | "address"
  | "quota"
  | "snapshot"
  | "region"
  | "spec"
  | "resource";

/** What a `WorldError` says besides its code and message; every field is optional. */
export interface WorldErrorOptions {
  /** What the resource at fault is ("network", "instance", "security-group-rule", "spec", ...). */
  resourceType?: ErrorResourceType | undefined;
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
  readonly resourceType: ErrorResourceType | undefined;
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

export function notFoundError(resourceType: ErrorResourceType, resourceId: string): WorldError {
  return new WorldError("NotFound", `${resourceType} "${resourceId}" does not exist`, { resourceType, resourceId });
}

export function invalidParameter(field: string, message: string): WorldError {
  return new WorldError("InvalidParameter", `${field}: ${message}`, { field });
}

export function incorrectState(resourceType: ErrorResourceType, resourceId: string, message: string): WorldError {
  return new WorldError("IncorrectState", `${resourceType} "${resourceId}" ${message}`, { resourceType, resourceId });
}

export function dependencyViolation(
  resourceType: ErrorResourceType,
  resourceId: string,
  dependents: string,
): WorldError {
  return new WorldError("DependencyViolation", `${resourceType} "${resourceId}" is still used by ${dependents}`, {
    resourceType,
    resourceId,
  });
}

export function duplicateError(resourceType: ErrorResourceType, name: string): WorldError {
  return new WorldError("Duplicate", `${resourceType} "${name}" already exists`, { resourceType, resourceId: name });
}
