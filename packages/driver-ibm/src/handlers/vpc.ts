import { ignoreNotFound } from "@cloud-barista/core/driver";
import type {
  CallContext,
  DriverSubnetRequest,
  IID,
  SubnetInfo,
  UndoStep,
  VpcHandler,
  VpcInfo,
} from "@cloud-barista/core/driver";
import { badAnswer, invalid } from "../errors.js";
import { awaitAbsent, awaitGone, whenReady } from "../lifecycle.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import type { IbmAddressPrefix, IbmSubnet, IbmVpc } from "./native-types.js";

export const toSubnetInfo = (s: IbmSubnet): SubnetInfo => ({
  iid: { nameId: s.name ?? "", systemId: s.id ?? "" },
  ...(s.zone?.name ? { zone: s.zone.name } : {}),
  ...(s.ipv4_cidr_block ? { ipv4Cidr: s.ipv4_cidr_block } : {}),
  extra: { nativeState: s.status ?? "", ...(s.public_gateway?.id ? { publicGateway: s.public_gateway.id } : {}) },
});

const toVpcInfo = (v: IbmVpc, subnets: readonly IbmSubnet[]): VpcInfo => ({
  iid: { nameId: v.name ?? "", systemId: v.id ?? "" },
  subnets: subnets.filter((s) => s.vpc?.id === undefined || s.vpc.id === v.id).map(toSubnetInfo),
  extra: {
    nativeState: v.status ?? "",
    ...(v.default_security_group?.id ? { defaultSecurityGroup: v.default_security_group.id } : {}),
  },
});

/** The state a read of a resource reports (`status`, else `lifecycle_state`). */
const stateOf = (r: { status?: string; lifecycle_state?: string }): string | undefined => r.status ?? r.lifecycle_state;

/**
 * VPCs with their zonal subnets. IBM VPCs carry no CIDR: a VPC is made with
 * `address_prefix_management: manual`, and each subnet gets an address prefix of exactly its CIDR
 * in its zone (removed with it). With the driver's `publicGateways`, each subnet is attached to
 * the VPC's public gateway of its zone (made on first need). Deletes are asynchronous: subnets,
 * then public gateways, then the VPC, each awaited until IBM reports it gone.
 */
