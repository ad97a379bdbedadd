import type { Subnet, VirtualNetwork } from "@azure/arm-network";
import type { CallContext, IID, SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core/driver";
import { alreadyExists } from "../errors.js";
import type { AzureSession } from "../session.js";
import { exists, ignoreMissingGroup } from "./missing.js";

function subnetInfo(subnet: Subnet): SubnetInfo {
  const cidr = subnet.addressPrefix ?? subnet.addressPrefixes?.[0];
  return { iid: { nameId: subnet.name ?? "", systemId: subnet.id ?? "" }, ...(cidr ? { ipv4Cidr: cidr } : {}) };
}

function toInfo(vnet: VirtualNetwork): VpcInfo {
  const cidr = vnet.addressSpace?.addressPrefixes?.[0];
  return {
    iid: { nameId: vnet.name ?? "", systemId: vnet.id ?? "" },
    ...(cidr ? { ipv4Cidr: cidr } : {}),
    subnets: (vnet.subnets ?? []).map(subnetInfo),
    ...(vnet.tags && Object.keys(vnet.tags).length > 0 ? { tags: { ...vnet.tags } } : {}),
  };
}

/** The resource name in an ARM id (its last segment), or the IID's name. */
const nameOf = (iid: IID) => iid.systemId.split("/").pop() || iid.nameId;

/**
 * VPCs are virtual networks of the connection's resource group, one address prefix each; subnets
 * are regional (no zone). Creates and deletes are long-running operations polled to their end.
 */
export function createVpcHandler(session: AzureSession): VpcHandler {
  const vnets = () => session.clients.network.virtualNetworks;
  const subnets = () => session.clients.network.subnets;
  const get = (name: string, ctx: CallContext) =>
    session.call(ctx, "VirtualNetworks_Get", (options) => vnets().get(session.group, name, options));
  return {
    async create(request, ctx) {
      await session.ensureGroup(ctx);
      // A PUT would replace a network of the same name (and drop its subnets); ARM has no create-only verb.
      if (await exists(get(request.name, ctx))) throw alreadyExists("virtual network", request.name);
      const body: VirtualNetwork = {
        location: session.settings.region,
        ...(request.tags ? { tags: { ...request.tags } } : {}),
        addressSpace: { addressPrefixes: request.ipv4Cidr ? [request.ipv4Cidr] : [] },
        subnets: request.subnets.map((s) => ({ name: s.name, addressPrefix: s.ipv4Cidr })),
      };
      return ctx.compensate(async (undo) => {
        const operation = await session.start(ctx, "VirtualNetworks_CreateOrUpdate", (options) =>
          vnets().createOrUpdate(session.group, request.name, body, options),
        );
        undo(`delete virtual network ${request.name}`, (u) =>
          session
            .start(u, "VirtualNetworks_Delete", (options) => vnets().delete(session.group, request.name, options))
            .then((op) => session.finish(u, op, `virtual network ${request.name} to be deleted`)),
        );
        await session.finish(ctx, operation, `virtual network ${request.name} to be provisioned`);
        // A network just made may not be readable yet (ARM's reads lag its writes).
        const id = session.idOf("Microsoft.Network/virtualNetworks", request.name);
        ctx.created(id);
        return toInfo(await ctx.whenVisible([id], () => get(request.name, ctx)));
      });
    },

    get: async (vpc, ctx) => toInfo(await get(nameOf(vpc), ctx)),

    list: (ctx) =>
      ignoreMissingGroup(
        session.pages(ctx, "VirtualNetworks_List", (options) => vnets().list(session.group, options), toInfo),
      ),

    async delete(vpc, ctx) {
      const name = nameOf(vpc);
      const operation = await session.start(ctx, "VirtualNetworks_Delete", (options) =>
        vnets().delete(session.group, name, options),
      );
      await session.finish(ctx, operation, `virtual network ${name} to be deleted`);
    },

    async addSubnet(vpc, subnet, ctx) {
      const name = nameOf(vpc);
      const operation = await session.start(ctx, "Subnets_CreateOrUpdate", (options) =>
        subnets().createOrUpdate(session.group, name, subnet.name, { addressPrefix: subnet.ipv4Cidr }, options),
      );
      await session.finish(ctx, operation, `subnet ${subnet.name} to be provisioned`);
      return toInfo(await ctx.whenVisible([vpc.systemId], () => get(name, ctx)));
    },

    async removeSubnet(vpc, subnet, ctx) {
      const name = nameOf(subnet);
      const operation = await session.start(ctx, "Subnets_Delete", (options) =>
        subnets().delete(session.group, nameOf(vpc), name, options),
      );
      await session.finish(ctx, operation, `subnet ${name} to be deleted`);
    },
  };
}
