import { isWorldError } from "../../world/errors.js";
import type { WorldError } from "../../world/errors.js";

// Google's JSON error envelope, as Compute Engine v1 answers it:
// { error: { code, message, errors: [{ message, domain: "global", reason }], status? } }.

/** The canonical status names Google adds to some errors (401, 429, 5xx). */
const statusNames: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export interface GcpErrorOptions {
  /** Adds Google's canonical `status` to the envelope (401, 429 and gRPC-style answers carry it). */
  withStatus?: boolean;
  headers?: Record<string, string>;
  /** Extra fields of the `errors[]` entry (`location`, `locationType`). */
  detail?: Record<string, string>;
  /** The envelope of Google's newer APIs (container.googleapis.com): code, message and status, no `errors[]`. */
  rpc?: boolean;
  /** The canonical status when it is not the HTTP status's usual one (400 FAILED_PRECONDITION). */
  statusName?: string;
}

/** An error the front answers with Google's envelope. */
export class GcpError extends Error {
  override readonly name = "GcpError";
  readonly status: number;
  readonly reason: string;
  readonly options: GcpErrorOptions;

  constructor(status: number, reason: string, message: string, options: GcpErrorOptions = {}) {
    super(message);
    this.status = status;
    this.reason = reason;
    this.options = options;
  }

  body(): { error: Record<string, unknown> } {
    if (this.options.rpc) {
      const status = this.options.statusName ?? statusNames[this.status] ?? "UNKNOWN";
      return { error: { code: this.status, message: this.message, status } };
    }
    return {
      error: {
        code: this.status,
        message: this.message,
        errors: [{ message: this.message, domain: "global", reason: this.reason, ...this.options.detail }],
        ...(this.options.withStatus ? { status: statusNames[this.status] ?? "UNKNOWN" } : {}),
      },
    };
  }
}

export function isGcpError(error: unknown): error is GcpError {
  return error instanceof Error && error.name === "GcpError";
}

/** "The resource 'projects/p/global/networks/n' was not found". */
export function notFound(resource: string): GcpError {
  return new GcpError(404, "notFound", `The resource '${resource}' was not found`);
}

export function alreadyExists(resource: string): GcpError {
  return new GcpError(409, "alreadyExists", `The resource '${resource}' already exists`);
}

/** 400 invalid, in Google's words for a field: "Invalid value for field 'resource.name': 'X'. ...". */
export function invalidField(field: string, value: unknown, why: string): GcpError {
  const shown = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return new GcpError(400, "invalid", `Invalid value for field '${field}': '${shown}'. ${why}`);
}

export function required(field: string): GcpError {
  return new GcpError(400, "required", `Required field '${field}' not specified`);
}

export function badRequest(message: string): GcpError {
  return new GcpError(400, "badRequest", message);
}

export function inUse(resource: string, user: string): GcpError {
  return new GcpError(
    400,
    "resourceInUseByAnotherResource",
    `The ${resource.split("/").at(-2)?.replace(/s$/, "") ?? "resource"} resource '${resource}' is already being used by '${user}'`,
  );
}

const seconds = (ms: number | undefined) => Math.max(1, Math.ceil((ms ?? 1000) / 1000));

/**
 * The one table from world errors to Google's answers. `resource` is the relative name the call
 * was about ("projects/p/global/networks/n"). Rate limits from the world's buckets answer 403
 * rateLimitExceeded as Compute Engine's per-minute rate quotas do; an injected throttle fault
 * answers 429 RESOURCE_EXHAUSTED, the other form Google's front ends use.
 */
export function gcpErrorOf(error: unknown, resource = ""): GcpError {
  if (isGcpError(error)) return error;
  if (!isWorldError(error)) throw error;
  const world: WorldError = error;
  switch (world.code) {
    case "NotFound":
      return resource ? notFound(resource) : new GcpError(404, "notFound", world.message);
    case "Duplicate":
      return resource ? alreadyExists(resource) : new GcpError(409, "alreadyExists", world.message);
    case "InvalidParameter":
      return new GcpError(400, "invalid", world.message);
    case "DependencyViolation":
      return new GcpError(
        400,
        "resourceInUseByAnotherResource",
        `The resource '${resource || (world.resourceId ?? "")}' is already being used by ${world.message.replace(/^.* is still used by /, "")}`,
      );
    case "IncorrectState":
      return new GcpError(400, "resourceNotReady", `The resource '${resource}' is not ready: ${world.message}`);
    case "QuotaExceeded":
      return new GcpError(403, "quotaExceeded", `Quota exceeded: ${world.message}`);
    case "InsufficientCapacity":
      return new GcpError(503, "ZONE_RESOURCE_POOL_EXHAUSTED", world.message);
    case "Throttled": {
      const headers = { "retry-after": String(seconds(world.retryAfterMs)) };
      return world.injected
        ? new GcpError(
            429,
            "rateLimitExceeded",
            "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'compute.googleapis.com'.",
            { withStatus: true, headers },
          )
        : new GcpError(403, "rateLimitExceeded", "Rate Limit Exceeded", { headers });
    }
    case "InternalError":
      return new GcpError(500, "backendError", `Internal error. ${world.message}`, { withStatus: true });
    case "Unavailable":
      return new GcpError(503, "backendError", `The service is currently unavailable. ${world.message}`, {
        withStatus: true,
        headers: { "retry-after": String(seconds(world.retryAfterMs)) },
      });
    case "Timeout":
      return new GcpError(504, "deadlineExceeded", `The request timed out. ${world.message}`, { withStatus: true });
  }
}
