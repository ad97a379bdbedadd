import { isWorldError } from "../../world/errors.js";
import type { WorldError } from "../../world/errors.js";

/**
 * An error answer in Tencent Cloud API 3.0's vocabulary: `Response.Error.Code` and `Message`. The
 * HTTP status is always 200; handlers throw it, world errors are translated by `tencentErrorOf`.
 */
export class TencentError extends Error {
  override readonly name = "TencentError";
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export function isTencentError(error: unknown): error is TencentError {
  return error instanceof Error && error.name === "TencentError";
}

export function missingParameter(name: string): TencentError {
  return new TencentError("MissingParameter", `The request is missing a required parameter \`${name}\`.`);
}

/** A parameter of the wrong type or shape. */
export function invalidParameter(name: string, detail: string, code = "InvalidParameter"): TencentError {
  return new TencentError(code, `The parameter \`${name}\` is not valid. ${detail}`.trim());
}

/** A well-formed parameter whose value is refused. */
export function invalidValue(name: string, detail: string, code = "InvalidParameterValue"): TencentError {
  return new TencentError(code, `The value of parameter \`${name}\` is not valid. ${detail}`.trim());
}

/** The NotFound code each service uses for each kind the world knows. */
const notFoundCodes: Readonly<Record<string, string>> = {
  instance: "InvalidInstanceId.NotFound",
  image: "InvalidImageId.NotFound",
  "key-pair": "InvalidKeyPairId.NotFound",
  volume: "InvalidDiskId.NotFound",
  network: "ResourceNotFound",
  subnet: "ResourceNotFound",
  "security-group": "ResourceNotFound",
  "load-balancer": "InvalidParameter.LBIdNotFound",
  spec: "InvalidInstanceType.NotFound",
};

export function notFound(kind: string, id: string): TencentError {
  return new TencentError(notFoundCodes[kind] ?? "ResourceNotFound", `The resource \`${id}\` does not exist.`);
}

function fromWorld(error: WorldError): TencentError {
  const kind = error.resourceType ?? "resource";
  switch (error.code) {
    case "NotFound":
      return notFound(kind, error.resourceId ?? "");
    case "Duplicate":
      return kind === "key-pair"
        ? new TencentError("InvalidKeyPairName.Duplicate", "The key pair name already exists.")
        : new TencentError("InvalidParameterValue.Duplicate", error.message);
    case "InvalidParameter":
      return new TencentError("InvalidParameterValue", error.message);
    case "DependencyViolation":
      return new TencentError("ResourceInUse", `The resource is in use: ${error.message}.`);
    case "IncorrectState":
      return kind === "instance"
        ? new TencentError("UnsupportedOperation.InstanceStateNotSupported", error.message)
        : new TencentError("ResourceUnavailable", error.message);
    case "QuotaExceeded":
      return new TencentError("LimitExceeded", `The quota of the resource is exceeded: ${error.message}.`);
    case "InsufficientCapacity":
      return new TencentError(
        "ResourcesSoldOut.SpecifiedInstanceType",
        "The specified instance type is sold out in the zone.",
      );
    case "Throttled":
      return new TencentError(
        "RequestLimitExceeded",
        "Your current request times exceed the frequency limit of this API. Please reduce the frequency of calls.",
      );
    case "Unavailable":
    case "Timeout":
      return new TencentError("ServiceUnavailable", "Service is unavailable now. Please try again later.");
    case "InternalError":
      return new TencentError("InternalError", "An internal error occurred.");
  }
}

/** Any error a handler threw, as Tencent would answer it; other errors propagate (a crash). */
export function tencentErrorOf(error: unknown): TencentError {
  if (isTencentError(error)) return error;
  if (isWorldError(error)) return fromWorld(error);
  throw error;
}
