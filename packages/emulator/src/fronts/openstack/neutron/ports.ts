import type { AccountRegion } from "../../../world/account-region.js";
import { autoAddressed, hostOf } from "../../../world/resources/network-interfaces.js";
import type { FixedIpRequest } from "../../../world/resources/network-interfaces.js";
import type { Vpc } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { requiredAttribute } from "./errors.js";
import { neutronList } from "./listing.js";
import { allPorts, findPort, interfacePortView } from "./port-views.js";
import { createTags, refuseTagsOnUpdate } from "./tags.js";

// The ports API over the world's network interfaces. Neutron's IPAM messages are checked here,
// before the world allocates (neutron/db/ipam_backend_mixin.py, ipam_pluggable_backend.py).

/** Neutron's InvalidInput or one of its subclasses, by class name. */
const invalidInput = (message: string, type = "InvalidInput"): FrontError =>
  new FrontError(400, `Invalid input for operation: ${message}.`, type);

function listField(body: Record<string, unknown>, key: string): unknown[] | undefined {
  const value: unknown = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value))
    throw badRequest(`Invalid input for ${key}. Reason: '${JSON.stringify(value)}' is not a list.`);
  return value as unknown[];
}

function booleanField(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "boolean")
    throw badRequest(`Invalid input for ${key}. Reason: '${JSON.stringify(value)}' is not a valid boolean value.`);
  return value;
}

/** A port body's fixed_ips, checked against the network's subnets with Neutron's errors. */
export function fixedIpRequests(cloud: AccountRegion, network: Vpc, fixedIps: unknown[]): FixedIpRequest[] {
  return fixedIps.map((raw) => {
    if (raw === null || typeof raw !== "object") throw invalidInput("Invalid data format for fixed IP");
    const entry = raw as Record<string, unknown>;
    const subnetId = stringField(entry, "subnet_id");
    const ip = stringField(entry, "ip_address");
    if (network.subnets.length === 0) throw invalidInput("IP allocation requires subnets for network");
    if (subnetId !== undefined) {
      const subnet = network.subnets.find((s) => s.id === subnetId);
      if (!subnet) {
        cloud.subnets.get(subnetId);
        throw invalidInput(
          `Failed to create port on network ${network.id}, because fixed_ips included invalid subnet ${subnetId}`,
        );
      }
      if (ip !== undefined && hostOf(subnet, ip) === undefined)
        throw new FrontError(400, `IP address ${ip} is not a valid IP for the specified subnet.`, "InvalidIpForSubnet");
      if (ip !== undefined && autoAddressed(subnet)) throw autoAddress(ip, subnet.id);
      return { subnetId, ip };
    }
    if (ip === undefined) throw invalidInput("IP allocation requires subnet_id or ip_address");
    const holder = network.subnets.find((s) => hostOf(s, ip) !== undefined);
    if (!holder)
      throw new FrontError(
        400,
        `IP address ${ip} is not a valid IP for any of the subnets on the specified network.`,
        "InvalidIpForNetwork",
      );
    if (autoAddressed(holder)) throw autoAddress(ip, holder.id);
    return { ip };
  });
}

const autoAddress = (ip: string, subnetId: string): FrontError =>
  invalidInput(
    `IPv6 address ${ip} cannot be directly assigned to a port on subnet ${subnetId} as the subnet is configured for automatic addresses`,
    "AllocationOnAutoAddressSubnet",
  );

const securityNeedsAddress = (): FrontError =>
  invalidInput(
    "Port security must be enabled and port must have an IP address in order to use security groups",
    "PortSecurityAndIPRequiredForSecurityGroups",
  );

/** Security group ids of a body (Neutron takes ids only). */
function groupIds(groups: unknown[] | undefined): string[] | undefined {
  if (groups === undefined) return undefined;
  return groups.map((g) => {
    if (typeof g !== "string")
      throw badRequest(`Invalid input for security_groups. Reason: '${JSON.stringify(g)}' is not a valid UUID.`);
    return g;
  });
}

function portResponse(call: ServiceCall, cloud: AccountRegion, id: string, status: number) {
  const nic = cloud.networkInterfaces.get(id);
  const vm = nic.attachment ? cloud.vms.get(nic.attachment.vm.id) : undefined;
  return json(status, { port: interfacePortView(call, nic, vm) });
}

