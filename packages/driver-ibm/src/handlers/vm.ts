import { diskTypeOrDefault, ignoreNotFound, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, IID, VmHandler, VmInfo, VmStatus } from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";
import { awaitAbsent, whenReady } from "../lifecycle.js";
import { loginOf } from "../login.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import { vmStatusOf } from "../vm-status.js";
import { isWindows } from "./image.js";
import type { IbmFloatingIp, IbmImage, IbmInstance, IbmKey, IbmNic, IbmSecurityGroup } from "./native-types.js";
import { floatingIpName, floatingIpPrefix, toVmInfo } from "./vm-map.js";

/** Instance states IBM deletes an instance in (not while it is still pending or starting). */
const settled = ["running", "stopped", "failed"] as const;

/** The boot volume profile when the request names none. */
export const defaultBootProfile = "general-purpose";

/**
 * Virtual server instances. A start is one `create_instance` (profile, zone, image, keys, primary
 * network interface with the security groups, boot volume, user data) and, for a public address,
 * one `create_floating_ip` bound to its primary interface; a read is the instance and its primary
 * interface (security groups, floating IPs); terminate releases the driver's floating IP, then
 * deletes the instance, which stays `deleting` until it is gone.
 */
export function createVmHandler(session: IbmSession): VmHandler {
  const windowsImage = (ctx: CallContext, id: string) =>
    session.imageWindows.get(id, async () => isWindows(await session.call<IbmImage>(ctx, "get_image", { id })));

  const publicKey = (ctx: CallContext, id: string) =>
    session.publicKeys.get(id, async () => {
      const key = await session.call<IbmKey>(ctx, "get_key", { id });
      if (!key.public_key) throw badAnswer(`get_key: no public_key of ${id}`);
      return key.public_key;
    });

  const zoneOfSubnet = (ctx: CallContext, id: string) =>
    session.subnetZones.get(id, async () => {
      const subnet = await session.call<{ zone?: { name?: string } }>(ctx, "get_subnet", { id });
      if (!subnet.zone?.name) throw badAnswer(`get_subnet: no zone of ${id}`);
      return subnet.zone.name;
    });

  const keysOf = (ctx: CallContext, id: string) =>
    session.instanceKeys.get(id, async () => {
      const init = await session.call<{ keys?: { id?: string; name?: string }[] }>(ctx, "get_instance_initialization", {
        id,
      });
      return (init.keys ?? []).flatMap((k) => (k.id ? [{ id: k.id, name: k.name ?? "" }] : []));
    });

  const read = (ctx: CallContext, vm: IID) => session.call<IbmInstance>(ctx, "get_instance", { id: vm.systemId });

  const nicOf = async (ctx: CallContext, instance: IbmInstance): Promise<IbmNic | undefined> => {
    const nicId = instance.primary_network_interface?.id;
    if (!instance.id || !nicId) return undefined;
    return session.call<IbmNic>(ctx, "get_instance_network_interface", { instance_id: instance.id, id: nicId });
  };

  const login = async (request: DriverVmRequest, ctx: CallContext) => {
    const windows = await windowsImage(ctx, request.imageIID.systemId);
    const user = request.vmUserId ?? session.settings.vmUser;
    const needsKey = !windows && (user !== "root" || request.vmUserPassword !== undefined) && request.keyPairIID;
    const key = needsKey && request.keyPairIID ? await publicKey(ctx, request.keyPairIID.systemId) : undefined;
    return loginOf(windows, request, session.settings.vmUser, key);
  };

  /** Deletes an instance; one IBM refuses while it is still being made is deleted once it has settled. */
  const deleteInstance = (ctx: CallContext, id: string) =>
    whenReady(
      ctx,
      `instance ${id}`,
      settled,
      async () => (await read(ctx, { nameId: "", systemId: id })).status,
      () => session.call(ctx, "delete_instance", { id }),
    );

  const action = async (ctx: CallContext, vm: IID, type: "start" | "stop" | "reboot", status: VmStatus) => {
    await session.call(ctx, "create_instance_action", { instance_id: vm.systemId }, { type });
    return status;
  };

  return {
    async start(request, ctx) {
      const zone = await zoneOfSubnet(ctx, request.subnetIID.systemId);
      const access = await login(request, ctx);
      const bootProfile = diskTypeOrDefault(request.rootDiskType);
      const boot =
        bootProfile !== undefined || request.rootDiskSizeGB !== undefined
          ? {
              boot_volume_attachment: {
                delete_volume_on_instance_delete: true,
                volume: {
                  profile: { name: bootProfile ?? defaultBootProfile },
                  ...(request.rootDiskSizeGB ? { capacity: request.rootDiskSizeGB } : {}),
                },
              },
            }
          : {};
      return ctx.compensate(async (undo) => {
        // A subnet made a moment ago may still be pending: wait for it instead of failing.
        const subnetState = async () =>
          (await session.call<{ status?: string }>(ctx, "get_subnet", { id: request.subnetIID.systemId })).status;
        const instance = await whenReady(ctx, `subnet ${request.subnetIID.systemId}`, ["available"], subnetState, () =>
          session.call<IbmInstance>(
            ctx,
            "create_instance",
            {},
            {
              name: request.name,
              profile: { name: request.specName },
              zone: { name: zone },
              image: { id: request.imageIID.systemId },
              keys: request.keyPairIID ? [{ id: request.keyPairIID.systemId }] : [],
              vpc: { id: request.vpcIID.systemId },
              primary_network_interface: {
                name: "eth0",
                subnet: { id: request.subnetIID.systemId },
                security_groups: request.securityGroupIIDs.map((g) => ({ id: g.systemId })),
              },
              ...boot,
              ...(request.dataDiskIIDs.length > 0
                ? {
                    volume_attachments: request.dataDiskIIDs.map((d) => ({
                      delete_volume_on_instance_delete: false,
                      volume: { id: d.systemId },
                    })),
                  }
                : {}),
              ...(access.userData ? { user_data: access.userData } : {}),
              ...session.resourceGroup(),
            },
          ),
        );
        const id = instance.id;
        if (!id) throw badAnswer("create_instance: no id in the answer");
        ctx.created(id);
        if (instance.crn) session.crns.set(id, instance.crn);
        session.instanceKeys.set(
          id,
          request.keyPairIID ? [{ id: request.keyPairIID.systemId, name: request.keyPairIID.nameId }] : [],
        );
        if (access.user !== "root" && access.platform !== "Windows") session.instanceUsers.set(id, access.user);
        undo(`delete instance ${id}`, async (u) => {
          await deleteInstance(u, id);
          await awaitAbsent(u, `instance ${id}`, "vmTerminated", async () =>
            (await session.all<IbmInstance>(u, "list_instances", "instances")).some((i) => i.id === id),
          );
        });
        await tagCreated(session, ctx, instance, request.tags);
        let publicIp: string | undefined;
        const nicId = instance.primary_network_interface?.id;
        if (session.settings.floatingIps && nicId) {
          // An instance made a moment ago may be unseen, or refuse a floating IP until it runs.
          const instanceState = async () => (await read(ctx, { nameId: request.name, systemId: id })).status;
          const fip = await ctx.whenVisible([id], () =>
            whenReady(ctx, `instance ${id}`, ["running"], instanceState, () =>
              session.call<IbmFloatingIp>(
                ctx,
                "create_floating_ip",
                {},
                { name: floatingIpName(id), target: { id: nicId }, ...session.resourceGroup() },
              ),
            ),
          );
          publicIp = fip.address;
        }
        const privateIp =
          instance.primary_network_interface?.primary_ip?.address ??
          instance.primary_network_interface?.primary_ipv4_address;
        const info: VmInfo = {
          ...startedVmInfo(
            { ...request, zone },
            { systemId: id, region: session.region, vmUserId: access.user, platform: access.platform, publicIp },
          ),
          status: vmStatusOf(instance.status),
          ...(privateIp ? { privateIp } : {}),
          ...(bootProfile ? { rootDiskType: bootProfile } : {}),
        };
        return info;
      });
    },
    async get(vm, ctx, options) {
      const instance = await read(ctx, vm);
      const nic = await nicOf(ctx, instance);
      const keys = instance.id ? await keysOf(ctx, instance.id) : [];
      const info = toVmInfo(session, instance, { nic, keys });
      if (!options?.details) return info;
      const boot = instance.boot_volume_attachment?.volume?.id;
      if (!boot) return info;
      const volume = await session.call<{ capacity?: number; profile?: { name?: string } }>(ctx, "get_volume", {
        id: boot,
      });
      return {
        ...info,
        ...(volume.profile?.name ? { rootDiskType: volume.profile.name } : {}),
        ...(volume.capacity ? { rootDiskSizeGB: volume.capacity } : {}),
      };
    },
    list: (ctx, options) =>
      (async function* () {
        // Floating IPs and security groups name the interfaces they are bound to: two lists
        // instead of one interface read per instance.
        const fips = await session.all<IbmFloatingIp>(ctx, "list_floating_ips", "floating_ips");
        const groups = await session.all<IbmSecurityGroup>(ctx, "list_security_groups", "security_groups");
        for await (const instance of session.list<IbmInstance>(ctx, "list_instances", "instances")) {
          const nicId = instance.primary_network_interface?.id;
          if (!instance.id) continue;
          const nic: IbmNic = {
            security_groups: groups.filter((g) => (g.targets ?? []).some((t) => t.id === nicId)),
          };
          const floatingIps = fips.filter((f) => f.target?.id !== undefined && f.target.id === nicId);
          const keys = options?.details ? await keysOf(ctx, instance.id) : session.instanceKeys.peek(instance.id);
          yield toVmInfo(session, instance, { nic, floatingIps, keys });
        }
      })(),
    getStatus: async (vm, ctx) => vmStatusOf((await read(ctx, vm)).status),
    listStatus: (ctx) =>
      session.list<IbmInstance, { iid: IID; status: VmStatus }>(ctx, "list_instances", "instances", {}, (i) =>
        i.id ? { iid: { nameId: i.name ?? "", systemId: i.id }, status: vmStatusOf(i.status) } : undefined,
      ),
    suspend: (vm, ctx) => action(ctx, vm, "stop", "Suspending"),
    resume: (vm, ctx) => action(ctx, vm, "start", "Resuming"),
    reboot: (vm, ctx) => action(ctx, vm, "reboot", "Rebooting"),
    async terminate(vm, ctx) {
      // The floating IP the driver made goes first (IBM keeps it, unbound and billed, otherwise).
      const instance = await read(ctx, vm);
      const nic = await nicOf(ctx, instance);
      for (const fip of nic?.floating_ips ?? []) {
        if (fip.id && (fip.name ?? "").startsWith(floatingIpPrefix)) {
          await session.call(ctx, "delete_floating_ip", { id: fip.id }).catch(ignoreNotFound);
        }
      }
      await deleteInstance(ctx, vm.systemId);
      return "Terminating";
    },
  };
}
