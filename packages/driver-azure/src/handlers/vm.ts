import type { VirtualMachine } from "@azure/arm-compute";
import type { NetworkInterface, PublicIPAddress } from "@azure/arm-network";
import { Memo, ignoreNotFound, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, IID, VmHandler, VmInfo, VmStatusInfo } from "@cloud-barista/core/driver";
import { alreadyExists, invalid } from "../errors.js";
import type { AzureApi } from "../apis.js";
import type { AzureSession, StartedOperation } from "../session.js";
import { nativeStateOf, vmStatusOf } from "../vm-status.js";
import { parseUrn } from "./image.js";
import { exists, ignoreMissingGroup } from "./missing.js";

/** The VM tag where the driver keeps the key pair a VM was made with (Azure keeps only the key). */
export const keyPairTagKey = "cloud-barista-keypair";

/** The resource name in an ARM id (its last segment), or the IID's name. */
const nameOf = (iid: IID) => iid.systemId.split("/").pop() || iid.nameId;
const iidOf = (id: string): IID => ({ nameId: id.split("/").pop() ?? id, systemId: id });

/** What a VM's network interface tells about it: where it is and its addresses. */
interface NicFacts {
  subnetId: string;
  nsgId: string | undefined;
  privateIp: string | undefined;
  publicIpId: string | undefined;
}

function factsOf(nic: NetworkInterface): NicFacts {
  const config = nic.ipConfigurations?.find((c) => c.primary) ?? nic.ipConfigurations?.[0];
  return {
    subnetId: config?.subnet?.id ?? "",
    nsgId: nic.networkSecurityGroup?.id,
    privateIp: config?.privateIPAddress,
    publicIpId: config?.publicIPAddress?.id,
  };
}

/** The names of what the driver makes for a VM `name`: its interface, public address and OS disk. */
export const vmPartNames = (name: string) => ({ nic: `${name}-nic`, ip: `${name}-ip`, disk: `${name}-osdisk` });

export interface VmHandlerOptions {
  /** The login user when the request names none. */
  vmUser: string;
  /** Give each VM a Standard public IP (default true). */
  publicIp: boolean;
}

/**
 * VMs: a network interface in the requested subnet with the VM's security group, a Standard
 * static public IP on it (unless turned off), and a managed OS disk made from the image, all with
 * `deleteOption: Delete` so that deleting the VM deletes them. `start` runs Compute's PUT to its
 * end (the operation ends Failed with AllocationFailed when Azure has no capacity: CapacityUnavailable,
 * and everything made is undone). Suspend is deallocate (no compute billed), not powerOff.
 */
