import { isWorldError } from "../../world/errors.js";
import type { WorldError } from "../../world/errors.js";
import type { FrontResponse } from "../http-front.js";
import { IbmError, json } from "./http.js";

const moreInfo = "https://cloud.ibm.com/docs/vpc?topic=vpc-rias-error-messages";

/** The IBM code of a world NotFound, by what was not found. */
const notFoundCodes: Readonly<Record<string, string>> = {
  volume: "volume_not_found",
  "load-balancer": "load_balancer_not_found",
};

/** The IBM code of a world DependencyViolation, by what is still in use. */
const inUseCodes: Readonly<Record<string, string>> = {
  subnet: "subnet_not_empty",
  network: "vpc_not_empty",
  "security-group": "security_group_interfaces_attached",
  volume: "volume_still_attached",
  "key-pair": "key_in_use",
};

/** Status and code of a world error, in the VPC API's vocabulary. */
function fromWorld(error: WorldError): IbmError {
  const target = error.field === undefined ? undefined : ({ name: error.field, type: "field" } as const);
  switch (error.code) {
    case "NotFound":
      return new IbmError(404, notFoundCodes[error.resourceType ?? ""] ?? "not_found", error.message, {
        name: "id",
        type: "parameter",
        ...(error.resourceId === undefined ? {} : { value: error.resourceId }),
      });
    case "Duplicate":
      return new IbmError(409, "validation_unique_failed", `The field supplied must be unique: ${error.message}`, {
        name: "name",
        type: "field",
      });
    case "InvalidParameter":
      return new IbmError(400, "bad_request", error.message, target);
    case "DependencyViolation":
      return new IbmError(409, inUseCodes[error.resourceType ?? ""] ?? "invalid_state", error.message);
    case "IncorrectState":
      return new IbmError(409, "invalid_state", error.message);
    case "QuotaExceeded":
      return new IbmError(
        400,
        "over_quota",
        `The request would exceed the quota for a resource type: ${error.message}`,
      );
    case "Throttled":
      return new IbmError(429, "rate_limit_exceeded", "Too many requests within a short time.", undefined, {
        "retry-after": String(Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000))),
      });
    case "InsufficientCapacity":
      // IBM's status reason for an instance its zone has no room for.
      return new IbmError(503, "cannot_start_capacity", `The zone has insufficient capacity: ${error.message}`);
    case "Unavailable":
      return new IbmError(503, "backend_service_unavailable", "The back-end service is unavailable.", undefined, {
        ...(error.retryAfterMs === undefined
          ? {}
          : { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) }),
      });
    case "Timeout":
      return new IbmError(504, "timeout", "The request timed out.");
    case "InternalError":
      return new IbmError(500, "internal_error", "An internal error occurred.");
  }
}

/** Any error as the VPC API renders it: `{ errors: [...], trace, status_code }` and an X-Request-Id. */
export function vpcErrorResponse(error: unknown, trace: string): FrontResponse {
  const ibm =
    error instanceof IbmError
      ? error
      : isWorldError(error)
        ? fromWorld(error)
        : new IbmError(500, "internal_error", "An internal error occurred.");
  const entry = {
    code: ibm.code,
    message: ibm.message,
    more_info: `${moreInfo}#${ibm.code.replace(/_/g, "-")}`,
    ...(ibm.target ? { target: ibm.target } : {}),
  };
  return json(
    ibm.status,
    { errors: [entry], trace, status_code: ibm.status },
    { ...ibm.headers, "x-request-id": trace },
  );
}
