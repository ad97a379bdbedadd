import type { AccountRegion } from "../../../world/account-region.js";
import type { Vm, VmState, VmStateChange } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { describe } from "./describe.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { rootDeviceName } from "./images.js";
import { attachedDevices, instanceState, renderReservation } from "./instance-render.js";
import { afterReboot } from "./reboot.js";
import { tagsFromSpecifications, worldNameOf } from "./tags.js";

interface Placement {
  subnetId: string;
  securityGroupIds: string[];
  /** Non-default subnets hand out no public address unless the interface asks for one. */
  assignPublicIp: boolean;
}

/** Where the instance goes: the instance-level subnet and groups, or the primary network interface. */
function readPlacement(params: QueryParams): Placement {
  const interfaces = params.list("NetworkInterface");
  const subnetId = params.string("SubnetId");
  const groups = params.strings("SecurityGroupId");
  if (interfaces.length === 0) {
    if (subnetId === undefined) throw new AwsFault("VPCIdNotSpecified", "No default VPC for this user");
    return { subnetId, securityGroupIds: groups, assignPublicIp: false };
  }
  if (subnetId !== undefined || groups.length > 0) {
    throw new AwsFault(
      "InvalidParameterCombination",
      "Network interfaces and an instance-level subnet ID or security groups may not be specified on the same request",
    );
  }
  const [primary, ...others] = interfaces;
  if (!primary || others.length > 0 || (primary.int("DeviceIndex") ?? 0) !== 0) {
    throw new AwsFault(
      "InvalidParameterValue",
      "The emulator launches instances with one network interface (device index 0)",
    );
  }
  return {
    subnetId: primary.required("SubnetId"),
    securityGroupIds: primary.strings("SecurityGroupId"),
    assignPublicIp: primary.bool("AssociatePublicIpAddress") ?? false,
  };
}

/** The root volume settings of `BlockDeviceMapping.N`; other devices would be new empty volumes. */
function readRootDisk(params: QueryParams): { type?: string; sizeGB?: number } | undefined {
  let root: { type?: string; sizeGB?: number } | undefined;
  for (const mapping of params.list("BlockDeviceMapping")) {
    if (mapping.required("DeviceName") !== rootDeviceName) {
      throw new AwsFault(
        "InvalidBlockDeviceMapping",
        `The emulator maps only the root device (${rootDeviceName}) at launch`,
      );
    }
    const ebs = mapping.struct("Ebs");
    const type = ebs.string("VolumeType");
    const sizeGB = ebs.int("VolumeSize");
    root = { ...(type === undefined ? {} : { type }), ...(sizeGB === undefined ? {} : { sizeGB }) };
  }
  return root;
}

function keyPairIdOf(cloud: AccountRegion, keyName: string | undefined): string | undefined {
  if (keyName === undefined) return undefined;
  const key = cloud.keyPairs.list({ where: (k) => k.name === keyName }).items[0];
  if (!key) throw new AwsFault("InvalidKeyPair.NotFound", `The key pair '${keyName}' does not exist`);
  return key.id;
}

/** RunInstances: launches one instance; a repeated ClientToken returns the instance of the first call. */
export const runInstances: Ec2Action = async (ctx) => {
  const { params } = ctx;
  const imageId = params.required("ImageId");
  const instanceType = params.required("InstanceType");
  const minCount = params.int("MinCount");
  const maxCount = params.int("MaxCount");
  if (minCount === undefined || maxCount === undefined)
    throw new AwsFault("MissingParameter", "The request must contain the parameters MinCount and MaxCount");
  if (minCount !== 1 || maxCount !== 1)
    throw new AwsFault(
      "InvalidParameterValue",
      "The emulator launches one instance per request (MinCount = MaxCount = 1)",
    );
  if (params.string("PrivateIpAddress") !== undefined) {
    throw new AwsFault("InvalidParameterValue", "The emulator assigns private addresses itself");
  }
  const placement = readPlacement(params);
  const rootDisk = readRootDisk(params);
  const tags = tagsFromSpecifications(params, "instance");
  const zone = params.struct("Placement").string("AvailabilityZone");
  const clientToken = params.string("ClientToken");
  const { vm, devices } = await ctx.call((cloud) => {
    const launched = cloud.vms.run({
      name: worldNameOf(tags, "instance"),
      imageId,
      specName: instanceType,
      subnetId: placement.subnetId,
      securityGroupIds: placement.securityGroupIds,
      keyPairId: keyPairIdOf(cloud, params.string("KeyName")),
      zone,
      rootDisk,
      assignPublicIp: placement.assignPublicIp,
      clientToken,
      tags,
    });
    return { vm: launched, devices: attachedDevices(cloud).get(launched.id) ?? [] };
  });
  return renderReservation(ctx, vm, devices);
};

