import { allocatePublicIp, privateDnsName, publicDnsName } from "../addresses.js";
import type { CapacityUse } from "../control/capacity.js";
import { WorldError, incorrectState, invalidParameter } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { ImageRef, Ref, Vm, VmState, VmStateChange } from "../types.js";
import { findPublicImage, findSpec } from "./catalog-service.js";
import { nextDevice } from "./disks.js";
import { currentState, moveTo, startLifecycle } from "./lifecycle.js";
import type { BackgroundWork } from "./lifecycle.js";
import { requireQuota } from "./quota-usage.js";
import {
  attachInterfaces,
  ownInterfaceIdOf,
  planInterface,
  primaryAddress,
  requireFreeInterface,
  storeInterface,
} from "./network-interfaces.js";
import type {
  DiskRecord,
  MyImageRecord,
  NetworkInterfaceRecord,
  SubnetRecord,
  VmRecord,
  VpcRecord,
} from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { isSharedSubnet } from "./shared-networks.js";
import { isLive, liveVms, occupiesHost, vmStateOf } from "./vm-lifecycle.js";
import { tagRecord } from "./tag-rules.js";

export interface NewLaunchDisk {
  type: string;
  sizeGB: number;
  device: string;
  deleteOnTermination: boolean;
  iops?: number | undefined;
  throughputMiBps?: number | undefined;
}

export interface RunVmInput extends NewResource {
  /** A public image id of this region, or the id of an available my-image. */
  imageId: string;
  specName: string;
  /** Where the VM's own network interface goes; required unless `networkInterfaces` are given. */
  subnetId?: string | undefined;
  /**
   * Interfaces made beforehand, attached in this order (the first is the primary); they keep their
   * own security groups. `deleteOnTermination` (default false) makes one go with the VM.
   */
  networkInterfaces?: { id: string; deleteOnTermination?: boolean | undefined }[] | undefined;
  /** When given, must be the subnet's VPC. */
  vpcId?: string | undefined;
  /** Groups of the VM's own interface. */
  securityGroupIds?: string[] | undefined;
  keyPairId?: string | undefined;
  /** When given, must be the subnet's zone, unless the provider's subnets span zones. */
  zone?: string | undefined;
  rootDisk?:
    | {
        type?: string | undefined;
        sizeGB?: number | undefined;
        iops?: number | undefined;
        throughputMiBps?: number | undefined;
      }
    | undefined;
  /**
   * Empty disks made with the VM and attached at launch at the given devices (EC2's non-root block
   * device mappings); `deleteOnTermination` makes one go with the VM.
   */
  newDisks?: NewLaunchDisk[] | undefined;
  /** Available disks in the VM's zone, attached at launch. */
  dataDiskIds?: string[] | undefined;
  /**
   * A disk made from the VM's image to boot from (Nova's boot from volume), still being created
   * or available; it becomes the root disk at "/dev/vda", and goes with the VM when
   * `deleteOnTermination`.
   */
  bootVolume?: { id: string; deleteOnTermination: boolean } | undefined;
  /** The image's default login user when absent. */
  loginUser?: string | undefined;
  /** Default true. */
  assignPublicIp?: boolean | undefined;
  /**
   * Idempotency token (AWS ClientToken): repeating a run with the same token and parameters
   * returns the VM of the first run instead of starting another.
   */
  clientToken?: string | undefined;
}

