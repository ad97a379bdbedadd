import { cloudInit, diskTypeOrDefault, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, VmHandler, VmStatusInfo } from "@cloud-barista/core/driver";
import { invalid } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { vmStatusOf } from "../vm-status.js";
import { flavorByName } from "./catalog.js";
import { defaultVmUser } from "./key-pair.js";
import type { GlanceImage, NeutronPort, NeutronSubnet, NovaServer } from "./native-types.js";
import { attachFloatingIp, portsOf, releaseFloatingIps } from "./network.js";
import { imageFacts, toVmInfo } from "./vm-view.js";

/**
 * Nova servers. `start` attaches the server to its VPC's network (Neutron gives it an address of
 * the network's first subnet, so the requested subnet must be that one) and, where the cloud has an
 * external network, gives it a floating IP as its public address. Suspend and resume are os-stop
 * and os-start (see docs/drivers/openstack.md for why not Nova's suspend).
 */
export function createVmHandler(session: OpenStackSession): VmHandler {
  const show = (ctx: CallContext, id: string) => session.call<NovaServer>(ctx, "nova:ShowServer", { id });

  /** Where the cloud has an external network: a floating IP on the server's port, once Nova has plugged it. */
  const floatingIpFor = async (ctx: CallContext, id: string): Promise<string | undefined> => {
    const externalId = await session.externalNetworkId(ctx);
    if (externalId === undefined) return undefined;
    const [port] = await ctx.waitUntil({
      description: `a port of server ${id}`,
      deadline: "vmRunning",
      read: () => portsOf(session, ctx, id),
      accept: (ports) => (ports.length > 0 ? "success" : "retry"),
    });
    return (await attachFloatingIp(session, ctx, externalId, (port as NeutronPort).id, id)).floating_ip_address;
  };

  const checkSubnet = async (ctx: CallContext, request: DriverVmRequest): Promise<void> => {
    const subnets = await session.listArray<NeutronSubnet>(ctx, "neutron:ListSubnets", {
      network_id: request.vpcIID.systemId,
    });
    if (subnets[0]?.id !== request.subnetIID.systemId) {
      throw invalid(
        "subnetIID",
        "openstack-first-subnet",
        `Nova places a server in its network's first subnet (${subnets[0]?.name ?? "none"}); ${request.subnetIID.nameId} is not it`,
      );
    }
  };

  return {
    async start(request, ctx) {
      const flavor = await flavorByName(session, ctx, request.specName);
      if (!flavor)
        throw invalid("specName", "unknown-flavor", `flavor "${request.specName}" not found in ${session.region}`);
      const image = await session.call<GlanceImage>(ctx, "glance:ShowImage", { id: request.imageIID.systemId });
      await checkSubnet(ctx, request);
      const windows = image.os_type === "windows";
      const publicKey = request.keyPairIID
        ? (await session.call<{ public_key: string }>(ctx, "nova:ShowKeypair", { name: request.keyPairIID.systemId }))
            .public_key
        : undefined;
      const rootType = diskTypeOrDefault(request.rootDiskType);
      const bootFromVolume = request.rootDiskSizeGB !== undefined || rootType !== undefined;
      const blockDevices = [
        ...(bootFromVolume
          ? [
              {
                boot_index: 0,
                uuid: image.id,
                source_type: "image",
                destination_type: "volume",
                delete_on_termination: true,
                volume_size: request.rootDiskSizeGB ?? image.min_disk ?? 10,
                ...(rootType ? { volume_type: rootType } : {}),
              },
            ]
          : []),
        ...request.dataDiskIIDs.map((d) => ({
          boot_index: -1,
          uuid: d.systemId,
          source_type: "volume",
          destination_type: "volume",
          delete_on_termination: false,
        })),
      ];
      const password = request.vmUserPassword;
      const login = { user: request.vmUserId ?? defaultVmUser, publicKey, password };
      const server = {
        name: request.name,
        flavorRef: flavor.id,
        ...(bootFromVolume ? {} : { imageRef: image.id }),
        networks: [{ uuid: request.vpcIID.systemId }],
        // Nova takes a group's id where it asks for a name; ids are unambiguous.
        security_groups: request.securityGroupIIDs.map((sg) => ({ name: sg.systemId })),
        ...(request.keyPairIID ? { key_name: request.keyPairIID.systemId } : {}),
        ...(request.zone ? { availability_zone: request.zone } : {}),
        ...(request.tags ? { metadata: request.tags } : {}),
        ...(blockDevices.length > 0 ? { block_device_mapping_v2: blockDevices } : {}),
        ...(windows ? (password ? { adminPass: password } : {}) : { user_data: cloudInit(login, "base64") }),
      };
      return ctx.compensate(async (undo) => {
        const { id } = await session.call<{ id: string }>(ctx, "nova:CreateServer", {}, server);
        undo(`delete server ${id}`, (u) => session.call(u, "nova:DeleteServer", { id }));
        const publicIp = await floatingIpFor(ctx, id);
        const vmUserId = windows ? "Administrator" : (request.vmUserId ?? defaultVmUser);
        const platform = windows ? "Windows" : "Linux/UNIX";
        return startedVmInfo(request, { systemId: id, region: session.region, vmUserId, platform, publicIp });
      });
    },

    async get(vm, ctx) {
      const server = await show(ctx, vm.systemId);
      const [port] = await portsOf(session, ctx, vm.systemId);
      return toVmInfo(session, server, port, await imageFacts(session, ctx)(server.image));
    },

    async *list(ctx) {
      const ports = new Map<string, NeutronPort>();
      for await (const port of session.list<NeutronPort>(ctx, "neutron:ListPorts")) {
        if (port.device_owner.startsWith("compute:") && !ports.has(port.device_id)) ports.set(port.device_id, port);
      }
      const images = imageFacts(session, ctx);
      for await (const server of session.list<NovaServer>(ctx, "nova:ListServersDetailed")) {
        yield toVmInfo(session, server, ports.get(server.id), await images(server.image));
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

    // The floating IPs the driver gave the server go first; Nova then deletes the server and its port.
    async terminate(vm, ctx) {
      for (const port of await portsOf(session, ctx, vm.systemId)) await releaseFloatingIps(session, ctx, port.id);
      await session.call(ctx, "nova:DeleteServer", { id: vm.systemId });
      return "Terminating";
    },
  };
}
