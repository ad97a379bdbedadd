import { ignoreNotFound } from "@cloud-barista/core/driver";
import type { CallContext } from "@cloud-barista/core/driver";
import type { OpenStackApiName } from "../apis.js";
import { notSupported } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { vpcTagKey } from "../tags.js";
import type { NeutronFloatingIp, NeutronPort } from "./native-types.js";

// Neutron plumbing several handlers share: the router of a VPC, ports, floating IPs.

/**
 * What the driver makes besides the resources it is asked for carries a description naming its
 * owner, so the driver finds (and only ever deletes) its own: floating IPs "cloud-barista:<server
 * id>" or "cloud-barista:lb:<id>", a VM's port "cloud-barista:vm:<server name>".
 */
const mark = "cloud-barista:";
export const ownerMark = (owner: string): string => `${mark}${owner}`;
export const vmPortMark = (serverName: string): string => `${mark}vm:${serverName}`;
export const isDriverMade = (description: string | undefined): boolean => (description ?? "").startsWith(mark);

/** The Neutron collections the driver creates tagged, with their create and delete APIs. */
const taggedCreates = {
  networks: ["neutron:CreateNetwork", "neutron:DeleteNetwork"],
  subnets: ["neutron:CreateSubnet", "neutron:DeleteSubnet"],
  routers: ["neutron:CreateRouter", "neutron:DeleteRouter"],
  "security-groups": ["neutron:CreateSecurityGroup", "neutron:DeleteSecurityGroup"],
} as const satisfies Record<string, readonly [OpenStackApiName, OpenStackApiName]>;

/**
 * Creates a Neutron resource with its tags. Neutron refuses `tags` in a create body ("Attribute
 * 'tags' not allowed in POST", with or without the tag-creation extension), so they are set right
 * after, the create undone when tagging fails. Tags need the standard-attr-tag extension.
 */
export async function createTagged<T extends { id: string; tags?: string[] }>(
  session: OpenStackSession,
  ctx: CallContext,
  collection: keyof typeof taggedCreates,
  body: Record<string, unknown>,
  tags: readonly string[],
): Promise<T> {
  const [create, remove] = taggedCreates[collection];
  if (tags.length === 0) return session.call<T>(ctx, create, {}, body);
  if (!(await session.hasNeutronExtension(ctx, "standard-attr-tag"))) {
    throw notSupported(`tags on ${collection}: this Neutron lacks the standard-attr-tag extension`);
  }
  return ctx.compensate(async (undo) => {
    const made = await session.call<T>(ctx, create, {}, body);
    undo(`delete ${collection} ${made.id}`, (u) => session.call(u, remove, { id: made.id }));
    const set = await session.call<string[]>(ctx, "neutron:ReplaceTags", { collection, id: made.id }, tags);
    return { ...made, tags: set };
  });
}

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

/** Creates a floating IP on a port, marked with its owner. */
export async function attachFloatingIp(
  session: OpenStackSession,
  ctx: CallContext,
  externalNetworkId: string,
  portId: string,
  owner: string,
): Promise<NeutronFloatingIp> {
  const floatingIp = { floating_network_id: externalNetworkId, port_id: portId, description: ownerMark(owner) };
  return session.call(ctx, "neutron:CreateFloatingIP", {}, floatingIp);
}

/**
 * Deletes the floating IPs the driver made for an owner, wherever they are: also those a port's
 * deletion left behind (a failed build's), which no port lookup finds.
 */
export async function releaseFloatingIps(session: OpenStackSession, ctx: CallContext, owner: string): Promise<void> {
  const description = ownerMark(owner);
  const ips = await session.listArray<NeutronFloatingIp>(ctx, "neutron:ListFloatingIPs", { description });
  for (const ip of ips.filter((i) => i.description === description)) {
    await session.call(ctx, "neutron:DeleteFloatingIP", { id: ip.id }).catch(ignoreNotFound);
  }
}