/** VMs and their lifecycle. Control calls return the transition they started. */
export class VmService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /**
   * Runs a VM: pending for `vmBootMs`, then running, or, when the gate says the work fails
   * (`failsLater`, a "background" fault), in state "error": a build that found no host.
   */
  run(input: RunVmInput, work: BackgroundWork = {}): Vm {
    const s = this.#state;
    const digest = stableJson({ ...input, clientToken: undefined });
    if (input.clientToken !== undefined) {
      const earlier = s.vms.all().find((vm) => vm.clientToken === input.clientToken);
      if (earlier && earlier.requestDigest !== digest) {
        throw invalidParameter(
          "clientToken",
          "was used before with different parameters (IdempotentParameterMismatch)",
        );
      }
      if (earlier) return vmView(s, earlier);
    }

    const spec = findSpec(s, input.specName);
    if (!spec) throw invalidParameter("specName", `"${input.specName}" is not offered in ${s.region.name}`);
    const image = this.#image(input.imageId);
    if (image.architecture !== spec.architecture) {
      throw invalidParameter(
        "imageId",
        `a ${image.architecture} image cannot boot on ${spec.name} (${spec.architecture})`,
      );
    }
    const given = (input.networkInterfaces ?? []).map((n, i) => {
      if (input.networkInterfaces?.findIndex((other) => other.id === n.id) !== i)
        throw invalidParameter(`networkInterfaces[${i}]`, `${n.id} is given twice`);
      return { row: requireFreeInterface(s, n.id), deleteOnTermination: n.deleteOnTermination ?? false };
    });
    const { subnet, vpc } = this.#placement(input, given[0]?.row);
    const zone = s.catalog.network.regionalSubnets ? s.zone(input.zone) : s.zone(subnet.zone);
    const securityGroups = given.length > 0 ? groupsOf(s, given) : this.#groups(input.securityGroupIds ?? [], vpc);
    const keyPair = input.keyPairId === undefined ? undefined : ref(s.require(s.keyPairs, input.keyPairId));
    const dataDisks = (input.dataDiskIds ?? []).map((id, i) => {
      const disk = s.require(s.disks, id);
      if (disk.attachment || currentState(disk.lifecycle, s.now()).state !== "available") {
        throw incorrectState("volume", id, "is not available for attachment");
      }
      if (disk.zone !== zone.name)
        throw invalidParameter(`dataDiskIds[${i}]`, `${id} is in zone ${disk.zone}, not ${zone.name}`);
      return disk;
    });
    const bootVolume = input.bootVolume === undefined ? undefined : s.require(s.disks, input.bootVolume.id);
    if (bootVolume?.attachment)
      throw incorrectState("volume", bootVolume.id, `is already attached to VM ${bootVolume.attachment.vm.id}`);
    const rootDisk = bootVolume
      ? { type: bootVolume.type, sizeGB: bootVolume.sizeGB, deviceName: "/dev/vda" }
      : this.#rootDisk(input, image.diskSizeGB);

    const base = s.newRecord("instance", input, () => liveVms(s).map((vm) => vm.name));
    const newDisks = this.#newDisks(input, zone.name);
    requireQuota(s, "vms");
    requireQuota(s, "vcpus", spec.vcpus);
    this.#ensureCapacity({ zone: zone.name, specName: spec.name, vcpus: spec.vcpus });
    const own =
      given.length > 0
        ? undefined
        : planInterface(
            s,
            { vpcId: vpc.id, fixedIps: [{ subnetId: subnet.id }], securityGroupIds: securityGroups.map((g) => g.id) },
            { id: ownInterfaceIdOf(s.provider, base.id) },
          );
    const interfaces = own ? [{ row: own, deleteOnTermination: true }] : given;
    const primary = own ?? given[0]?.row;
    const privateIp = (primary && primaryAddress(primary)?.ip) ?? "";
    const now = s.now();
    const vm: VmRecord = {
      ...base,
      // A failing build ends in "error" when it would have been running.
      lifecycle: startLifecycle<VmState>("pending", now, {
        state: work.failsLater ? "error" : "running",
        afterMs: s.duration("vmBootMs"),
      }),
      zone: zone.name,
      specName: spec.name,
      vcpus: spec.vcpus,
      memoryMiB: spec.memoryMiB,
      architecture: spec.architecture,
      platform: image.platform,
      osDistribution: image.osDistribution,
      image: image.ref,
      vpc: ref(vpc),
      subnet: ref(subnet),
      securityGroups,
      ...(keyPair ? { keyPair } : {}),
      rootDisk,
      ...(bootVolume ? { rootVolume: ref(bootVolume) } : {}),
      loginUser: input.loginUser ?? image.loginUser,
      privateIp,
      assignPublicIp: input.assignPublicIp ?? true,
      launchedAt: now,
      ...(input.clientToken === undefined ? {} : { clientToken: input.clientToken, requestDigest: digest }),
    };
    const privateDns = privateDnsName(s.provider, privateIp, {
      region: s.region.name,
      zone: zone.name,
      account: s.account,
      name: vm.name,
    });
    if (privateDns) vm.privateDns = privateDns;
    this.#assignPublicIp(vm);
    s.vms.insert(vm);
    if (own) storeInterface(s, own);
    attachInterfaces(s, { id: vm.id, name: vm.name, zone: zone.name }, interfaces);
    if (bootVolume && input.bootVolume) {
      bootVolume.attachment = {
        vm: ref(vm),
        device: "/dev/vda",
        deleteOnTermination: input.bootVolume.deleteOnTermination,
      };
    }
    for (const disk of dataDisks) disk.attachment = { vm: ref(vm), device: nextDevice(s, vm.id) };
    for (const disk of newDisks) {
      if (disk.attachment) disk.attachment.vm = ref(vm);
      s.disks.insert(disk);
    }
    return vmView(s, vm);
  }

  /** The subnet and VPC of the VM's primary address: its first given interface's, or `subnetId`. */
  #placement(input: RunVmInput, primary: NetworkInterfaceRecord | undefined): { subnet: SubnetRecord; vpc: VpcRecord } {
    const s = this.#state;
    if (primary) {
      if (input.subnetId !== undefined) throw invalidParameter("subnetId", "does not go with networkInterfaces");
      const address = primaryAddress(primary);
      if (!address) throw invalidParameter("networkInterfaces[0]", `${primary.id} has no address`);
      return { subnet: s.require(s.subnets, address.subnetId), vpc: s.require(s.vpcs, primary.vpcId) };
    }
    if (input.subnetId === undefined) throw invalidParameter("subnetId", "is required without networkInterfaces");
    const subnet = s.require(s.subnets, input.subnetId);
    if (subnet.ipVersion !== 4) throw invalidParameter("subnetId", `${subnet.id} is not an IPv4 subnet`);
    if (input.vpcId !== undefined && input.vpcId !== subnet.vpcId) {
      throw invalidParameter("vpcId", `subnet ${subnet.id} belongs to VPC ${subnet.vpcId}`);
    }
    if (!s.catalog.network.regionalSubnets && input.zone !== undefined && input.zone !== subnet.zone) {
      throw invalidParameter("zone", `subnet ${subnet.id} is in zone ${subnet.zone}`);
    }
    return { subnet, vpc: s.require(s.vpcs, subnet.vpcId) };
  }

  #groups(ids: readonly string[], vpc: VpcRecord): Ref[] {
    const s = this.#state;
    return ids.map((id, i) => {
      const sg = s.require(s.securityGroups, id);
      if (!s.catalog.network.accountSecurityGroups && sg.vpc.id !== vpc.id)
        throw invalidParameter(`securityGroupIds[${i}]`, `${id} is not in VPC ${vpc.id}`);
      return ref(sg);
    });
  }

  /**
   * One VM; NotFound when there is none, it was created within the consistency window, or it was
   * terminated more than `terminatedRetentionMs` ago.
   */
  get(id: string): Vm {
    return vmView(this.#state, this.#state.read(this.#state.vms, id));
  }

  /** One page of the region's VMs (recently terminated ones included), oldest first. */
  list(options?: ListOptions<Vm>): ListPage<Vm> {
    return this.#state.page(this.#state.vms, (row) => vmView(this.#state, row), options);
  }

  /** running -> stopping -> stopped; the public address is released. */
  stop(id: string): VmStateChange {
    return this.#control(id, ["running"], "stopping", "stopped", "vmStopMs", (vm) => this.#releasePublicIp(vm));
  }

  /** stopped -> starting -> running, if the zone has capacity; a new public address is assigned. */
  start(id: string): VmStateChange {
    return this.#control(id, ["stopped"], "starting", "running", "vmStartMs", (vm) => {
      this.#ensureCapacity(vm);
      this.#assignPublicIp(vm);
      vm.launchedAt = this.#state.now();
    });
  }

  /** running -> rebooting -> running. */
  reboot(id: string): VmStateChange {
    return this.#control(id, ["running"], "rebooting", "running", "vmRebootMs");
  }

  /**
   * Any live state -> shutting-down -> terminated; disks are detached, but those that go with the
   * VM stay until it is terminated and go with it. Terminating a VM that
   * is already shutting down or terminated changes nothing and is not an error.
   */
  terminate(id: string): VmStateChange {
    const s = this.#state;
    const vm = s.require(s.vms, id);
    const current = vmStateOf(s, vm).state;
    if (current === "shutting-down" || current === "terminated")
      return { id, previousState: current, currentState: current };
    const live: VmState[] = ["pending", "running", "stopping", "stopped", "starting", "rebooting", "error"];
    return this.#control(id, live, "shutting-down", "terminated", "vmTerminateMs", (record) => {
      this.#releasePublicIp(record);
      for (const disk of s.disks.all())
        if (disk.attachment?.vm.id === id && !disk.attachment.deleteOnTermination) delete disk.attachment;
    });
  }

  #control(
    id: string,
    from: readonly VmState[],
    via: VmState,
    to: VmState,
    duration: "vmStopMs" | "vmStartMs" | "vmRebootMs" | "vmTerminateMs",
    effect?: (vm: VmRecord) => void,
  ): VmStateChange {
    const s = this.#state;
    const vm = s.require(s.vms, id);
    const previousState = vmStateOf(s, vm).state;
    if (!from.includes(previousState))
      throw incorrectState("instance", id, `is ${previousState}; this needs ${from.join(" or ")}`);
    effect?.(vm);
    moveTo(vm.lifecycle, via, s.now(), { state: to, afterMs: s.duration(duration) });
    return { id, previousState, currentState: via };
  }

  #image(id: string): {
    ref: ImageRef;
    architecture: Vm["architecture"];
    platform: Vm["platform"];
    osDistribution: string;
    diskSizeGB: number;
    loginUser: string;
  } {
    const s = this.#state;
    const image = findPublicImage(s, id);
    if (image)
      return { ...image, platform: image.osPlatform, ref: { id: image.id, name: image.name, visibility: "public" } };
    const mine: MyImageRecord | undefined = s.myImages.find(id);
    if (!mine)
      throw new WorldError("NotFound", `image "${id}" does not exist`, { resourceType: "image", resourceId: id });
    if (currentState(mine.lifecycle, s.now()).state !== "available")
      throw incorrectState("image", id, "is not available yet");
    return { ...mine, ref: { id: mine.id, name: mine.name, visibility: "private" } };
  }

  /** The records of the disks made with the VM, attached once the VM is stored (quota checked). */
  #newDisks(input: RunVmInput, zone: string): DiskRecord[] {
    const s = this.#state;
    const wanted = input.newDisks ?? [];
    requireQuota(s, "disks", wanted.length);
    requireQuota(
      s,
      "diskTotalGB",
      wanted.reduce((sum, d) => sum + d.sizeGB, 0),
    );
    return wanted.map((d, i) => {
      const diskType = s.catalog.diskTypes.find((t) => t.name === d.type);
      if (!diskType) throw invalidParameter(`newDisks[${i}].type`, `"${d.type}" is not a disk type of ${s.provider}`);
      if (!Number.isInteger(d.sizeGB) || d.sizeGB < diskType.minGB || d.sizeGB > diskType.maxGB)
        throw invalidParameter(`newDisks[${i}].sizeGB`, `${d.type} disks are ${diskType.minGB}..${diskType.maxGB} GB`);
      const base = s.newRecord("volume", { name: `${input.name}-${d.device}`.slice(-255) }, () => []);
      return {
        ...base,
        lifecycle: startLifecycle<DiskRecord["lifecycle"]["state"]>("available", s.now()),
        zone,
        type: d.type,
        sizeGB: d.sizeGB,
        ...(d.iops === undefined ? {} : { iops: d.iops }),
        ...(d.throughputMiBps === undefined ? {} : { throughputMiBps: d.throughputMiBps }),
        attachment: { vm: { id: "", name: "" }, device: d.device, deleteOnTermination: d.deleteOnTermination },
      };
    });
  }

  #rootDisk(input: RunVmInput, imageSizeGB: number): Vm["rootDisk"] {
    const catalog = this.#state.catalog;
    const type = input.rootDisk?.type ?? catalog.defaultDiskType;
    const diskType = catalog.diskTypes.find((d) => d.name === type);
    if (!diskType) throw invalidParameter("rootDisk.type", `"${type}" is not a disk type of ${catalog.provider}`);
    const sizeGB = input.rootDisk?.sizeGB ?? Math.max(imageSizeGB, diskType.minGB);
    if (!Number.isInteger(sizeGB) || sizeGB < imageSizeGB || sizeGB > diskType.maxGB) {
      throw invalidParameter(
        "rootDisk.sizeGB",
        `must be an integer from ${imageSizeGB} (the image) to ${diskType.maxGB}`,
      );
    }
    const { iops, throughputMiBps } = input.rootDisk ?? {};
    return {
      type,
      sizeGB,
      deviceName: "/dev/sda1",
      ...(iops === undefined ? {} : { iops }),
      ...(throughputMiBps === undefined ? {} : { throughputMiBps }),
    };
  }

  #ensureCapacity(candidate: { zone: string; specName: string; vcpus: number }): void {
    const s = this.#state;
    const use = { region: s.region.name, ...candidate };
    const limit = s.world.capacity.violated(s.provider, use, s.world.capacityInUse(s.provider, s.region.name));
    if (limit) {
      throw new WorldError(
        "InsufficientCapacity",
        `no capacity for ${candidate.specName} in ${candidate.zone} right now`,
        {
          resourceType: "spec",
          resourceId: candidate.specName,
        },
      );
    }
  }

  #assignPublicIp(vm: VmRecord): void {
    if (!vm.assignPublicIp) return;
    const s = this.#state;
    vm.publicIp = allocatePublicIp(s.provider, s.world.random, s.world.publicIps);
    const dns = publicDnsName(s.provider, vm.publicIp, s.region.name, vm.name);
    if (dns) vm.publicDns = dns;
  }

  #releasePublicIp(vm: VmRecord): void {
    if (vm.publicIp) this.#state.world.publicIps.delete(vm.publicIp);
    delete vm.publicIp;
    delete vm.publicDns;
  }
}

