import type { AccountRegion } from "../../../world/account-region.js";
import type { Vm, VmState } from "../../../world/types.js";
import { ownInterfaceIdOf } from "../../../world/resources/network-interfaces.js";
import { derivedId } from "../ids.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Context } from "./context.js";
import { tagSet } from "./tags.js";
import { zoneIdOf } from "./zones.js";

/**
 * EC2's instance states and codes. The world's "starting" shows as pending and "rebooting" as
 * running, as on EC2; a failed build ("error") as terminated, where EC2 leaves an instance that
 * could not launch.
 */
const states: Readonly<Record<VmState, { code: number; name: string }>> = {
  pending: { code: 0, name: "pending" },
  starting: { code: 0, name: "pending" },
  running: { code: 16, name: "running" },
  rebooting: { code: 16, name: "running" },
  "shutting-down": { code: 32, name: "shutting-down" },
  terminated: { code: 48, name: "terminated" },
  error: { code: 48, name: "terminated" },
  stopping: { code: 64, name: "stopping" },
  stopped: { code: 80, name: "stopped" },
};

export function instanceState(state: VmState): { code: number; name: string } {
  return states[state];
}

/** The root EBS volume of an instance: the world keeps it inside the VM, EC2 shows it as a volume. */
export function rootVolumeIdOf(instanceId: string): string {
  return derivedId("vol", `root/${instanceId}`);
}

/** A data volume at one of an instance's devices. */
export interface AttachedDevice {
  volumeId: string;
  device: string;
  since: number;
  deleteOnTermination: boolean;
}

/** Devices of data disks attached to each VM, looked up once per request. */
export function attachedDevices(cloud: AccountRegion): Map<string, AttachedDevice[]> {
  const byVm = new Map<string, AttachedDevice[]>();
  for (const disk of cloud.disks.list().items) {
    if (!disk.attachment) continue;
    const list = byVm.get(disk.attachment.vm.id) ?? [];
    list.push({
      volumeId: disk.id,
      device: disk.attachment.device,
      since: disk.createdAt,
      deleteOnTermination: disk.attachment.deleteOnTermination === true,
    });
    byVm.set(disk.attachment.vm.id, list);
  }
  return byVm;
}

function gmt(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " GMT");
}

/** One instance as DescribeInstances and RunInstances render it. */
export function renderInstance(ctx: Ec2Context, vm: Vm, devices: readonly AttachedDevice[]): XmlFields {
  const state = instanceState(vm.state);
  const stopped = vm.state === "stopped" || vm.state === "stopping";
  const gone = vm.state === "terminated" || vm.state === "shutting-down";
  const windows = vm.platform === "windows";
  const attached = (volumeId: string, since: number, deleteOnTermination: boolean) => ({
    volumeId,
    status: "attached",
    attachTime: new Date(since),
    deleteOnTermination,
  });
  return {
    instanceId: vm.id,
    imageId: vm.image.id,
    instanceState: state,
    privateDnsName: vm.privateDns ?? "",
    dnsName: vm.publicDns ?? "",
    reason: stopped || gone ? `User initiated (${gmt(vm.stateSince)})` : "",
    keyName: vm.keyPair?.name,
    amiLaunchIndex: 0,
    productCodes: [],
    instanceType: vm.specName,
    launchTime: new Date(vm.launchedAt),
    placement: { availabilityZone: vm.zone, availabilityZoneId: zoneIdOf(vm.zone), groupName: "", tenancy: "default" },
    platform: windows ? "windows" : undefined,
    monitoring: { state: "disabled" },
    // A terminated instance has left its network.
    subnetId: vm.state === "terminated" ? undefined : vm.subnet.id,
    vpcId: vm.state === "terminated" ? undefined : vm.vpc.id,
    privateIpAddress: vm.state === "terminated" ? undefined : vm.privateIp,
    ipAddress: vm.publicIp,
    sourceDestCheck: true,
    groupSet: vm.securityGroups.map((g) => ({ groupId: g.id, groupName: g.name })),
    networkInterfaceSet:
      vm.state === "terminated"
        ? []
        : [
            {
              networkInterfaceId: ownInterfaceIdOf("AWS", vm.id),
              subnetId: vm.subnet.id,
              vpcId: vm.vpc.id,
              description: "",
              ownerId: ctx.account,
              status: "in-use",
              privateIpAddress: vm.privateIp,
              privateDnsName: vm.privateDns,
              sourceDestCheck: true,
              groupSet: vm.securityGroups.map((g) => ({ groupId: g.id, groupName: g.name })),
              attachment: {
                attachmentId: derivedId("eni-attach", vm.id),
                deviceIndex: 0,
                networkCardIndex: 0,
                status: "attached",
                attachTime: new Date(vm.launchedAt),
                deleteOnTermination: true,
              },
              association: vm.publicIp
                ? { publicIp: vm.publicIp, publicDnsName: vm.publicDns ?? "", ipOwnerId: "amazon" }
                : undefined,
              interfaceType: "interface",
            },
          ],
    stateReason:
      stopped || gone
        ? { code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown" }
        : undefined,
    architecture: vm.architecture,
    rootDeviceType: "ebs",
    rootDeviceName: vm.rootDisk.deviceName,
    blockDeviceMapping:
      vm.state === "terminated"
        ? []
        : [
            { deviceName: vm.rootDisk.deviceName, ebs: attached(rootVolumeIdOf(vm.id), vm.createdAt, true) },
            ...devices.map((d) => ({
              deviceName: d.device,
              ebs: attached(d.volumeId, d.since, d.deleteOnTermination),
            })),
          ],
    virtualizationType: "hvm",
    tagSet: tagSet(vm.tags),
    hypervisor: "xen",
    ebsOptimized: false,
    enaSupport: true,
    cpuOptions: { coreCount: Math.max(1, Math.floor(vm.vcpus / 2)), threadsPerCore: vm.vcpus > 1 ? 2 : 1 },
    platformDetails: windows ? "Windows" : "Linux/UNIX",
    usageOperation: windows ? "RunInstances:0002" : "RunInstances",
    privateDnsNameOptions: {
      hostnameType: "ip-name",
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    },
    currentInstanceBootMode: vm.architecture === "arm64" ? "uefi" : "legacy-bios",
  };
}

/** The instances of one RunInstances call: one reservation, launch indexes in order. */
export function renderLaunch(
  ctx: Ec2Context,
  launched: readonly { vm: Vm; devices: readonly AttachedDevice[] }[],
): XmlFields {
  const first = launched[0]?.vm.id ?? "";
  return {
    reservationId: derivedId("r", first),
    ownerId: ctx.account,
    groupSet: [],
    instancesSet: launched.map(({ vm, devices }, i) => ({ ...renderInstance(ctx, vm, devices), amiLaunchIndex: i })),
  };
}

/** Each instance in its own reservation, as EC2 reports instances launched one per request. */
export function renderReservation(ctx: Ec2Context, vm: Vm, devices: readonly AttachedDevice[]): XmlFields {
  return {
    reservationId: derivedId("r", vm.id),
    ownerId: ctx.account,
    groupSet: [],
    instancesSet: [renderInstance(ctx, vm, devices)],
  };
}
