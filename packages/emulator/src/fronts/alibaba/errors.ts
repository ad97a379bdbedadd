import { isWorldError } from "../../world/errors.js";
import type { WorldError } from "../../world/errors.js";

/**
 * An error answer in Alibaba Cloud's RPC vocabulary: its `Code`, `Message` and HTTP status.
 * Action handlers throw it for protocol-level refusals; world errors are translated by `alibabaErrorOf`.
 */
export class AlibabaError extends Error {
  override readonly name = "AlibabaError";
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export function isAlibabaError(error: unknown): error is AlibabaError {
  return error instanceof Error && error.name === "AlibabaError";
}

/** A mandatory parameter is absent (the gateway's own wording). */
export function missingParameter(name: string): AlibabaError {
  return new AlibabaError(
    "MissingParameter",
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

/** A parameter is malformed or out of range. */
export function invalidParameter(name: string, detail: string, code = "InvalidParameter"): AlibabaError {
  return new AlibabaError(code, `The specified parameter "${name}" is not valid. ${detail}`.trim());
}

/** The NotFound code Alibaba uses for each kind of resource the world knows. */
const notFoundCodes: Readonly<Record<string, [code: string, what: string]>> = {
  network: ["InvalidVpcId.NotFound", "VpcId"],
  subnet: ["InvalidVSwitchId.NotFound", "VSwitchId"],
  "security-group": ["InvalidSecurityGroupId.NotFound", "SecurityGroupId"],
  "key-pair": ["InvalidKeyPairName.NotFound", "KeyPairName"],
  instance: ["InvalidInstanceId.NotFound", "InstanceId"],
  volume: ["InvalidDiskId.NotFound", "DiskId"],
  image: ["InvalidImageId.NotFound", "ImageId"],
  "load-balancer": ["InvalidLoadBalancerId.NotFound", "LoadBalancerId"],
  spec: ["InvalidInstanceType.NotFound", "InstanceType"],
  region: ["InvalidRegionId.NotFound", "RegionId"],
};

/** The IncorrectXxxStatus code of each kind (ECS answers 403 for them, VPC 400). */
const incorrectStatus: Readonly<Record<string, [code: string, status: number]>> = {
  network: ["IncorrectVpcStatus", 400],
  subnet: ["IncorrectVSwitchStatus", 400],
  instance: ["IncorrectInstanceStatus", 403],
  volume: ["IncorrectDiskStatus", 403],
  image: ["IncorrectImageStatus", 403],
  "load-balancer": ["IncorrectStatus.loadbalancer", 400],
};

export function notFound(kind: string, id: string): AlibabaError {
  const [code, what] = notFoundCodes[kind] ?? ["InvalidParameter.NotFound", "resource"];
  return new AlibabaError(code, `The specified ${what} "${id}" does not exist.`, 404);
}

export function incorrectStatusError(kind: string, message: string): AlibabaError {
  const [code, status] = incorrectStatus[kind] ?? ["IncorrectStatus", 403];
  return new AlibabaError(code, message, status);
}

function fromWorld(error: WorldError): AlibabaError {
  const kind = error.resourceType ?? "resource";
  switch (error.code) {
    case "NotFound":
      return notFound(kind, error.resourceId ?? "");
    case "Duplicate":
      return kind === "key-pair"
        ? new AlibabaError("KeyPair.AlreadyExist", "The key pair already exists.")
        : new AlibabaError("InvalidParameter.Duplicate", error.message);
    case "InvalidParameter":
      return new AlibabaError("InvalidParameter", error.message);
    case "DependencyViolation":
      return new AlibabaError(
        "DependencyViolation",
        `The specified resource has dependent resources: ${error.message}.`,
      );
    case "IncorrectState":
      return incorrectStatusError(
        kind,
        `The current status of the resource does not support this operation: ${error.message}.`,
      );
    case "QuotaExceeded":
      return new AlibabaError("QuotaExceed", `The quota of the resource is exceeded: ${error.message}.`, 403);
    case "InsufficientCapacity":
      return new AlibabaError(
        "OperationDenied.NoStock",
        "The requested resource is sold out in the specified zone; try other types of resources or other regions and zones.",
        403,
      );
    case "Throttled":
      return new AlibabaError("Throttling.User", "Request was denied due to user flow control.", 400);
    case "Unavailable":
      return new AlibabaError(
        "ServiceUnavailable",
        "The request has failed due to a temporary failure of the server.",
        503,
      );
    case "Timeout":
      return new AlibabaError("ServiceUnavailable", "The request timed out; please try again later.", 503);
    case "InternalError":
      return new AlibabaError(
        "InternalError",
        "The request processing has failed due to some unknown error, exception or failure.",
        500,
      );
  }
}

/** Any error a handler threw, as the error Alibaba would answer; other errors propagate (a crash: 500). */
export function alibabaErrorOf(error: unknown): AlibabaError {
  if (isAlibabaError(error)) return error;
  if (isWorldError(error)) return fromWorld(error);
  throw error;
}
