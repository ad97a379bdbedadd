import { isWorldError } from "../../../world/errors.js";
import { GcpError, gcpErrorOf } from "../errors.js";

// Errors as container.googleapis.com answers them: Google's newer envelope
// `{ error: { code, message, status } }`, with GKE's own messages ("Not found: <name>.").

export function gkeNotFound(name: string): GcpError {
  return new GcpError(404, "notFound", `Not found: ${name}.`, { rpc: true });
}

export function gkeAlreadyExists(name: string): GcpError {
  return new GcpError(409, "alreadyExists", `Already exists: ${name}.`, { rpc: true });
}

export function gkeInvalid(message: string): GcpError {
  return new GcpError(400, "invalid", message, { rpc: true });
}

/** 400 FAILED_PRECONDITION: an operation is already running on the cluster, or it is not running. */
export function gkeFailedPrecondition(message: string): GcpError {
  return new GcpError(400, "failedPrecondition", message, { rpc: true, statusName: "FAILED_PRECONDITION" });
}

/** A world error in GKE's words about `name` (the cluster or node pool's relative name). */
export function gkeErrorOf(error: unknown, name: string): GcpError {
  if (isWorldError(error, "NotFound")) return gkeNotFound(name);
  if (isWorldError(error, "Duplicate")) return gkeAlreadyExists(name);
  if (isWorldError(error, "InvalidParameter")) return gkeInvalid(error.message);
  if (isWorldError(error, "IncorrectState") || isWorldError(error, "DependencyViolation")) {
    return gkeFailedPrecondition(error.message);
  }
  if (isWorldError(error, "QuotaExceeded")) {
    return new GcpError(403, "quotaExceeded", `Insufficient quota to satisfy the request: ${error.message}`, {
      rpc: true,
    });
  }
  const mapped = gcpErrorOf(error, name);
  return new GcpError(mapped.status, mapped.reason, mapped.message, { ...mapped.options, rpc: true });
}
