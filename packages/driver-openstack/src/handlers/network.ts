import { ignoreNotFound } from "@cloud-barista/core/driver";
import type { CallContext } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import { vpcTagKey } from "../tags.js";
import type { NeutronPort } from "./native-types.js";

// Neutron plumbing several handlers share: the router of a VPC, ports, floating IPs.

/** Floating IPs the driver made carry this description prefix, so it only ever deletes its own. */
export const floatingIpMark = "cloud-barista:";

/** The router the driver made for a network (tagged with the network's id), if any. */
export async function routerOf(
  session: OpenStackSession,
  ctx: CallContext,
  networkId: string,
): Promise<{ id: string } | undefined> {
  const routers = await session.listArray<{ id: string }>(ctx, "neutron:ListRouters", {
    tags: `${vpcTagKey}=${networkId}`,
  });
  return routers[0];
}

/** Subnets a router has interfaces on. */
export async function routerSubnets(session: OpenStackSession, ctx: CallContext, routerId: string): Promise<string[]> {
  const ports = await session.listArray<NeutronPort>(ctx, "neutron:ListPorts", {
    device_id: routerId,
    device_owner: "network:router_interface",
  });
  return ports.flatMap((p) => p.fixed_ips.map((f) => f.subnet_id));
}

export const portsOf = (session: OpenStackSession, ctx: CallContext, deviceId: string): Promise<NeutronPort[]> =>
  session.listArray<NeutronPort>(ctx, "neutron:ListPorts", { device_id: deviceId });

/** Creates a floating IP on a port. */
export async function attachFloatingIp(
  session: OpenStackSession,
  ctx: CallContext,
  externalNetworkId: string,
  portId: string,
  owner: string,
): Promise<{ id: string; floating_ip_address: string }> {
  const description = `${floatingIpMark}${owner}`;
  const floatingIp = { floating_network_id: externalNetworkId, port_id: portId, description };
  return session.call(ctx, "neutron:CreateFloatingIP", {}, floatingIp);
}

/** Deletes the floating IPs the driver made on a port (others are the user's to keep). */
export async function releaseFloatingIps(session: OpenStackSession, ctx: CallContext, portId: string): Promise<void> {
  const ips = await session.listArray<{ id: string; description?: string }>(ctx, "neutron:ListFloatingIPs", {
    port_id: portId,
  });
  for (const ip of ips.filter((i) => (i.description ?? "").startsWith(floatingIpMark))) {
    await session.call(ctx, "neutron:DeleteFloatingIP", { id: ip.id }).catch(ignoreNotFound);
  }
}