export function createVmHandler(session: AzureSession, options: VmHandlerOptions): VmHandler {
  const vms = () => session.clients.compute.virtualMachines;
  const nics = () => session.clients.network.networkInterfaces;
  const ips = () => session.clients.network.publicIPAddresses;
  const { group } = session;
  // A driver-made interface keeps its subnet, group and address; a static public IP its address.
  const nicFacts = new Memo<NicFacts>({ maxEntries: 5000 });
  const addresses = new Memo<string | undefined>({ maxEntries: 5000 });
  const publicKeys = new Memo<string>({ maxEntries: 1000 });

  const getVm = (ctx: CallContext, name: string) =>
    session.call(ctx, "VirtualMachines_Get", (o) => vms().get(group, name, { ...o, expand: "instanceView" }));

  const readNic = (ctx: CallContext, id: string) =>
    nicFacts.get(id, async () =>
      factsOf(await session.call(ctx, "NetworkInterfaces_Get", (o) => nics().get(group, nameOf(iidOf(id)), o))),
    );
  const readAddress = (ctx: CallContext, id: string) =>
    addresses.get(id, async () => {
      const ip: PublicIPAddress = await session.call(ctx, "PublicIPAddresses_Get", (o) =>
        ips().get(group, nameOf(iidOf(id)), o),
      );
      return ip.ipAddress;
    });

  /** Runs a long operation to its end: the initial request, then its status polled. */
  const run = async (
    ctx: CallContext,
    api: AzureApi,
    begin: Parameters<AzureSession["start"]>[2],
    description: string,
    deadline: "vmControl" | "vmRunning" = "vmControl",
  ): Promise<StartedOperation> => {
    const operation = await session.start(ctx, api, begin);
    await session.finish(ctx, operation, description, deadline);
    return operation;
  };

  const toInfo = async (ctx: CallContext, vm: VirtualMachine, statuses: VirtualMachine["instanceView"]) => {
    const nicRef =
      vm.networkProfile?.networkInterfaces?.find((n) => n.primary) ?? vm.networkProfile?.networkInterfaces?.[0];
    const facts = nicRef?.id ? await readNic(ctx, nicRef.id).catch(ignoreNotFound) : undefined;
    const publicIp = facts?.publicIpId ? await readAddress(ctx, facts.publicIpId).catch(ignoreNotFound) : undefined;
    const image = vm.storageProfile?.imageReference;
    const mine = image?.id !== undefined && image.id !== "";
    const urn = image ? `${image.publisher}:${image.offer}:${image.sku}:${image.version}` : "";
    const osDisk = vm.storageProfile?.osDisk;
    const subnetId = facts?.subnetId ?? "";
    const vnetId = subnetId.split("/subnets/")[0] ?? "";
    const { [keyPairTagKey]: keyPairId, ...tags } = vm.tags ?? {};
    const info: VmInfo = {
      iid: { nameId: vm.name ?? "", systemId: vm.id ?? "" },
      status: vmStatusOf(statuses),
      ...(vm.timeCreated ? { startTime: new Date(vm.timeCreated) } : {}),
      region: { region: vm.location, ...(vm.zones?.[0] ? { zone: vm.zones[0] } : {}) },
      imageType: mine ? "MyImage" : "PublicImage",
      imageIID: mine && image.id ? iidOf(image.id) : { nameId: urn, systemId: urn },
      specName: vm.hardwareProfile?.vmSize ?? "",
      vpcIID: iidOf(vnetId),
      subnetIID: iidOf(subnetId),
      securityGroupIIDs: facts?.nsgId ? [iidOf(facts.nsgId)] : [],
      ...(keyPairId ? { keyPairIID: iidOf(keyPairId) } : {}),
      ...(osDisk?.managedDisk?.storageAccountType ? { rootDiskType: osDisk.managedDisk.storageAccountType } : {}),
      ...(osDisk?.diskSizeGB ? { rootDiskSizeGB: osDisk.diskSizeGB } : {}),
      rootDeviceName: "/dev/sda",
      dataDiskIIDs: (vm.storageProfile?.dataDisks ?? []).flatMap((d) =>
        d.managedDisk?.id ? [iidOf(d.managedDisk.id)] : [],
      ),
      ...(vm.osProfile?.adminUsername ? { vmUserId: vm.osProfile.adminUsername } : {}),
      platform: osDisk?.osType === "Windows" ? "Windows" : "Linux/UNIX",
      ...(facts?.privateIp ? { privateIp: facts.privateIp } : {}),
      ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
      ...(Object.keys(tags).length > 0 ? { tags } : {}),
      extra: { nativeState: nativeStateOf(statuses) },
    };
    return info;
  };

  /** Statuses of the subscription's VMs by id, from one listing (`statusOnly`). */
  async function* statuses(ctx: CallContext) {
    yield* ignoreMissingGroup(
      session.pages(
        ctx,
        "VirtualMachines_ListAll",
        (o) => vms().listAll({ ...o, statusOnly: "true" }),
        (vm: VirtualMachine) => vm,
      ),
    );
  }

  const inGroup = (vm: VirtualMachine) =>
    (vm.id ?? "").toLowerCase().includes(`/resourcegroups/${group.toLowerCase()}/`);

  const body = async (request: DriverVmRequest, ctx: CallContext) => {
    if (request.dataDiskIIDs.length > 0)
      throw invalid("dataDiskNames", "azure-data-disk", "data disks are not supported yet");
    if (request.securityGroupIIDs.length > 1) {
      throw invalid(
        "securityGroupNames",
        "azure-one-nsg",
        "an Azure network interface takes one network security group; give one",
      );
    }
    // A my-image is a managed image, named by its ARM id; a public image by its URN.
    const image =
      request.imageType === "MyImage" ? { id: request.imageIID.systemId } : parseUrn(request.imageIID.systemId);
    const user = request.vmUserId ?? options.vmUser;
    const keyId = request.keyPairIID?.systemId;
    const publicKey =
      keyId === undefined
        ? undefined
        : await publicKeys.get(keyId, async () => {
            const key = await session.call(ctx, "SshPublicKeys_Get", (o) =>
              session.clients.compute.sshPublicKeys.get(group, nameOf(request.keyPairIID as IID), o),
            );
            if (!key.publicKey)
              throw invalid("keyPairName", "azure-key-without-public-key", `key ${keyId} has no public key`);
            return key.publicKey;
          });
    if (publicKey === undefined && request.vmUserPassword === undefined) {
      throw invalid("keyPairName", "azure-login", "an Azure Linux VM needs a key pair or a password");
    }
    return { image, user, publicKey };
  };

  return {
    async start(request, ctx) {
      const { image, user, publicKey } = await body(request, ctx);
      await session.ensureGroup(ctx);
      // A PUT on an existing name would update that VM; ARM has no create-only verb.
      if (await exists(getVm(ctx, request.name))) throw alreadyExists("VM", request.name);
      const names = vmPartNames(request.name);
      const { region } = session.settings;
      const zone = request.zone ?? session.settings.zone;
      const idOf = (type: string, name: string) => session.idOf(type, name);
      return ctx.compensate(async (undo) => {
        let ipId: string | undefined;
        if (options.publicIp) {
          undo(`delete public IP ${names.ip}`, (u) =>
            run(
              u,
              "PublicIPAddresses_Delete",
              (o) => ips().delete(group, names.ip, o),
              `public IP ${names.ip} to be deleted`,
            ),
          );
          await run(
            ctx,
            "PublicIPAddresses_CreateOrUpdate",
            (o) =>
              ips().createOrUpdate(
                group,
                names.ip,
                {
                  location: region,
                  sku: { name: "Standard", tier: "Regional" },
                  publicIPAllocationMethod: "Static",
                  publicIPAddressVersion: "IPv4",
                  deleteOption: "Delete",
                  ...(zone ? { zones: [zone] } : {}),
                },
                o,
              ),
            `public IP ${names.ip} to be provisioned`,
          );
          ipId = idOf("Microsoft.Network/publicIPAddresses", names.ip);
        }
        undo(`delete network interface ${names.nic}`, (u) =>
          run(
            u,
            "NetworkInterfaces_Delete",
            (o) => nics().delete(group, names.nic, o),
            `interface ${names.nic} to be deleted`,
          ),
        );
        const nsg = request.securityGroupIIDs[0];
        await run(
          ctx,
          "NetworkInterfaces_CreateOrUpdate",
          (o) =>
            nics().createOrUpdate(
              group,
              names.nic,
              {
                location: region,
                ipConfigurations: [
                  {
                    name: "ipconfig1",
                    subnet: { id: request.subnetIID.systemId },
                    privateIPAllocationMethod: "Dynamic",
                    primary: true,
                    ...(ipId ? { publicIPAddress: { id: ipId } } : {}),
                  },
                ],
                ...(nsg ? { networkSecurityGroup: { id: nsg.systemId } } : {}),
              },
              o,
            ),
          `interface ${names.nic} to be provisioned`,
        );
        const nicId = idOf("Microsoft.Network/networkInterfaces", names.nic);
        const tags = {
          ...request.tags,
          ...(request.keyPairIID ? { [keyPairTagKey]: request.keyPairIID.systemId } : {}),
        };
        const vm: VirtualMachine = {
          location: region,
          ...(Object.keys(tags).length > 0 ? { tags } : {}),
          ...(zone ? { zones: [zone] } : {}),
          hardwareProfile: { vmSize: request.specName },
          storageProfile: {
            imageReference: image,
            osDisk: {
              name: names.disk,
              createOption: "FromImage",
              caching: "ReadWrite",
              deleteOption: "Delete",
              ...(request.rootDiskSizeGB ? { diskSizeGB: request.rootDiskSizeGB } : {}),
              ...(request.rootDiskType ? { managedDisk: { storageAccountType: request.rootDiskType } } : {}),
            },
          },
          osProfile: {
            computerName: request.name.slice(0, 64),
            adminUsername: user,
            ...(request.vmUserPassword ? { adminPassword: request.vmUserPassword } : {}),
            linuxConfiguration: {
              disablePasswordAuthentication: publicKey !== undefined && request.vmUserPassword === undefined,
              ...(publicKey
                ? { ssh: { publicKeys: [{ path: `/home/${user}/.ssh/authorized_keys`, keyData: publicKey }] } }
                : {}),
            },
          },
          networkProfile: { networkInterfaces: [{ id: nicId, primary: true, deleteOption: "Delete" }] },
        };
        // Undo runs in reverse: the VM goes before its interface and address.
        undo(`delete VM ${request.name}`, (u) =>
          run(
            u,
            "VirtualMachines_Delete",
            (o) => vms().delete(group, request.name, o),
            `VM ${request.name} to be deleted`,
            "vmControl",
          ),
        );
        await run(
          ctx,
          "VirtualMachines_CreateOrUpdate",
          (o) => vms().createOrUpdate(group, request.name, vm, o),
          `VM ${request.name} to be provisioned`,
          "vmRunning",
        );
        const systemId = idOf("Microsoft.Compute/virtualMachines", request.name);
        ctx.created(systemId);
        return {
          ...startedVmInfo(request, { systemId, region, vmUserId: user, platform: "Linux/UNIX" }),
          status: "Running" as const,
        };
      });
    },

    async get(vm, ctx, read = {}) {
      const found = await getVm(ctx, nameOf(vm));
      if (read.details) {
        for (const n of found.networkProfile?.networkInterfaces ?? []) if (n.id) nicFacts.forget(n.id);
      }
      return toInfo(ctx, found, found.instanceView);
    },

    async *list(ctx) {
      const byId = new Map<string, VirtualMachine["instanceView"]>();
      for await (const vm of statuses(ctx)) if (vm.id) byId.set(vm.id.toLowerCase(), vm.instanceView);
      const all = ignoreMissingGroup(
        session.pages(
          ctx,
          "VirtualMachines_List",
          (o) => vms().list(group, o),
          (v: VirtualMachine) => v,
        ),
      );
      for await (const vm of all) yield await toInfo(ctx, vm, byId.get((vm.id ?? "").toLowerCase()));
    },

    async getStatus(vm, ctx) {
      const view = await session.call(ctx, "VirtualMachines_InstanceView", (o) =>
        vms().instanceView(group, nameOf(vm), o),
      );
      return vmStatusOf(view);
    },

    async *listStatus(ctx): AsyncGenerator<VmStatusInfo> {
      for await (const vm of statuses(ctx)) {
        if (inGroup(vm))
          yield { iid: { nameId: vm.name ?? "", systemId: vm.id ?? "" }, status: vmStatusOf(vm.instanceView) };
      }
    },

    async suspend(vm, ctx) {
      await session.start(ctx, "VirtualMachines_Deallocate", (o) => vms().deallocate(group, nameOf(vm), o));
      return "Suspending";
    },

    async resume(vm, ctx) {
      await session.start(ctx, "VirtualMachines_Start", (o) => vms().start(group, nameOf(vm), o));
      return "Resuming";
    },

    async reboot(vm, ctx) {
      await session.start(ctx, "VirtualMachines_Restart", (o) => vms().restart(group, nameOf(vm), o));
      return "Rebooting";
    },

    // Its interface, public IP and OS disk go with it (deleteOption: Delete).
    async terminate(vm, ctx) {
      await session.start(ctx, "VirtualMachines_Delete", (o) => vms().delete(group, nameOf(vm), o));
      return "Terminating";
    },
  };
}
