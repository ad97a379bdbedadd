import type { AccountRegion } from "../../../world/account-region.js";
import type { PublicIpTargetKind } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { neutronList } from "./listing.js";
import { allPorts, findPort, floatingIpView, portOfTarget } from "./port-views.js";
import { externalNetworkOf } from "./render.js";
import { createTags, refuseTagsOnUpdate } from "./tags.js";

const badFloatingIp = (message: string): FrontError =>
  new FrontError(400, `Bad floatingip request: ${message}.`, "BadRequest");

/**
 * The target of a floating IP on a port, checked as Neutron's l3_db does before associating: the
 * port can take one, holds the IPv4 address asked for (or exactly one), and a router joins its
 * subnet to the external network.
 */
function targetOf(
  call: ServiceCall,
  cloud: AccountRegion,
  portId: string,
  fixedIp: string | undefined,
): { kind: PublicIpTargetKind; id: string } {
  const port = findPort(call, cloud, portId);
  // Neutron's own message, its placeholder unfilled (l3_db._internal_fip_assoc_data).
  if (!port.target) throw badFloatingIp("Port %(id)s is unable to be assigned a floating IP");
  const fixed = port.view["fixed_ips"] as { subnet_id: string; ip_address: string }[];
  let subnetId: string;
  if (fixedIp !== undefined) {
    if (!fixedIp.includes("."))
      throw badFloatingIp(`Cannot process floating IP association with ${fixedIp}, since that is not an IPv4 address`);
    const match = fixed.find((f) => f.ip_address === fixedIp);
    if (!match) throw badFloatingIp(`Port ${portId} does not have fixed ip ${fixedIp}`);
    subnetId = match.subnet_id;
  } else {
    const v4 = fixed.filter((f) => f.ip_address.includes("."));
    if (v4.length === 0)
      throw badFloatingIp(`Cannot add floating IP to port ${portId} that has no fixed IPv4 addresses`);
    if (v4.length > 1)
      throw badFloatingIp(
        `Port ${portId} has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP`,
      );
    subnetId = v4[0]?.subnet_id ?? "";
  }
  const routed = cloud.routers.list({
    where: (r) => r.externalIp !== undefined && r.subnets.some((s) => s.id === subnetId),
  }).items;
  if (routed.length === 0)
    throw new FrontError(
      404,
      `External network ${externalNetworkOf(cloud)?.id ?? ""} is not reachable from subnet ${subnetId}.  Therefore, cannot associate Port ${portId} with a Floating IP.`,
      "ExternalGatewayForFloatingIPNotFound",
    );
  return port.target;
}

/** Refuses a second floating IP on a port's address (FloatingIPPortAlreadyAssociated). */
function requireUnclaimed(
  call: ServiceCall,
  cloud: AccountRegion,
  portId: string,
  ip: { id: string; address: string },
): void {
  const ports = allPorts(call, cloud);
  const other = cloud.publicIps
    .list()
    .items.find((o) => o.id !== ip.id && portOfTarget(call, cloud, o, ports)?.id === portId);
  if (!other) return;
  const holder = floatingIpView(call, cloud, other);
  throw new FrontError(
    409,
    `Cannot associate floating IP ${ip.address} (${ip.id}) with port ${portId} using fixed IP ${String(holder["fixed_ip_address"])}, as that fixed IP already has a floating IP on external network ${String(holder["floating_network_id"])}.`,
    "FloatingIPPortAlreadyAssociated",
  );
}

/** Floating IPs: world public IPs, on ports of the project. */
export const floatingIpRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/floatingips$/,
    api: "neutron:ListFloatingIPs",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "floatingips",
          cloud.publicIps.list().items.map((ip) => floatingIpView(call, cloud, ip)),
          { member: "public-ip" },
        ),
      ),
  },
  {
    method: "GET",
    path: /^\/floatingips\/([^/]+)$/,
    api: "neutron:ShowFloatingIP",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { floatingip: floatingIpView(call, cloud, cloud.publicIps.get(call.params[0] ?? "")) }),
      ),
  },
  {
    method: "POST",
    path: /^\/floatingips$/,
    api: "neutron:CreateFloatingIP",
    handle: (call) => {
      const args = objectField(readJson(call.request), "floatingip");
      const networkId = stringField(args, "floating_network_id", true);
      const portId = stringField(args, "port_id");
      const fixedIp = stringField(args, "fixed_ip_address");
      const tags = createTags(call, "floatingips", args);
      if (fixedIp !== undefined && portId === undefined)
        throw badFloatingIp("fixed_ip_address cannot be specified without a port_id");
      return call.call((cloud) => {
        if (!cloud.vpcs.get(networkId).shared?.external)
          throw badFloatingIp(`Network ${networkId} is not a valid external network`);
        const target = portId === undefined ? undefined : targetOf(call, cloud, portId, fixedIp);
        const ip = cloud.publicIps.allocate({ description: stringField(args, "description"), tags });
        if (portId !== undefined && target !== undefined) {
          // Neutron makes the address, then associates it, all or nothing.
          try {
            requireUnclaimed(call, cloud, portId, ip);
            cloud.publicIps.associate(ip.id, target);
          } catch (error) {
            cloud.publicIps.release(ip.id);
            throw error;
          }
        }
        return json(201, { floatingip: floatingIpView(call, cloud, cloud.publicIps.get(ip.id)) });
      });
    },
  },
  {
    method: "PUT",
    path: /^\/floatingips\/([^/]+)$/,
    api: "neutron:UpdateFloatingIP",
    handle: (call) => {
      const args = objectField(readJson(call.request), "floatingip");
      refuseTagsOnUpdate(args);
      return call.call((cloud) => {
        const id = call.params[0] ?? "";
        if ("port_id" in args) {
          const portId = args["port_id"];
          if (portId === null) cloud.publicIps.disassociate(id);
          else if (typeof portId === "string") {
            const target = targetOf(call, cloud, portId, stringField(args, "fixed_ip_address"));
            requireUnclaimed(call, cloud, portId, cloud.publicIps.get(id));
            cloud.publicIps.associate(id, target);
          } else throw badRequest("Invalid input for port_id");
        }
        cloud.publicIps.update(id, { description: stringField(args, "description") });
        return json(200, { floatingip: floatingIpView(call, cloud, cloud.publicIps.get(id)) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/floatingips\/([^/]+)$/,
    api: "neutron:DeleteFloatingIP",
    handle: (call) =>
      call.call((cloud) => {
        cloud.publicIps.release(call.params[0] ?? "");
        return noContent(204);
      }),
  },
];