const portPath = /^\/ports\/([^/]+)$/;

export const portRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/ports$/,
    api: "neutron:ListPorts",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "ports",
          allPorts(call, cloud).map((p) => p.view),
          { member: "network-interface" },
        ),
      ),
  },
  {
    method: "GET",
    path: portPath,
    api: "neutron:ShowPort",
    handle: (call) => call.call((cloud) => json(200, { port: findPort(call, cloud, call.params[0] ?? "").view })),
  },
  {
    method: "POST",
    path: /^\/ports$/,
    api: "neutron:CreatePort",
    handle: (call) => {
      const args = objectField(readJson(call.request), "port");
      const networkId = requiredAttribute(args, "network_id");
      const fixedIps = listField(args, "fixed_ips");
      const groups = groupIds(listField(args, "security_groups"));
      const portSecurity = booleanField(args, "port_security_enabled");
      const tags = createTags(call, "ports", args);
      return call.call((cloud) => {
        const network = cloud.vpcs.get(networkId);
        const requests = fixedIps === undefined ? undefined : fixedIpRequests(cloud, network, fixedIps);
        if ((groups ?? []).length > 0 && (portSecurity === false || requests?.length === 0))
          throw securityNeedsAddress();
        const nic = cloud.networkInterfaces.create({
          vpcId: network.id,
          name: stringField(args, "name"),
          description: stringField(args, "description"),
          fixedIps: requests,
          securityGroupIds: groups,
          portSecurity,
          deviceId: stringField(args, "device_id"),
          deviceOwner: stringField(args, "device_owner"),
          tags,
        });
        return portResponse(call, cloud, nic.id, 201);
      });
    },
  },
  {
    method: "PUT",
    path: portPath,
    api: "neutron:UpdatePort",
    handle: (call) => {
      const args = objectField(readJson(call.request), "port");
      refuseTagsOnUpdate(args);
      for (const key of ["network_id", "mac_address", "id"])
        if (args[key] !== undefined)
          throw new FrontError(400, `Cannot update read-only attribute ${key}`, "HTTPBadRequest");
      if (args["fixed_ips"] !== undefined) throw badRequest("The emulator does not change a port's fixed_ips.");
      const groups = groupIds(listField(args, "security_groups"));
      const portSecurity = booleanField(args, "port_security_enabled");
      return call.call((cloud) => {
        const id = call.params[0] ?? "";
        const port = findPort(call, cloud, id);
        if (port.managedBy !== undefined)
          throw new FrontError(
            409,
            `Operation update is not supported for device_owner ${port.managedBy} on port ${id}.`,
            "UnsupportedPortDeviceOwner",
          );
        const current = cloud.networkInterfaces.get(id);
        const nextGroups = groups ?? current.securityGroups.map((g) => g.id);
        if (portSecurity === false && nextGroups.length > 0)
          throw new FrontError(
            409,
            "Port has security group associated. Cannot disable port security or IP address until security group is removed.",
            "PortSecurityPortHasSecurityGroup",
          );
        if (groups !== undefined && groups.length > 0 && !(portSecurity ?? current.portSecurity))
          throw securityNeedsAddress();
        cloud.networkInterfaces.update(id, {
          name: stringField(args, "name"),
          description: stringField(args, "description"),
          securityGroupIds: groups,
          portSecurity,
          deviceId: stringField(args, "device_id"),
          deviceOwner: stringField(args, "device_owner"),
        });
        return portResponse(call, cloud, id, 200);
      });
    },
  },
  {
    method: "DELETE",
    path: portPath,
    api: "neutron:DeletePort",
    handle: (call) =>
      call.call((cloud) => {
        const id = call.params[0] ?? "";
        const port = findPort(call, cloud, id);
        // Router interfaces and VIPs go with what owns them (l3_db's prevent_l3_port_deletion).
        if (port.managedBy !== undefined)
          throw new FrontError(
            409,
            `Port ${id} cannot be deleted directly via the port API: has device owner ${port.managedBy}.`,
            "ServicePortInUse",
          );
        // Its floating IPs lose their port and stay allocated (port_id, fixed_ip_address null, DOWN).
        cloud.networkInterfaces.delete(id);
        return noContent(204);
      }),
  },
];
