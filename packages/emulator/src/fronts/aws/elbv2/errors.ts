import { isWorldError } from "../../../world/errors.js";
import type { ErrorResourceType, WorldError } from "../../../world/errors.js";
import type { AuthFailureReason } from "../authenticate.js";
import { ec2ResourceTypes } from "../ec2/errors.js";
import { AwsFault, isAwsFault } from "../fault.js";
import { ParamError } from "../params.js";

// World errors (and the front's refusals) as ELBv2 error codes, per the ELBv2 API reference and
// the common errors of Query APIs.

/** The noun a message uses for what a world error is about: EC2's name for the kinds it has. */
function nounOf(type: ErrorResourceType | undefined): string {
  if (type === undefined) return "resource";
  return ec2ResourceTypes[type] ?? type;
}

function fromWorld(error: WorldError): AwsFault {
  switch (error.code) {
    case "NotFound":
      if (error.resourceType === "subnet")
        return new AwsFault("SubnetNotFound", `The subnet ID '${error.resourceId ?? ""}' is not valid`);
      if (error.resourceType === "instance" || error.resourceType === "target") {
        return new AwsFault("InvalidTarget", `The following targets are not valid: '${error.resourceId ?? ""}'`);
      }
      return new AwsFault(
        "ValidationError",
        `The ${nounOf(error.resourceType)} '${error.resourceId ?? ""}' is not found`,
      );
    case "InvalidParameter":
      return /vmIds|targetGroup\.vmIds/.test(error.field ?? "")
        ? new AwsFault("InvalidTarget", error.message)
        : new AwsFault("ValidationError", error.message);
    case "Duplicate":
    case "DependencyViolation":
    case "IncorrectState":
      return new AwsFault("InvalidConfigurationRequest", error.message);
    case "QuotaExceeded":
      return new AwsFault(
        "TooManyLoadBalancers",
        "You've reached the limit on the number of load balancers for your AWS account.",
      );
    case "InsufficientCapacity":
      return new AwsFault("InvalidConfigurationRequest", error.message);
    case "Throttled":
      return new AwsFault("Throttling", "Rate exceeded");
    case "InternalError":
      return new AwsFault(
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
        500,
      );
    case "Unavailable":
      return new AwsFault(
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.",
        503,
      );
    case "Timeout":
      return new AwsFault("RequestTimeout", "The request timed out before the service answered.", 504);
  }
}

/** Any error raised while serving an ELBv2 action, as the ELBv2 error it is. */
export function elbFaultOf(error: unknown): AwsFault {
  if (isAwsFault(error)) return error;
  if (error instanceof ParamError) return new AwsFault("ValidationError", error.message);
  if (isWorldError(error)) return fromWorld(error);
  return new AwsFault(
    "InternalFailure",
    "The request processing has failed because of an unknown error, exception or failure.",
    500,
  );
}

/** How Query APIs refuse credentials (the common errors of every AWS Query service). */
export function queryAuthFault(reason: AuthFailureReason, message: string): AwsFault {
  switch (reason) {
    case "missing":
      return new AwsFault("MissingAuthenticationToken", message, 403);
    case "incomplete":
      return new AwsFault("IncompleteSignature", message, 400);
    case "unknown-key":
    case "token":
      return new AwsFault("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    case "expired":
      return new AwsFault("RequestExpired", message, 400);
    case "signature":
    case "region":
      return new AwsFault("SignatureDoesNotMatch", message, 403);
  }
}
