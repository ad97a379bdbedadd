import type { CallContext, DriverVmRequest, VmHandler, VmInfo, VmStatusInfo } from "@cloud-barista/core";
import { invalid } from "../errors.js";
import { rollback } from "../session.js";
import type { OpenStackSession } from "../session.js";
import { vmStatusOf } from "../vm-status.js";
import { flavorByName } from "./catalog.js";
import { defaultVmUser } from "./key-pair.js";
import type { GlanceImage, NeutronPort, NeutronSubnet, NovaServer } from "./native-types.js";
import { attachFloatingIp, portsOf, releaseFloatingIps } from "./network.js";
import { imageFacts, toVmInfo } from "./vm-view.js";

/** How long to wait for Nova to plug a new server's port before giving it a floating IP. */
const portWaitMs = 5 * 60_000;

/** Cloud-init that creates the login user with the key pair's key (and password, when given). */
function cloudInit(user: string, publicKey: string | undefined, password: string | undefined): string {
  const lines = [
    "#cloud-config",
    "users:",
    "  - default",
    `  - name: ${user}`,
    "    sudo: ALL=(ALL) NOPASSWD:ALL",
    "    shell: /bin/bash",
  ];
  if (publicKey) lines.push("    ssh_authorized_keys:", `      - ${publicKey}`);
  if (password)
    lines.push("    lock_passwd: false", `    plain_text_passwd: ${JSON.stringify(password)}`, "ssh_pwauth: true");
  return Buffer.from(`${lines.join("\n")}\n`).toString("base64");
}

/**
 * Nova servers. `start` attaches the server to its VPC's network (Neutron gives it an address of
 * the network's first subnet, so the requested subnet must be that one) and, where the cloud has an
 * external network, gives it a floating IP as its public address. Suspend and resume are os-stop
 * and os-start (see docs/drivers/openstack.md for why not Nova's suspend).
 */