const instanceFields: FilterFields<Vm> = {
  "instance-id": (vm) => vm.id,
  "instance-state-name": (vm) => instanceState(vm.state).name,
  "instance-state-code": (vm) => instanceState(vm.state).code,
  "instance-type": (vm) => vm.specName,
  "image-id": (vm) => vm.image.id,
  "vpc-id": (vm) => vm.vpc.id,
  "subnet-id": (vm) => vm.subnet.id,
  "availability-zone": (vm) => vm.zone,
  "private-ip-address": (vm) => vm.privateIp,
  "ip-address": (vm) => vm.publicIp,
  "private-dns-name": (vm) => vm.privateDns,
  "dns-name": (vm) => vm.publicDns,
  "key-name": (vm) => vm.keyPair?.name,
  architecture: (vm) => vm.architecture,
  platform: (vm) => (vm.platform === "windows" ? "windows" : undefined),
  "root-device-name": (vm) => vm.rootDisk.deviceName,
  "root-device-type": () => "ebs",
  "instance.group-id": (vm) => vm.securityGroups.map((g) => g.id),
  "instance.group-name": (vm) => vm.securityGroups.map((g) => g.name),
  "network-interface.subnet-id": (vm) => vm.subnet.id,
};

/** DescribeInstances: by id (no paging), or filtered and paged; terminated instances linger an hour. */
export const describeInstances: Ec2Action = async (ctx) => {
  if (ctx.params.strings("InstanceId").length > 0 && ctx.params.string("MaxResults") !== undefined) {
    throw new AwsFault(
      "InvalidParameterCombination",
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  const match = filterPredicate(readFilters(ctx.params), instanceFields, (vm) => vm.tags);
  let devices: ReturnType<typeof attachedDevices> | undefined;
  const page = await describe(ctx, {
    idParam: "InstanceId",
    get: (cloud, id) => {
      devices ??= attachedDevices(cloud);
      return cloud.vms.get(id);
    },
    list: (cloud, options) => {
      devices ??= attachedDevices(cloud);
      return cloud.vms.list(options);
    },
    match,
  });
  return {
    reservationSet: page.items.map((vm) => renderReservation(ctx, vm, devices?.get(vm.id) ?? [])),
    nextToken: page.nextToken,
  };
};

function renderChange(change: VmStateChange): XmlFields {
  return {
    instanceId: change.id,
    currentState: instanceState(change.currentState),
    previousState: instanceState(change.previousState),
  };
}

/**
 * A control call over InstanceId.N. EC2 treats a call that finds the instance already where it
 * was sent (stopping a stopped instance, starting a running one) as a no-op, not an error.
 */
function control(
  apply: (cloud: AccountRegion, id: string) => VmStateChange,
  alreadyThere: readonly VmState[],
): (ctx: Ec2Context) => Promise<VmStateChange[]> {
  return (ctx) => {
    const ids = ctx.params.strings("InstanceId");
    if (ids.length === 0) throw new AwsFault("MissingParameter", "The request must contain the parameter InstanceId");
    return ctx.call(
      async (cloud) => {
        const changes: VmStateChange[] = [];
        for (const id of ids) {
          await afterReboot(ctx.world, cloud, id);
          const current = cloud.vms.get(id).state;
          changes.push(
            alreadyThere.includes(current) ? { id, previousState: current, currentState: current } : apply(cloud, id),
          );
        }
        return changes;
      },
      { resources: ids.length },
    );
  };
}

const stop = control((cloud, id) => cloud.vms.stop(id), ["stopping", "stopped"]);
const start = control((cloud, id) => cloud.vms.start(id), ["pending", "starting", "running", "rebooting"]);
const terminate = control((cloud, id) => cloud.vms.terminate(id), []);
const reboot = control((cloud, id) => cloud.vms.reboot(id), []);

/** StopInstances: running -> stopping -> stopped; the public address is released. */
export const stopInstances: Ec2Action = async (ctx) => {
  if (ctx.params.bool("Hibernate") === true)
    throw new AwsFault("UnsupportedHibernationConfiguration", "The emulator does not hibernate instances");
  return { instancesSet: (await stop(ctx)).map(renderChange) };
};

/** StartInstances: stopped -> pending -> running, if the zone has capacity. */
export const startInstances: Ec2Action = async (ctx) => ({ instancesSet: (await start(ctx)).map(renderChange) });

/** TerminateInstances: shutting-down -> terminated; terminating twice is not an error. */
export const terminateInstances: Ec2Action = async (ctx) => ({
  instancesSet: (await terminate(ctx)).map(renderChange),
});

/** RebootInstances: the instance stays "running" for EC2 while it reboots. */
export const rebootInstances: Ec2Action = async (ctx) => {
  await reboot(ctx);
  return { return: true };
};
