import type { AccountRegion } from "../../../world/account-region.js";
import type { NewLaunchDisk } from "../../../world/resources/vms.js";
import type { Subnet, Vm, VmState, VmStateChange } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { describe } from "./describe.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { checkEbs } from "./ebs.js";
import { rootDeviceName } from "./images.js";
import { attachedDevices, instanceState, renderLaunch, renderReservation } from "./instance-render.js";
import { afterReboot } from "./reboot.js";
import { tagsFromSpecifications, worldNameOf } from "./tags.js";

interface Placement {
  /** Absent: the default subnet (of the requested zone) of the account's default VPC. */
  subnetId?: string | undefined;
  securityGroupIds: string[];
  /** Absent: the subnet decides (default subnets hand out public addresses, others do not). */
  assignPublicIp?: boolean | undefined;
}

/** Where the instance goes: the instance-level subnet and groups, or the primary network interface. */
function readPlacement(params: QueryParams): Placement {
  const interfaces = params.list("NetworkInterface");
  const subnetId = params.string("SubnetId");
  const groups = params.strings("SecurityGroupId");
  if (interfaces.length === 0) return { subnetId, securityGroupIds: groups };
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
    subnetId: primary.string("SubnetId"),
    securityGroupIds: primary.strings("SecurityGroupId"),
    assignPublicIp: primary.bool("AssociatePublicIpAddress"),
  };
}

/** The subnet, groups and public address of the launch, with EC2's defaults filled in. */
function resolvePlacement(
  cloud: AccountRegion,
  placement: Placement,
  zone: string | undefined,
): { subnetId: string; securityGroupIds: string[]; assignPublicIp: boolean } {
  let subnet: Subnet | undefined;
  if (placement.subnetId === undefined) {
    const vpc = cloud.vpcs.list({ where: (v) => v.isDefault === true }).items[0];
    if (!vpc) throw new AwsFault("VPCIdNotSpecified", "No default VPC for this user");
    subnet = vpc.subnets.find((sn) => sn.defaultForZone === true && (zone === undefined || sn.zone === zone));
    if (!subnet)
      throw new AwsFault("InvalidParameterValue", `No default subnet for availability zone: '${zone ?? ""}'.`);
  } else {
    subnet = cloud.subnets.get(placement.subnetId);
  }
  const vpcId = subnet.vpcId;
  // With no group named, EC2 puts the instance in its VPC's default group.
  const fallback = cloud.securityGroups.list({ where: (g) => g.isDefault === true && g.vpc.id === vpcId }).items;
  return {
    subnetId: subnet.id,
    securityGroupIds: placement.securityGroupIds.length > 0 ? placement.securityGroupIds : fallback.map((g) => g.id),
    assignPublicIp: placement.assignPublicIp ?? subnet.defaultForZone === true,
  };
}

interface BlockDevices {
  root?: { type?: string; sizeGB?: number; iops?: number; throughputMiBps?: number };
  others: NewLaunchDisk[];
}