export function createVmHandler(session: OpenStackSession): VmHandler {
  const show = async (ctx: CallContext, id: string) =>
    (
      await session.request<{ server: NovaServer }>(ctx, "nova:ShowServer", {
        service: "compute",
        method: "GET",
        path: `/servers/${id}`,
      })
    ).server;
  const action = (
    ctx: CallContext,
    api: "nova:StopServer" | "nova:StartServer" | "nova:RebootServer",
    id: string,
    body: unknown,
  ) => session.request(ctx, api, { service: "compute", method: "POST", path: `/servers/${id}/action`, body });

  const get = async (ctx: CallContext, id: string): Promise<VmInfo> => {
    const server = await show(ctx, id);
    const [port] = await portsOf(session, ctx, id);
    const image =
      server.image && typeof server.image === "object"
        ? await imageFacts(session, ctx)(server.image.id)
        : { imageType: "PublicImage" as const, imageIID: { nameId: "", systemId: "" }, platform: "NA" as const };
    return toVmInfo(session, server, port, image);
  };

  const checkSubnet = async (ctx: CallContext, request: DriverVmRequest): Promise<void> => {
    const subnets = await session.listArray<NeutronSubnet>(
      ctx,
      "neutron:ListSubnets",
      { service: "network", path: "/subnets", query: { network_id: request.vpcIID.systemId } },
      "subnets",
    );
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
      const image = await session.request<GlanceImage>(ctx, "glance:ShowImage", {
        service: "image",
        method: "GET",
        path: `/images/${request.imageIID.systemId}`,
      });
      await checkSubnet(ctx, request);
      const windows = image.os_type === "windows";
      const publicKey = request.keyPairIID
        ? (
            await session.request<{ keypair: { public_key: string } }>(ctx, "nova:ShowKeypair", {
              service: "compute",
              method: "GET",
              path: `/os-keypairs/${encodeURIComponent(request.keyPairIID.systemId)}`,
            })
          ).keypair.public_key
        : undefined;
      const bootFromVolume =
        request.rootDiskSizeGB !== undefined ||
        (request.rootDiskType !== undefined &&
          request.rootDiskType !== "" &&
          request.rootDiskType.toLowerCase() !== "default");
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
                ...(request.rootDiskType && request.rootDiskType.toLowerCase() !== "default"
                  ? { volume_type: request.rootDiskType }
                  : {}),
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
        ...(windows
          ? request.vmUserPassword
            ? { adminPass: request.vmUserPassword }
            : {}
          : { user_data: cloudInit(request.vmUserId ?? defaultVmUser, publicKey, request.vmUserPassword) }),
      };
      const created = await session.request<{ server: { id: string } }>(ctx, "nova:CreateServer", {
        service: "compute",
        method: "POST",
        path: "/servers",
        body: { server },
      });
      const id = created.server.id;
      let publicIp: string | undefined;
      try {
        const externalId = await session.externalNetworkId(ctx);
        if (externalId !== undefined) {
          // The port appears once Nova has plugged the server into its network.
          const ports = await session.waitFor(
            ctx,
            `a port of server ${id}`,
            portWaitMs,
            () => portsOf(session, ctx, id),
            (p) => p.length > 0,
          );
          const port = ports[0] as NeutronPort;
          publicIp = (await attachFloatingIp(session, ctx, externalId, port.id, id)).floating_ip_address;
        }
      } catch (error) {
        await rollback([
          () =>
            session.request(ctx, "nova:DeleteServer", { service: "compute", method: "DELETE", path: `/servers/${id}` }),
        ]);
        throw error;
      }
      return {
        iid: { nameId: request.name, systemId: id },
        status: "Creating",
        region: { region: session.region, ...(request.zone ? { zone: request.zone } : {}) },
        imageType: request.imageType,
        imageIID: request.imageIID,
        specName: request.specName,
        vpcIID: request.vpcIID,
        subnetIID: request.subnetIID,
        securityGroupIIDs: request.securityGroupIIDs,
        ...(request.keyPairIID ? { keyPairIID: request.keyPairIID } : {}),
        dataDiskIIDs: request.dataDiskIIDs,
        vmUserId: windows ? "Administrator" : (request.vmUserId ?? defaultVmUser),
        platform: windows ? "Windows" : "Linux/UNIX",
        ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
        ...(request.tags ? { tags: request.tags } : {}),
      };
    },

    get: (vm, ctx) => get(ctx, vm.systemId),

    async *list(ctx) {
      const ports = new Map<string, NeutronPort>();
      for await (const port of session.list<NeutronPort, NeutronPort>(
        ctx,
        "neutron:ListPorts",
        { service: "network", path: "/ports" },
        "ports",
        (p) => p,
      )) {
        if (port.device_owner.startsWith("compute:") && !ports.has(port.device_id)) ports.set(port.device_id, port);
      }
      const images = imageFacts(session, ctx);
      for await (const server of session.list<NovaServer, NovaServer>(
        ctx,
        "nova:ListServersDetailed",
        { service: "compute", path: "/servers/detail" },
        "servers",
        (s) => s,
      )) {
        const image =
          server.image && typeof server.image === "object"
            ? await images(server.image.id)
            : { imageType: "PublicImage" as const, imageIID: { nameId: "", systemId: "" }, platform: "NA" as const };
        yield toVmInfo(session, server, ports.get(server.id), image);
      }
    },

    getStatus: async (vm, ctx) => {
      const server = await show(ctx, vm.systemId);
      return vmStatusOf(server.status, server["OS-EXT-STS:task_state"]);
    },

    listStatus: (ctx) =>
      session.list<NovaServer, VmStatusInfo>(
        ctx,
        "nova:ListServersDetailed",
        { service: "compute", path: "/servers/detail" },
        "servers",
        (s) => ({
          iid: { nameId: s.name, systemId: s.id },
          status: vmStatusOf(s.status, s["OS-EXT-STS:task_state"]),
        }),
      ),

    async suspend(vm, ctx) {
      await action(ctx, "nova:StopServer", vm.systemId, { "os-stop": null });
      return "Suspending";
    },

    async resume(vm, ctx) {
      await action(ctx, "nova:StartServer", vm.systemId, { "os-start": null });
      return "Resuming";
    },

    async reboot(vm, ctx) {
      await action(ctx, "nova:RebootServer", vm.systemId, { reboot: { type: "SOFT" } });
      return "Rebooting";
    },

    // The floating IPs the driver gave the server go first; Nova then deletes the server and its port.
    async terminate(vm, ctx) {
      for (const port of await portsOf(session, ctx, vm.systemId)) await releaseFloatingIps(session, ctx, port.id);
      await session.request(ctx, "nova:DeleteServer", {
        service: "compute",
        method: "DELETE",
        path: `/servers/${vm.systemId}`,
      });
      return "Terminating";
    },
  };
}
