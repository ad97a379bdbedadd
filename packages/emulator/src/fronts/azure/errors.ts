import { isWorldError } from "../../world/errors.js";
import type { WorldError } from "../../world/errors.js";
import { ArmError, isArmError } from "./arm-error.js";

/** What a failed call was about, for messages in ARM's words. */
export interface ArmSubject {
  /** "Microsoft.Network/virtualNetworks". */
  type: string;
  name: string;
  group: string;
  id: string;
}

const seconds = (ms: number | undefined) => Math.max(1, Math.ceil((ms ?? 1000) / 1000));

function inUse(error: WorldError, subject: ArmSubject | undefined): ArmError {
  const type = subject?.type.toLowerCase() ?? "";
  const name = subject?.name ?? error.resourceId ?? "";
  if (type.endsWith("/subnets") || type.endsWith("/virtualnetworks")) {
    return new ArmError(
      400,
      "InUseSubnetCannotBeDeleted",
      `Subnet ${name} is in use by ${error.message} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.`,
    );
  }
  if (type.endsWith("/networksecuritygroups")) {
    return new ArmError(
      400,
      "InUseNetworkSecurityGroupCannotBeDeleted",
      `Network security group ${subject?.id ?? name} cannot be deleted because it is in use by ${error.message}.`,
    );
  }
  return new ArmError(
    400,
    "InUseResourceCannotBeDeleted",
    `Resource ${subject?.id ?? name} is in use: ${error.message}`,
  );
}

/** The one table from world errors to ARM's status codes, error codes and messages. */
export function armErrorOf(error: unknown, subject?: ArmSubject): ArmError {
  if (isArmError(error)) return error;
  if (!isWorldError(error)) throw error;
  switch (error.code) {
    case "NotFound":
      return subject
        ? new ArmError(
            404,
            subject.type.split("/").length > 2 ? "NotFound" : "ResourceNotFound",
            subject.type.split("/").length > 2
              ? `Resource ${subject.id} not found.`
              : `The Resource '${subject.type}/${subject.name}' under resource group '${subject.group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
          )
        : new ArmError(404, "NotFound", error.message);
    case "Duplicate":
      return new ArmError(409, "Conflict", error.message, { target: error.field });
    case "InvalidParameter":
      return new ArmError(400, "InvalidParameter", error.message, { target: error.field });
    case "DependencyViolation":
      return inUse(error, subject);
    case "IncorrectState":
      return new ArmError(409, "OperationNotAllowed", error.message);
    case "QuotaExceeded":
      return new ArmError(
        409,
        "OperationNotAllowed",
        `Operation could not be completed as it results in exceeding approved quota. ${error.message}`,
      );
    case "InsufficientCapacity":
      return new ArmError(
        409,
        "AllocationFailed",
        `Allocation failed. We do not have sufficient capacity for the requested VM size in this region. ${error.message}`,
      );
    case "Throttled":
      return new ArmError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of requests for subscription exceeded the limit. Please try again after '${seconds(error.retryAfterMs)}' seconds. ${error.message}`,
        { retryAfterSeconds: seconds(error.retryAfterMs) },
      );
    case "InternalError":
      return new ArmError(500, "InternalServerError", `An internal server error occurred. ${error.message}`);
    case "Unavailable":
      return new ArmError(503, "ServiceUnavailable", error.message, { retryAfterSeconds: seconds(error.retryAfterMs) });
    case "Timeout":
      return new ArmError(
        504,
        "GatewayTimeout",
        `The gateway did not receive a response within the specified time period. ${error.message}`,
      );
  }
}