/** `BlockDeviceMapping.N`: the root volume's settings, and new empty EBS volumes at other devices. */
function readBlockDevices(params: QueryParams): BlockDevices {
  const devices: BlockDevices = { others: [] };
  const seen = new Set<string>();
  for (const mapping of params.list("BlockDeviceMapping")) {
    const device = mapping.required("DeviceName");
    if (seen.has(device))
      throw new AwsFault(
        "InvalidBlockDeviceMapping",
        `The device '${device}' is used in more than one block-device mapping`,
      );
    seen.add(device);
    if (mapping.string("NoDevice") !== undefined) continue;
    if (mapping.string("VirtualName") !== undefined)
      throw new AwsFault("InvalidBlockDeviceMapping", "The emulator's instance types have no instance store volumes");
    const ebs = mapping.struct("Ebs");
    if (ebs.string("SnapshotId") !== undefined)
      throw new AwsFault("InvalidParameterValue", "The emulator creates empty volumes only (no SnapshotId)");
    const sizeGB = ebs.int("VolumeSize");
    const iops = ebs.int("Iops");
    const throughput = ebs.int("Throughput");
    if (device === rootDeviceName) {
      const settings = checkEbs(ebs.string("VolumeType") ?? "gp3", sizeGB, iops, throughput);
      devices.root = {
        ...(ebs.string("VolumeType") === undefined ? {} : { type: settings.type }),
        ...(sizeGB === undefined ? {} : { sizeGB }),
        ...(iops === undefined && settings.type !== "gp3" ? {} : { iops: settings.iops }),
        ...(settings.throughputMiBps === undefined ? {} : { throughputMiBps: settings.throughputMiBps }),
      };
      continue;
    }
    if (!/^\/dev\/(sd|xvd)[b-z]$/.test(device))
      throw new AwsFault("InvalidBlockDeviceMapping", `Invalid device name ${device}`);
    if (sizeGB === undefined)
      throw new AwsFault("MissingParameter", "The request must contain the parameter size or snapshotId");
    const settings = checkEbs(ebs.string("VolumeType") ?? "gp2", sizeGB, iops, throughput);
    devices.others.push({
      type: settings.type,
      sizeGB,
      device,
      deleteOnTermination: ebs.bool("DeleteOnTermination") ?? true,
      iops: settings.iops,
      throughputMiBps: settings.throughputMiBps,
    });
  }
  return devices;
}

function keyPairIdOf(cloud: AccountRegion, keyName: string | undefined): string | undefined {
  if (keyName === undefined) return undefined;
  const key = cloud.keyPairs.list({ where: (k) => k.name === keyName }).items[0];
  if (!key) throw new AwsFault("InvalidKeyPair.NotFound", `The key pair '${keyName}' does not exist`);
  return key.id;
}

/**
 * RunInstances: launches MaxCount instances, or as many as quotas and capacity allow when that is at
 * least MinCount (fewer than MinCount launches none); all share one reservation. A repeated
 * ClientToken returns the instances of the first call.
 */
export const runInstances: Ec2Action = async (ctx) => {
  const { params } = ctx;
  const imageId = params.required("ImageId");
  const instanceType = params.required("InstanceType");
  const minCount = params.int("MinCount");
  const maxCount = params.int("MaxCount");
  if (minCount === undefined || maxCount === undefined)
    throw new AwsFault("MissingParameter", "The request must contain the parameters MinCount and MaxCount");
  if (minCount < 1 || maxCount < minCount)
    throw new AwsFault(
      "InvalidParameterValue",
      `Invalid value '${minCount}' for minCount. Must be at least 1 and not more than maxCount (${maxCount})`,
    );
  if (params.string("PrivateIpAddress") !== undefined) {
    throw new AwsFault("InvalidParameterValue", "The emulator assigns private addresses itself");
  }
  const placement = readPlacement(params);
  const devices = readBlockDevices(params);
  const tags = tagsFromSpecifications(params, "instance");
  const zone = params.struct("Placement").string("AvailabilityZone");
  const clientToken = params.string("ClientToken");
  const launched = await ctx.call(
    (cloud) => {
      const where = resolvePlacement(cloud, placement, zone);
      const vms: Vm[] = [];
      for (let i = 0; i < maxCount; i++) {
        try {
          vms.push(
            cloud.vms.run({
              name: worldNameOf(tags, "instance"),
              imageId,
              specName: instanceType,
              subnetId: where.subnetId,
              securityGroupIds: where.securityGroupIds,
              keyPairId: keyPairIdOf(cloud, params.string("KeyName")),
              zone,
              rootDisk: devices.root,
              newDisks: devices.others,
              assignPublicIp: where.assignPublicIp,
              // Each instance of one request gets its own token, so a retry finds them all.
              clientToken: clientToken === undefined || i === 0 ? clientToken : `${clientToken}#${i}`,
              tags,
            }),
          );
        } catch (error) {
          // Past MinCount, running out of quota or capacity ends the launch; before it, nothing launches.
          if (i >= minCount) break;
          for (const vm of vms) cloud.vms.terminate(vm.id);
          throw error;
        }
      }
      const attached = attachedDevices(cloud);
      return vms.map((vm) => ({ vm, devices: attached.get(vm.id) ?? [] }));
    },
    { resources: maxCount },
  );
  return renderLaunch(ctx, launched);
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
