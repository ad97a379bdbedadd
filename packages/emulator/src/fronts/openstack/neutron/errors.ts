import type { WorldError } from "../../../world/errors.js";
import { FrontError, stringField } from "../http.js";

// World errors as Neutron reports them: {"NeutronError": {"type", "message", "detail"}}, where the
// type is the class name of the neutron or neutron-lib exception (neutron_lib/exceptions, l3.py,
// neutron/extensions/securitygroup.py, tagging.py) and the message its text.

export interface NeutronFault {
  status: number;
  type: string;
  message: string;
}

const notFound: Readonly<Record<string, (id: string) => [string, string]>> = {
  network: (id) => ["NetworkNotFound", `Network ${id} could not be found.`],
  subnet: (id) => ["SubnetNotFound", `Subnet ${id} could not be found.`],
  "network-interface": (id) => ["PortNotFound", `Port ${id} could not be found.`],
  "security-group": (id) => ["SecurityGroupNotFound", `Security group ${id} does not exist`],
  "security-group-rule": (id) => ["SecurityGroupRuleNotFound", `Security group rule ${id} does not exist`],
  router: (id) => ["RouterNotFound", `Router ${id} could not be found`],
  "public-ip": (id) => ["FloatingIPNotFound", `Floating IP ${id} could not be found`],
  tag: (id) => ["TagNotFound", `Tag ${id} could not be found.`],
};

const inUse: Readonly<Record<string, (id: string) => [string, string]>> = {
  network: (id) => [
    "NetworkInUse",
    `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
  ],
  subnet: (id) => [
    "SubnetInUse",
    `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
  ],
  "security-group": (id) => ["SecurityGroupInUse", `Security Group ${id} in use.`],
  router: (id) => ["RouterInUse", `Router ${id} still has ports`],
};

/** Neutron's resource names of the world's quotas, as OverQuota lists them. */
const quotaResources: Readonly<Record<string, string>> = {
  vpcs: "network",
  subnetsPerVpc: "subnet",
  securityGroups: "security_group",
  rulesPerSecurityGroup: "security_group_rule",
};

/** Neutron's 404 for a resource of a world kind ("network", "network-interface", ...) that is not there. */
export function notFoundFault(kind: string, id: string): NeutronFault {
  const [type, message] = notFound[kind]?.(id) ?? ["HTTPNotFound", "The resource could not be found."];
  return { status: 404, type, message };
}

/** The Neutron fault for a world error. */
export function neutronFault(error: WorldError): NeutronFault {
  const id = error.resourceId ?? "";
  const known = (table: Readonly<Record<string, (id: string) => [string, string]>>) =>
    error.resourceType === undefined ? undefined : table[error.resourceType]?.(id);
  switch (error.code) {
    case "NotFound": {
      const [type, message] = known(notFound) ?? ["HTTPNotFound", "The resource could not be found."];
      return { status: 404, type, message };
    }
    case "DependencyViolation": {
      const [type, message] = known(inUse) ?? ["InUse", "The resource is in use."];
      return { status: 409, type, message };
    }
    case "Duplicate":
      return error.resourceType === "address"
        ? { status: 409, type: "IpAddressAlreadyAllocated", message: `IP ${error.message}` }
        : { status: 409, type: "Conflict", message: error.message };
    case "InvalidParameter":
      return { status: 400, type: "InvalidInput", message: `Invalid input for operation: ${error.message}.` };
    case "IncorrectState":
      return { status: 409, type: "Conflict", message: error.message };
    case "QuotaExceeded":
      return {
        status: 409,
        type: "OverQuota",
        message: `Quota exceeded for resources: ['${quotaResources[id] ?? id}'].`,
      };
    case "InsufficientCapacity":
      // The capacity a project meets in Neutron: addresses, of the subnet asked for or of any subnet.
      if (error.resourceType === "subnet")
        return {
          status: 409,
          type: "IpAddressGenerationFailure",
          message: `No more IP addresses available for subnet ${id}.`,
        };
      if (error.resourceType === "network")
        return {
          status: 409,
          type: "IpAddressGenerationFailure",
          message: `No more IP addresses available on network ${id}.`,
        };
      return { status: 503, type: "ServiceUnavailable", message: error.message };
    default:
      return { status: 500, type: "HTTPInternalServerError", message: error.message };
  }
}

/** Neutron's refusal of a create body that lacks a required attribute. */
export function requiredAttribute(args: Record<string, unknown>, name: string): string {
  if (args[name] === undefined) {
    throw new FrontError(400, `Failed to parse request. Required attribute '${name}' not specified`, "HTTPBadRequest");
  }
  return stringField(args, name, true);
}
