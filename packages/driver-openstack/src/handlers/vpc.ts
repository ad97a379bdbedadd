import type { CallContext, DriverSubnetRequest, SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core";
import { missing } from "../errors.js";
import { rollback } from "../session.js";
import type { OpenStackSession } from "../session.js";
import { decodeTags, encodeTags, vpcTagKey } from "../tags.js";
import type { NeutronNetwork, NeutronSubnet } from "./native-types.js";
import { ignoreNotFound, routerOf, routerSubnets } from "./network.js";

function toSubnetInfo(subnet: NeutronSubnet): SubnetInfo {
  return {
    iid: { nameId: subnet.name, systemId: subnet.id },
    ipv4Cidr: subnet.cidr,
    tags: decodeTags(subnet.tags),
    extra: { gatewayIp: subnet.gateway_ip ?? "" },
  };
}

function toVpcInfo(network: NeutronNetwork, subnets: readonly NeutronSubnet[]): VpcInfo {
  return {
    iid: { nameId: network.name, systemId: network.id },
    subnets: subnets.filter((s) => s.network_id === network.id).map(toSubnetInfo),
    tags: decodeTags(network.tags),
    extra: { status: network.status ?? "" },
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
    (
      await session.request<{ subnet: NeutronSubnet }>(ctx, "neutron:CreateSubnet", {
        service: "network",
        method: "POST",
        path: "/subnets",
        body: {
          subnet: {
            network_id: networkId,
            name: subnet.name,
            cidr: subnet.ipv4Cidr,
            ip_version: 4,
            tags: encodeTags(subnet.tags),
          },
        },
      })
    ).subnet;
  const addInterface = (ctx: CallContext, routerId: string, subnetId: string) =>
    session.request(ctx, "neutron:AddRouterInterface", {
      service: "network",
      method: "PUT",
      path: `/routers/${routerId}/add_router_interface`,
      body: { subnet_id: subnetId },
    });
  const removeInterface = (ctx: CallContext, routerId: string, subnetId: string) =>
    session
      .request(ctx, "neutron:RemoveRouterInterface", {
        service: "network",
        method: "PUT",
        path: `/routers/${routerId}/remove_router_interface`,
        body: { subnet_id: subnetId },
      })
      .catch(ignoreNotFound);
  const deleteSubnet = (ctx: CallContext, id: string) =>
    session
      .request(ctx, "neutron:DeleteSubnet", { service: "network", method: "DELETE", path: `/subnets/${id}` })
      .catch(ignoreNotFound);
  const subnetsOf = (ctx: CallContext, networkId: string) =>
    session.listArray<NeutronSubnet>(
      ctx,
      "neutron:ListSubnets",
      { service: "network", path: "/subnets", query: { network_id: networkId } },
      "subnets",
    );
  const get = async (ctx: CallContext, id: string): Promise<VpcInfo> => {
    const { network } = await session.request<{ network: NeutronNetwork }>(ctx, "neutron:ShowNetwork", {
      service: "network",
      method: "GET",
      path: `/networks/${id}`,
    });
    if (network["router:external"] === true)
      throw missing("vpc", id, `network ${id} is an external network, not a VPC`);
    return toVpcInfo(network, await subnetsOf(ctx, id));
  };

  return {
    async create(request, ctx) {
      const externalId = await session.externalNetworkId(ctx);
      const { network } = await session.request<{ network: NeutronNetwork }>(ctx, "neutron:CreateNetwork", {
        service: "network",
        method: "POST",
        path: "/networks",
        body: { network: { name: request.name, admin_state_up: true, tags: encodeTags(request.tags) } },
      });
      const undo: (() => Promise<unknown>)[] = [
        () =>
          session.request(ctx, "neutron:DeleteNetwork", {
            service: "network",
            method: "DELETE",
            path: `/networks/${network.id}`,
          }),
      ];
      try {
        const subnets: NeutronSubnet[] = [];
        for (const subnet of request.subnets) {
          const made = await createSubnet(ctx, network.id, subnet);
          subnets.push(made);
          undo.unshift(() => deleteSubnet(ctx, made.id));
        }
        if (externalId !== undefined) {
          const { router } = await session.request<{ router: { id: string } }>(ctx, "neutron:CreateRouter", {
            service: "network",
            method: "POST",
            path: "/routers",
            body: {
              router: {
                name: `${request.name}-router`,
                admin_state_up: true,
                external_gateway_info: { network_id: externalId },
                tags: [`${vpcTagKey}=${network.id}`],
              },
            },
          });
          undo.unshift(() =>
            session.request(ctx, "neutron:DeleteRouter", {
              service: "network",
              method: "DELETE",
              path: `/routers/${router.id}`,
            }),
          );
          for (const subnet of subnets) {
            await addInterface(ctx, router.id, subnet.id);
            undo.unshift(() => removeInterface(ctx, router.id, subnet.id));
          }
        }
        return toVpcInfo(network, subnets);
      } catch (error) {
        await rollback(undo);
        throw error;
      }
    },

    get: (vpc, ctx) => get(ctx, vpc.systemId),

    async *list(ctx) {
      const subnets = await session.listArray<NeutronSubnet>(
        ctx,
        "neutron:ListSubnets",
        { service: "network", path: "/subnets" },
        "subnets",
      );
      yield* session.list<NeutronNetwork, VpcInfo>(
        ctx,
        "neutron:ListNetworks",
        { service: "network", path: "/networks", query: { "router:external": false } },
        "networks",
        (n) => toVpcInfo(n, subnets),
      );
    },

    // Router interfaces first, then the router, the subnets and the network.
    async delete(vpc, ctx) {
      const router = await routerOf(session, ctx, vpc.systemId);
      if (router) {
        for (const subnetId of await routerSubnets(session, ctx, router.id))
          await removeInterface(ctx, router.id, subnetId);
        await session
          .request(ctx, "neutron:DeleteRouter", { service: "network", method: "DELETE", path: `/routers/${router.id}` })
          .catch(ignoreNotFound);
      }
      for (const subnet of await subnetsOf(ctx, vpc.systemId)) await deleteSubnet(ctx, subnet.id);
      await session.request(ctx, "neutron:DeleteNetwork", {
        service: "network",
        method: "DELETE",
        path: `/networks/${vpc.systemId}`,
      });
    },

    async addSubnet(vpc, subnet, ctx) {
      const made = await createSubnet(ctx, vpc.systemId, subnet);
      const router = await routerOf(session, ctx, vpc.systemId);
      if (router) {
        try {
          await addInterface(ctx, router.id, made.id);
        } catch (error) {
          await rollback([() => deleteSubnet(ctx, made.id)]);
          throw error;
        }
      }
      return get(ctx, vpc.systemId);
    },

    async removeSubnet(vpc, subnet, ctx) {
      const router = await routerOf(session, ctx, vpc.systemId);
      if (router) await removeInterface(ctx, router.id, subnet.systemId);
      await session.request(ctx, "neutron:DeleteSubnet", {
        service: "network",
        method: "DELETE",
        path: `/subnets/${subnet.systemId}`,
      });
    },
  };
}
