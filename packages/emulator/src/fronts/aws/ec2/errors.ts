import { isWorldError } from "../../../world/errors.js";
import type { ErrorResourceType, WorldError } from "../../../world/errors.js";
import type { AuthFailureReason } from "../authenticate.js";
import { AwsFault, isAwsFault } from "../fault.js";
import { ParamError } from "../params.js";

/** EC2's resource-type names for the world's kinds (load balancers are ELBv2's, not EC2's). */
export const ec2ResourceTypes: Readonly<Partial<Record<ErrorResourceType, string>>> = {
  network: "vpc",
  subnet: "subnet",
  "security-group": "security-group",
  "key-pair": "key-pair",
  instance: "instance",
  volume: "volume",
  image: "image",
};

// The one table from world errors (and the front's own refusals) to EC2 error codes and HTTP
// statuses, as the EC2 API reference lists them ("Error codes for the Amazon EC2 API").

const notFoundCodes: Readonly<Partial<Record<ErrorResourceType, [code: string, noun: string]>>> = {
  network: ["InvalidVpcID.NotFound", "vpc ID"],
  subnet: ["InvalidSubnetID.NotFound", "subnet ID"],
  "security-group": ["InvalidGroup.NotFound", "security group"],
  "key-pair": ["InvalidKeyPair.NotFound", "key pair"],
  instance: ["InvalidInstanceID.NotFound", "instance ID"],
  volume: ["InvalidVolume.NotFound", "volume"],
  image: ["InvalidAMIID.NotFound", "image id"],
  "security-group-rule": ["InvalidPermission.NotFound", "permission"],
};

/** The "does not exist" code of a resource kind ("InvalidVpcID.NotFound", ...). */
export function notFoundCode(kind: ErrorResourceType): string {
  return notFoundCodes[kind]?.[0] ?? "InvalidParameterValue";
}

const duplicateCodes: Readonly<Partial<Record<ErrorResourceType, string>>> = {
  "key-pair": "InvalidKeyPair.Duplicate",
  "security-group": "InvalidGroup.Duplicate",
  "security-group-rule": "InvalidPermission.Duplicate",
  image: "InvalidAMIName.Duplicate",
};

const quotaCodes: Readonly<Record<string, string>> = {
  vpcs: "VpcLimitExceeded",
  subnetsPerVpc: "SubnetLimitExceeded",
  securityGroups: "SecurityGroupLimitExceeded",
  rulesPerSecurityGroup: "RulesPerSecurityGroupLimitExceeded",
  keyPairs: "ResourceLimitExceeded",
  vms: "InstanceLimitExceeded",
  vcpus: "VcpuLimitExceeded",
  disks: "VolumeLimitExceeded",
  diskTotalGB: "VolumeLimitExceeded",
  myImages: "AMIQuotaExceeded",
};

/** Injected quota faults name no quota; each API hits the limit it usually hits. */
const quotaCodeByAction: Readonly<Record<string, string>> = {
  RunInstances: "VcpuLimitExceeded",
  StartInstances: "VcpuLimitExceeded",
  CreateVpc: "VpcLimitExceeded",
  CreateSubnet: "SubnetLimitExceeded",
  CreateSecurityGroup: "SecurityGroupLimitExceeded",
  CreateVolume: "VolumeLimitExceeded",
  CreateImage: "AMIQuotaExceeded",
};

function invalidParameter(error: WorldError, action: string): AwsFault {
  const field = error.field ?? "";
  if (field === "nextToken") return new AwsFault("InvalidNextToken", "The token is invalid or expired.");
  if (field === "clientToken") return new AwsFault("IdempotentParameterMismatch", error.message);
  if (field.startsWith("rootDisk")) return new AwsFault("InvalidBlockDeviceMapping", error.message);
  if (/(^|\.)cidr$/.test(field) && (action === "CreateSubnet" || action === "CreateVpc")) {
    if (/overlaps/.test(error.message)) return new AwsFault("InvalidSubnet.Conflict", error.message);
    if (/not inside/.test(error.message)) return new AwsFault("InvalidSubnet.Range", error.message);
    return new AwsFault(action === "CreateVpc" ? "InvalidVpc.Range" : "InvalidSubnet.Range", error.message);
  }
  return new AwsFault("InvalidParameterValue", error.message);
}

