import type { CallContext, DriverSubnetRequest, SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core/driver";
import { ignoreNotFound } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import { decodeTags, encodeTags, vpcTagKey } from "../tags.js";
import type { NeutronNetwork, NeutronSubnet } from "./native-types.js";
import { createTagged, routerOf, routerSubnets } from "./network.js";

function toSubnetInfo(subnet: NeutronSubnet): SubnetInfo {
  return {
    iid: { nameId: subnet.name, systemId: subnet.id },
    ...(subnet.ip_version === 6 ? { ipv6Cidr: subnet.cidr } : { ipv4Cidr: subnet.cidr }),
    tags: decodeTags(subnet.tags),
    extra: { gatewayIp: subnet.gateway_ip ?? "" },
  };
}

function toVpcInfo(network: NeutronNetwork, subnets: readonly NeutronSubnet[]): VpcInfo {
  return {
    iid: { nameId: network.name, systemId: network.id },
    subnets: subnets.filter((s) => s.network_id === network.id).map(toSubnetInfo),
    tags: decodeTags(network.tags),
    extra: { status: network.status ?? "", external: String(network["router:external"] === true) },
  };
}

/**
 * VPCs are Neutron networks (which carry no CIDR), subnets Neutron subnets. Where the cloud has an
 * external network, each VPC gets a router with a gateway on it and an interface on every subnet,
 * so floating IPs can reach its VMs; the router is tagged "cb-vpc=<network id>".
 */
export function createVpcHandler(session: OpenStackSession): VpcHandler {
  const createSubnet = async (
    ctx: CallContext,
    networkId: string,
    subnet: DriverSubnetRequest,
  ): Promise<NeutronSubnet> =>
    await createTagged<NeutronSubnet>(
      session,
      ctx,
      "subnets",
      { network_id: networkId, name: subnet.name, cidr: subnet.ipv4Cidr, ip_version: 4 },
      encodeTags(subnet.tags),
    );
  const addInterface = (ctx: CallContext, routerId: string, subnetId: string) =>
    session.call(ctx, "neutron:AddRouterInterface", { id: routerId }, { subnet_id: subnetId });
  const removeInterface = (ctx: CallContext, routerId: string, subnetId: string) =>
    session.call(ctx, "neutron:RemoveRouterInterface", { id: routerId }, { subnet_id: subnetId }).catch(ignoreNotFound);
  const deleteSubnet = (ctx: CallContext, id: string) =>
    session.call(ctx, "neutron:DeleteSubnet", { id }).catch(ignoreNotFound);
  const subnetsOf = (ctx: CallContext, networkId: string) =>
    session.listArray<NeutronSubnet>(ctx, "neutron:ListSubnets", { network_id: networkId });
  const get = async (ctx: CallContext, id: string): Promise<VpcInfo> => {
    // An external (provider) network is the operator's: never listed as a VPC, but it may be
    // registered as one, to start VMs on it with public addresses of their own.
    const network = await session.call<NeutronNetwork>(ctx, "neutron:ShowNetwork", { id });
    return toVpcInfo(network, await subnetsOf(ctx, id));
  };

  return {
    create: (request, ctx) =>
      ctx.compensate(async (undo) => {
        const externalId = await session.externalNetworkId(ctx);
        const network = await createTagged<NeutronNetwork>(
          session,
          ctx,
          "networks",
          { name: request.name, admin_state_up: true },
          encodeTags(request.tags),
        );
        undo(`delete network ${network.id}`, (u) => session.call(u, "neutron:DeleteNetwork", { id: network.id }));
        const subnets: NeutronSubnet[] = [];
        for (const subnet of request.subnets) {
          const made = await createSubnet(ctx, network.id, subnet);
          undo(`delete subnet ${made.id}`, (u) => deleteSubnet(u, made.id));
          subnets.push(made);
        }
        if (externalId !== undefined) {
          const router = await createTagged(
            session,
            ctx,
            "routers",
            { name: `${request.name}-router`, admin_state_up: true, external_gateway_info: { network_id: externalId } },
            [`${vpcTagKey}=${network.id}`],
          );
          undo(`delete router ${router.id}`, (u) => session.call(u, "neutron:DeleteRouter", { id: router.id }));
          for (const subnet of subnets) {
            await addInterface(ctx, router.id, subnet.id);
            undo(`detach subnet ${subnet.id}`, (u) => removeInterface(u, router.id, subnet.id));
          }
        }
        return toVpcInfo(network, subnets);
      }),

    get: (vpc, ctx) => get(ctx, vpc.systemId),

    async *list(ctx) {
      const subnets = await session.listArray<NeutronSubnet>(ctx, "neutron:ListSubnets");
      yield* session.list<NeutronNetwork, VpcInfo>(ctx, "neutron:ListNetworks", { "router:external": false }, (n) =>
        toVpcInfo(n, subnets),
      );
    },

    // Router interfaces first, then the router, the subnets and the network.
    async delete(vpc, ctx) {
      const router = await routerOf(session, ctx, vpc.systemId);
      if (router) {
        for (const subnetId of await routerSubnets(session, ctx, router.id))
          await removeInterface(ctx, router.id, subnetId);
        await session.call(ctx, "neutron:DeleteRouter", { id: router.id }).catch(ignoreNotFound);
      }
      for (const subnet of await subnetsOf(ctx, vpc.systemId)) await deleteSubnet(ctx, subnet.id);
      await session.call(ctx, "neutron:DeleteNetwork", { id: vpc.systemId });
    },

    addSubnet: (vpc, subnet, ctx) =>
      ctx.compensate(async (undo) => {
        const made = await createSubnet(ctx, vpc.systemId, subnet);
        undo(`delete subnet ${made.id}`, (u) => deleteSubnet(u, made.id));
        const router = await routerOf(session, ctx, vpc.systemId);
        if (router) await addInterface(ctx, router.id, made.id);
        return get(ctx, vpc.systemId);
      }),

    async removeSubnet(vpc, subnet, ctx) {
      const router = await routerOf(session, ctx, vpc.systemId);
      if (router) await removeInterface(ctx, router.id, subnet.systemId);
      await session.call(ctx, "neutron:DeleteSubnet", { id: subnet.systemId });
    },
  };
}