/** A VM as capacity sees it, when it occupies a host. */
export function capacityUseOf(state: RegionState, vm: VmRecord): CapacityUse | undefined {
  if (!isLive(state, vm) || !occupiesHost(vmStateOf(state, vm).state)) return undefined;
  return { region: state.region.name, zone: vm.zone, specName: vm.specName, vcpus: vm.vcpus };
}

export function vmView(state: RegionState, row: VmRecord): Vm {
  const { state: vmState, since } = vmStateOf(state, row);
  const {
    lifecycle: _l,
    clientToken: _c,
    requestDigest: _d,
    assignPublicIp: _a,
    seq: _s,
    ...fields
  } = structuredClone(row);
  const dataDisks = state.disks
    .all()
    .filter((disk) => disk.attachment?.vm.id === row.id && disk.id !== row.rootVolume?.id)
    .map((disk) => ref(disk));
  // On an operator's shared network the fixed address is public: that is the VM's public address.
  const subnet = state.subnets.find(row.subnet.id);
  const onShared = row.publicIp === undefined && subnet !== undefined && isSharedSubnet(state, subnet);
  const live = vmState !== "terminated" && vmState !== "error";
  return {
    ...fields,
    ...(onShared && live ? { publicIp: row.privateIp } : {}),
    tags: tagRecord(row.tags),
    kind: "instance",
    state: vmState,
    stateSince: since,
    dataDisks,
  };
}

/** The groups of a VM's interfaces, each once. */
function groupsOf(state: RegionState, interfaces: readonly { row: NetworkInterfaceRecord }[]): Ref[] {
  const ids = [...new Set(interfaces.flatMap(({ row }) => row.securityGroupIds))];
  return ids.map((id) => ref(state.require(state.securityGroups, id)));
}

function ref(row: { id: string; name: string }): Ref {
  return { id: row.id, name: row.name };
}

/** JSON with sorted keys, so equal requests digest equally whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