function fromWorld(error: WorldError, action: string): AwsFault {
  const type = error.resourceType ?? "resource";
  const id = error.resourceId ?? "";
  switch (error.code) {
    case "NotFound": {
      const known = notFoundCodes[type];
      if (type === "attachment") return new AwsFault("IncorrectState", `Volume '${id}' is in the 'available' state.`);
      if (type === "spec")
        return new AwsFault("InvalidInstanceType", `The following supplied instance types do not exist: [${id}]`);
      if (!known) return new AwsFault("InvalidParameterValue", error.message);
      return new AwsFault(known[0], `The ${known[1]} '${id}' does not exist`);
    }
    case "Duplicate":
      return new AwsFault(duplicateCodes[type] ?? "InvalidParameterValue", error.message);
    case "InvalidParameter":
      return invalidParameter(error, action);
    case "DependencyViolation":
      return new AwsFault(
        "DependencyViolation",
        `The ${ec2ResourceTypes[type] ?? type} '${id}' has dependencies and cannot be deleted.`,
      );
    case "IncorrectState":
      if (type === "instance") return new AwsFault("IncorrectInstanceState", error.message);
      if (type === "volume" && action === "DeleteVolume")
        return new AwsFault("VolumeInUse", `Volume ${id} is currently attached`);
      if (type === "image") return new AwsFault("InvalidAMIID.Unavailable", error.message);
      if (type === "snapshot") return new AwsFault("InvalidSnapshot.InUse", error.message);
      return new AwsFault("IncorrectState", error.message);
    case "QuotaExceeded":
      return new AwsFault(quotaCodes[id] ?? quotaCodeByAction[action] ?? "ResourceLimitExceeded", error.message);
    case "InsufficientCapacity":
      if (type === "subnet") return new AwsFault("InsufficientFreeAddressesInSubnet", error.message);
      return new AwsFault(
        "InsufficientInstanceCapacity",
        `We currently do not have sufficient capacity in the Availability Zone you requested. ${error.message}`,
        500,
      );
    case "Throttled":
      return new AwsFault("RequestLimitExceeded", "Request limit exceeded.", 503);
    case "InternalError":
      return new AwsFault("InternalError", "An internal error has occurred.", 500);
    case "Unavailable":
      return new AwsFault("Unavailable", "The server is overloaded and can't handle the request.", 503);
    case "Timeout":
      // The answer never came: what a client sees from the load balancer in front of the service.
      return new AwsFault("RequestTimeout", "The request timed out before the service answered.", 504);
  }
}

/** Any error raised while serving an EC2 action, as the EC2 error it is. */
export function ec2FaultOf(error: unknown, action: string): AwsFault {
  if (isAwsFault(error)) return error;
  if (error instanceof ParamError) {
    return error.kind === "missing"
      ? new AwsFault("MissingParameter", error.message)
      : new AwsFault(error.param.endsWith("NextToken") ? "InvalidNextToken" : "InvalidParameterValue", error.message);
  }
  if (isWorldError(error)) return fromWorld(error, action);
  return new AwsFault("InternalError", "An internal error has occurred.", 500);
}

/** How EC2 refuses a request whose credentials it cannot accept. */
export function ec2AuthFault(reason: AuthFailureReason, message: string): AwsFault {
  switch (reason) {
    case "missing":
      return new AwsFault("MissingAuthenticationToken", message, 401);
    case "incomplete":
      return new AwsFault("IncompleteSignature", message, 400);
    case "unknown-key":
    case "token":
    case "region":
      return new AwsFault("AuthFailure", message, 401);
    case "expired":
      return new AwsFault("RequestExpired", message, 400);
    case "signature":
      return new AwsFault("SignatureDoesNotMatch", message, 403);
  }
}