export function createVpcHandler(session: IbmSession): VpcHandler {
  const subnetsOf = (ctx: CallContext, vpcId?: string) =>
    session.all<IbmSubnet>(ctx, "list_subnets", "subnets", vpcId ? { "vpc.id": vpcId } : {});

  const zoneOf = (subnet: DriverSubnetRequest, field: string): string => {
    const zone = subnet.zone ?? session.settings.zone;
    if (!zone) throw invalid(`${field}.zone`, "required", "an IBM subnet needs a zone (or a connection zone)");
    return zone;
  };

  /** Waits (for an undo) until a collection no longer lists an id: a 404 would be a failed compensating call. */
  const absent = (u: CallContext, what: string, list: () => Promise<{ id?: string }[]>, id: string) =>
    awaitAbsent(u, what, "vmControl", async () => (await list()).some((r) => r.id === id));

  const gatewaysOf = (ctx: CallContext) => session.all<IbmSubnet>(ctx, "list_public_gateways", "public_gateways");

  /** The VPC's public gateway in a zone, made (and its undo registered) on first need. */
  const gatewayOf = async (ctx: CallContext, vpcId: string, zone: string, undo: UndoStep): Promise<string> => {
    const found = (await gatewaysOf(ctx)).find((g) => g.vpc?.id === vpcId && g.zone?.name === zone);
    if (found?.id) return found.id;
    const made = await session.call<IbmSubnet>(
      ctx,
      "create_public_gateway",
      {},
      { vpc: { id: vpcId }, zone: { name: zone }, ...session.resourceGroup() },
    );
    const id = made.id;
    if (!id) throw badAnswer("create_public_gateway: no id in the answer");
    ctx.created(id);
    undo(`delete public gateway ${id}`, async (u) => {
      await session.call(u, "delete_public_gateway", { id });
      await absent(u, `public gateway ${id}`, () => gatewaysOf(u), id);
    });
    return id;
  };

  const vpcState = async (ctx: CallContext, id: string) => stateOf(await session.call<IbmVpc>(ctx, "get_vpc", { id }));

  /**
   * A subnet with its address prefix (and, with `publicGateways`, its zone's gateway), each step's
   * undo registered as it is made.
   */
  const createSubnet = async (
    ctx: CallContext,
    vpcId: string,
    subnet: DriverSubnetRequest,
    zone: string,
    undo: UndoStep,
  ): Promise<IbmSubnet> => {
    // A VPC made a moment ago may be unseen or still pending: wait for it instead of failing.
    const ready = <T>(send: () => Promise<T>) =>
      ctx.whenVisible([vpcId], () => whenReady(ctx, `VPC ${vpcId}`, ["available"], () => vpcState(ctx, vpcId), send));
    const prefix = await ready(() =>
      session.call<IbmAddressPrefix>(
        ctx,
        "create_vpc_address_prefix",
        { vpc_id: vpcId },
        { cidr: subnet.ipv4Cidr, zone: { name: zone }, name: subnet.name },
      ),
    );
    if (prefix.id) {
      const prefixId = prefix.id;
      undo(`delete address prefix ${prefixId}`, (u) =>
        session.call(u, "delete_vpc_address_prefix", { vpc_id: vpcId, id: prefixId }),
      );
    }
    const made = await ready(() =>
      session.call<IbmSubnet>(
        ctx,
        "create_subnet",
        {},
        {
          name: subnet.name,
          vpc: { id: vpcId },
          zone: { name: zone },
          ipv4_cidr_block: subnet.ipv4Cidr,
          ...session.resourceGroup(),
        },
      ),
    );
    const id = made.id;
    if (!id) throw badAnswer("create_subnet: no id in the answer");
    ctx.created(id);
    session.subnetZones.set(id, zone);
    if (made.crn) session.crns.set(id, made.crn);
    undo(`delete subnet ${id}`, async (u) => {
      await session.call(u, "delete_subnet", { id });
      await absent(u, `subnet ${id}`, () => subnetsOf(u, vpcId), id);
    });
    await tagCreated(session, ctx, made, subnet.tags);
    if (!session.settings.publicGateways) return made;
    const gateway = await ready(() => gatewayOf(ctx, vpcId, zone, undo));
    const subnetState = async () => stateOf(await session.call<IbmSubnet>(ctx, "get_subnet", { id }));
    const gatewayState = async () => stateOf(await session.call<IbmSubnet>(ctx, "get_public_gateway", { id: gateway }));
    await ctx.whenVisible([id, gateway], () =>
      whenReady(ctx, `public gateway ${gateway}`, ["available"], gatewayState, () =>
        whenReady(ctx, `subnet ${id}`, ["available"], subnetState, () =>
          session.call(ctx, "set_subnet_public_gateway", { id }, { id: gateway }),
        ),
      ),
    );
    undo(`detach subnet ${id} from its public gateway`, (u) => session.call(u, "unset_subnet_public_gateway", { id }));
    return { ...made, public_gateway: { id: gateway } };
  };

  const deleteSubnet = async (ctx: CallContext, subnet: IbmSubnet) => {
    const id = subnet.id ?? "";
    // IBM deletes no subnet attached to a public gateway.
    if (subnet.public_gateway?.id) {
      await session.call(ctx, "unset_subnet_public_gateway", { id }).catch(ignoreNotFound);
    }
    await session.call(ctx, "delete_subnet", { id }).catch(ignoreNotFound);
    await awaitGone(ctx, `subnet ${id}`, "vmControl", async () =>
      stateOf(await session.call<IbmSubnet>(ctx, "get_subnet", { id })),
    );
    session.subnetZones.forget(id);
  };

  /** The address prefix the driver made for a subnet: same CIDR, same zone. */
  const deletePrefixOf = async (ctx: CallContext, vpcId: string, subnet: IbmSubnet) => {
    const prefixes = await session.all<IbmAddressPrefix>(ctx, "list_vpc_address_prefixes", "address_prefixes", {
      vpc_id: vpcId,
    });
    const own = prefixes.find(
      (p) => !p.is_default && p.cidr === subnet.ipv4_cidr_block && p.zone?.name === subnet.zone?.name,
    );
    if (own?.id) {
      await session.call(ctx, "delete_vpc_address_prefix", { vpc_id: vpcId, id: own.id }).catch(ignoreNotFound);
    }
  };

  const get = async (vpc: IID, ctx: CallContext): Promise<VpcInfo> => {
    const found = await session.call<IbmVpc>(ctx, "get_vpc", { id: vpc.systemId });
    if (found.crn && found.id) session.crns.set(found.id, found.crn);
    return toVpcInfo(found, await subnetsOf(ctx, vpc.systemId));
  };

  return {
    async create(request, ctx) {
      const zones = request.subnets.map((s, i) => zoneOf(s, `subnets[${i}]`));
      return ctx.compensate(async (undo) => {
        const made = await session.call<IbmVpc>(
          ctx,
          "create_vpc",
          {},
          {
            name: request.name,
            address_prefix_management: "manual",
            ...session.resourceGroup(),
          },
        );
        const vpcId = made.id;
        if (!vpcId) throw badAnswer("create_vpc: no id in the answer");
        ctx.created(vpcId);
        if (made.crn) session.crns.set(vpcId, made.crn);
        undo(`delete VPC ${vpcId}`, async (u) => {
          await session.call(u, "delete_vpc", { id: vpcId });
          await absent(u, `VPC ${vpcId}`, () => session.all<IbmVpc>(u, "list_vpcs", "vpcs"), vpcId);
        });
        await tagCreated(session, ctx, made, request.tags);
        const subnets: IbmSubnet[] = [];
        for (const [i, subnet] of request.subnets.entries()) {
          subnets.push(await createSubnet(ctx, vpcId, subnet, zones[i] ?? "", undo));
        }
        return toVpcInfo({ ...made, name: made.name ?? request.name }, subnets);
      });
    },
    get,
    list: (ctx) =>
      (async function* () {
        const subnets = await subnetsOf(ctx);
        for await (const vpc of session.list<IbmVpc>(ctx, "list_vpcs", "vpcs")) {
          yield toVpcInfo(vpc, subnets);
        }
      })(),
    async delete(vpc, ctx) {
      for (const subnet of await subnetsOf(ctx, vpc.systemId)) if (subnet.id) await deleteSubnet(ctx, subnet);
      const gateways = await session.all<IbmSubnet>(ctx, "list_public_gateways", "public_gateways");
      for (const gateway of gateways.filter((g) => g.vpc?.id === vpc.systemId && g.id)) {
        const id = gateway.id ?? "";
        await session.call(ctx, "delete_public_gateway", { id }).catch(ignoreNotFound);
        await awaitGone(ctx, `public gateway ${id}`, "vmControl", async () =>
          stateOf(await session.call<IbmSubnet>(ctx, "get_public_gateway", { id })),
        );
      }
      await session.call(ctx, "delete_vpc", { id: vpc.systemId });
      await awaitGone(ctx, `VPC ${vpc.systemId}`, "vmControl", async () =>
        stateOf(await session.call<IbmVpc>(ctx, "get_vpc", { id: vpc.systemId })),
      );
      session.crns.forget(vpc.systemId);
    },
    async addSubnet(vpc, subnet, ctx) {
      const zone = zoneOf(subnet, "subnet");
      await ctx.compensate((undo) => createSubnet(ctx, vpc.systemId, subnet, zone, undo));
      return get(vpc, ctx);
    },
    async removeSubnet(vpc, subnet, ctx) {
      const found = await session.call<IbmSubnet>(ctx, "get_subnet", { id: subnet.systemId });
      await deleteSubnet(ctx, found);
      await deletePrefixOf(ctx, vpc.systemId, found);
    },
  };
}
