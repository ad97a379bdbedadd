import { ignoreNotFound, isBaristaError, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, IID, VmHandler, VmStatusInfo } from "@cloud-barista/core/driver";
import { invalid } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { checkTagKey } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import { flavorByName } from "./catalog.js";
import type { GlanceImage, NeutronNetwork, NeutronPort, NovaServer } from "./native-types.js";
import { attachFloatingIp, releaseFloatingIps, vmPortMark } from "./network.js";
import { isWindows, loginUserOf, serverBody } from "./vm-boot.js";
import { toVmInfo, vmLookups } from "./vm-view.js";

/**
 * Nova servers. `start` makes the server's port itself, in the requested subnet with the requested
 * groups (Nova alone would pick a subnet), and where the cloud has an external network gives the
 * port a floating IP; a VM on an external (provider) network is public by its own address.
 * Suspend and resume are os-stop and os-start (see docs/drivers/openstack.md for why not suspend).
 */
export function createVmHandler(session: OpenStackSession): VmHandler {
  const show = (ctx: CallContext, id: string) => session.call<NovaServer>(ctx, "nova:ShowServer", { id });

  /**
   * The facts a start needs, each checked before anything is made; flavors, images, networks and
   * public keys this connection has seen lately are not read again.
   */
  const bootFacts = async (request: DriverVmRequest, ctx: CallContext) => {
    for (const key of Object.keys(request.tags ?? {})) checkTagKey(key);
    const flavor = await session.flavorsByName.get(request.specName, () =>
      flavorByName(session, ctx, request.specName),
    );
    if (!flavor) {
      session.flavorsByName.forget(request.specName);
      throw invalid("specName", "unknown-flavor", `flavor "${request.specName}" not found in ${session.region}`);
    }
    const imageId = request.imageIID.systemId;
    const image = await session.images.get(imageId, () =>
      session.call<GlanceImage>(ctx, "glance:ShowImage", { id: imageId }),
    );
    const networkId = request.vpcIID.systemId;
    const network = await session.networks.get(networkId, () =>
      session.call<NeutronNetwork>(ctx, "neutron:ShowNetwork", { id: networkId }),
    );
    const keyName = request.keyPairIID?.systemId;
    const publicKey =
      keyName === undefined
        ? undefined
        : await session.publicKeys.get(
            keyName,
            async () =>
              (await session.call<{ public_key: string }>(ctx, "nova:ShowKeypair", { name: keyName })).public_key,
          );
    return { flavor, image, network, publicKey };
  };

  const deletePorts = async (ctx: CallContext, serverName: string, serverId: string): Promise<void> => {
    const description = vmPortMark(serverName);
    const ports = await session.listArray<NeutronPort>(ctx, "neutron:ListPorts", { description });
    // Only ports of this server, or of none (Nova unbinds a port it was given when a build fails).
    const own = ports.filter((p) => p.description === description && (p.device_id === "" || p.device_id === serverId));
    for (const port of own) await session.call(ctx, "neutron:DeletePort", { id: port.id }).catch(ignoreNotFound);
  };

  /**
   * A floating IP for the VM's port, unless its subnet has no router to the external network (a
   * network another tool made): Neutron refuses that, and the VM stays private.
   */
  const floatingIpOf = (ctx: CallContext, externalId: string, portId: string, serverId: string) =>
    attachFloatingIp(session, ctx, externalId, portId, serverId).catch((error: unknown) => {
      if (!isBaristaError(error) || error.nativeCode !== "ExternalGatewayForFloatingIPNotFound") throw error;
      ctx.logger.warn("no floating IP: the VM's subnet has no router to the external network", { portId });
      return undefined;
    });

  return {
    async start(request, ctx) {
      const { flavor, image, network, publicKey } = await bootFacts(request, ctx);
      const externalId = network["router:external"] === true ? undefined : await session.externalNetworkId(ctx);
      return ctx.compensate(async (undo) => {
        const port = await session.call<NeutronPort>(
          ctx,
          "neutron:CreatePort",
          {},
          {
            network_id: request.vpcIID.systemId,
            name: request.name,
            description: vmPortMark(request.name),
            fixed_ips: [{ subnet_id: request.subnetIID.systemId }],
            security_groups: request.securityGroupIIDs.map((sg) => sg.systemId),
          },
        );
        undo(`delete port ${port.id}`, (u) => session.call(u, "neutron:DeletePort", { id: port.id }));
        const body = serverBody(request, { flavor, image, publicKey, portId: port.id });
        const { id } = await session.call<{ id: string }>(ctx, "nova:CreateServer", {}, body);
        undo(`delete server ${id}`, (u) => session.call(u, "nova:DeleteServer", { id }));
        undo(`release the floating IP of server ${id}`, (u) => releaseFloatingIps(session, u, id));
        const fixed = port.fixed_ips[0]?.ip_address;
        const publicIp =
          externalId === undefined
            ? network["router:external"] === true
              ? fixed
              : undefined
            : (await floatingIpOf(ctx, externalId, port.id, id))?.floating_ip_address;
        return {
          ...startedVmInfo(request, {
            systemId: id,
            region: session.region,
            vmUserId: loginUserOf(request, image),
            platform: isWindows(image) ? "Windows" : "Linux/UNIX",
            publicIp,
          }),
          ...(fixed ? { privateIp: fixed } : {}),
        };
      });
    },

    // Nova's server and Neutron's ports; the rest remembered, or (floating IPs from Neutron) with details.
    async get(vm, ctx, options = {}) {
      const server = await show(ctx, vm.systemId);
      return toVmInfo(session, server, await vmLookups(session, ctx, false, options.details === true)(server));
    },

    async *list(ctx, options = {}) {
      const facts = vmLookups(session, ctx, true, options.details === true);
      for await (const server of session.list<NovaServer>(ctx, "nova:ListServersDetailed")) {
        yield toVmInfo(session, server, await facts(server));
      }
    },

    getStatus: async (vm, ctx) => {
      const server = await show(ctx, vm.systemId);
      return vmStatusOf(server.status, server["OS-EXT-STS:task_state"]);
    },

    listStatus: (ctx) =>
      session.list<NovaServer, VmStatusInfo>(ctx, "nova:ListServersDetailed", {}, (s) => ({
        iid: { nameId: s.name, systemId: s.id },
        status: vmStatusOf(s.status, s["OS-EXT-STS:task_state"]),
      })),

    async suspend(vm, ctx) {
      await session.call(ctx, "nova:StopServer", { id: vm.systemId }, { "os-stop": null });
      return "Suspending";
    },

    async resume(vm, ctx) {
      await session.call(ctx, "nova:StartServer", { id: vm.systemId }, { "os-start": null });
      return "Resuming";
    },

    async reboot(vm, ctx) {
      await session.call(ctx, "nova:RebootServer", { id: vm.systemId }, { reboot: { type: "SOFT" } });
      return "Rebooting";
    },

    // The driver's floating IPs go first (also those a failed build left on no port), then the
    // server; Nova keeps a port it was given, so the driver deletes its own port after.
    async terminate(vm: IID, ctx) {
      await releaseFloatingIps(session, ctx, vm.systemId);
      await session.call(ctx, "nova:DeleteServer", { id: vm.systemId });
      await deletePorts(ctx, vm.nameId, vm.systemId);
      return "Terminating";
    },
  };
}
