import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { Vm, VmState } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, alibabaErrorOf, invalidParameter, missingParameter, notFound } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { requireImage } from "./images.js";
import { descriptionParam, nameParam } from "./names.js";
import { requireAvailableVSwitch } from "./network.js";
import { numberedPage, tokenPage } from "./paging.js";
import { ecs } from "./products.js";
import { minuteTime, tagSet } from "./render.js";
import { diskCategoriesOf, instanceTypesOf, requireOpenZone } from "./zone-offers.js";

/** ECS's status of a world VM: Stopping while it is being released, undefined once released. */
export function statusOf(state: VmState): string | undefined {
  switch (state) {
    case "pending":
      return "Pending";
    case "starting":
    case "rebooting":
      return "Starting";
    case "running":
      return "Running";
    case "stopping":
    case "shutting-down":
      return "Stopping";
    case "stopped":
    case "error":
      return "Stopped";
    case "terminated":
      return undefined;
  }
}

/** The instance, unless it is gone (released): then InvalidInstanceId.NotFound. */
export function requireInstance(cloud: AccountRegion, id: string): Vm {
  const vm = cloud.vms.get(id);
  if (statusOf(vm.state) === undefined) throw notFound("instance", id);
  return vm;
}

/** The id ECS gives an instance's system disk (the world keeps it inside the VM). */
export function systemDiskId(vm: Vm): string {
  return `d-${vm.id.slice(2)}`;
}

function renderInstance(c: ActionContext, vm: Vm): Record<string, unknown> {
  const bandwidth = c.state.bandwidthOut.get(vm.id) ?? 0;
  const status = statusOf(vm.state) ?? "Stopped";
  return {
    InstanceId: vm.id,
    InstanceName: c.state.nameOf(vm, vm.id),
    Description: c.state.descriptions.get(vm.id) ?? "",
    HostName: c.state.nameOf(vm, `iZ${vm.id.slice(2)}Z`),
    ImageId: vm.image.id,
    InstanceType: vm.specName,
    InstanceTypeFamily: vm.specName.split(".").slice(0, 2).join("."),
    Cpu: vm.vcpus,
    Memory: vm.memoryMiB,
    OSName: vm.osDistribution,
    OSNameEn: vm.osDistribution,
    OSType: vm.platform,
    Status: status,
    RegionId: c.region,
    ZoneId: vm.zone,
    CreationTime: minuteTime(vm.createdAt),
    StartTime: minuteTime(vm.launchedAt),
    ExpiredTime: "2099-12-31T15:59Z",
    AutoReleaseTime: "",
    InstanceChargeType: "PostPaid",
    InternetChargeType: "PayByTraffic",
    InternetMaxBandwidthOut: bandwidth,
    InternetMaxBandwidthIn: bandwidth > 0 ? 100 : 0,
    SpotStrategy: "NoSpot",
    StoppedMode: status === "Stopped" ? (c.state.stoppedModes.get(vm.id) ?? "KeepCharging") : "Not-applicable",
    InstanceNetworkType: "vpc",
    IoOptimized: true,
    DeletionProtection: false,
    DeviceAvailable: true,
    Recyclable: false,
    GPUAmount: 0,
    GPUSpec: "",
    KeyPairName: vm.keyPair?.name ?? "",
    SerialNumber: vm.id.slice(2),
    ResourceGroupId: "",
    SecurityGroupIds: { SecurityGroupId: vm.securityGroups.map((g) => g.id) },
    PublicIpAddress: { IpAddress: vm.publicIp ? [vm.publicIp] : [] },
    InnerIpAddress: { IpAddress: [] },
    EipAddress: { AllocationId: "", IpAddress: "", InternetChargeType: "" },
    VpcAttributes: {
      VpcId: vm.vpc.id,
      VSwitchId: vm.subnet.id,
      PrivateIpAddress: { IpAddress: [vm.privateIp] },
      NatIpAddress: "",
    },
    NetworkInterfaces: {
      NetworkInterface: [
        { NetworkInterfaceId: `eni-${vm.id.slice(2)}`, PrimaryIpAddress: vm.privateIp, Type: "Primary" },
      ],
    },
    OperationLocks: { LockReason: [] },
    Tags: tagSet(vm.tags),
  };
}

/** ECS's password rule: 8-30 characters of three classes, specials from its list only. */
function passwordAccepted(password: string): boolean {
  const specials = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";
  if (password.length < 8 || password.length > 30 || password.startsWith("/")) return false;
  if ([...password].some((ch) => !/[A-Za-z0-9]/.test(ch) && !specials.includes(ch))) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes >= 3;
}

/** A JSON array of ids, or the `Name.N` list form. */
function idList(c: ActionContext, name: string): string[] | undefined {
  const listed = c.params.list(name);
  if (listed.length > 0) return listed;
  return c.params.jsonArray(name);
}

const runInstances: ActionRegistration = {
  product: ecs,
  action: "RunInstances",
  handler: async (c) => {
    const p = c.params;
    const imageId = p.required("ImageId");
    const typeName = p.required("InstanceType");
    const vswitchId = p.string("VSwitchId");
    if (vswitchId === undefined) throw missingParameter("VSwitchId");
    const groups = p.list("SecurityGroupIds");
    const group = p.string("SecurityGroupId");
    if (group !== undefined && groups.length > 0) {
      throw invalidParameter("SecurityGroupIds", "SecurityGroupId and SecurityGroupIds.N cannot be used together.");
    }
    const securityGroupIds = group !== undefined ? [group] : groups;
    if (securityGroupIds.length === 0) throw missingParameter("SecurityGroupId");
    const name = nameParam(p, "InstanceName");
    const description = descriptionParam(p);
    const keyPairName = p.string("KeyPairName");
    const zoneId = p.string("ZoneId");
    const category = p.string("SystemDisk.Category");
    const systemSize = p.int("SystemDisk.Size", { min: 20, max: 2048 });
    const bandwidth = p.int("InternetMaxBandwidthOut", { min: 0, max: 100 }) ?? 0;
    p.oneOf("InternetChargeType", ["PayByTraffic", "PayByBandwidth"]);
    if (p.oneOf("InstanceChargeType", ["PrePaid", "PostPaid"]) === "PrePaid") {
      throw new AlibabaError(
        "InvalidInstanceChargeType.NotSupported",
        "The emulator runs pay-as-you-go (PostPaid) instances only.",
      );
    }
    const amount = p.int("Amount", { min: 1, max: 100 }) ?? 1;
    const minAmount = p.int("MinAmount", { min: 1, max: 100 }) ?? amount;
    const uniqueSuffix = p.bool("UniqueSuffix") ?? false;
    const tags = p.tags();
    const dataDisks = p.structs("DataDisk").map((d, i) => {
      const size = Number(d["Size"]);
      if (!Number.isInteger(size)) throw missingParameter(`DataDisk.${i + 1}.Size`);
      return {
        type: d["Category"] ?? "cloud_efficiency",
        sizeGB: size,
        device: `/dev/xvd${String.fromCharCode(98 + i)}`,
        deleteOnTermination: d["DeleteWithInstance"] !== "false",
      };
    });
    const password = p.string("Password");
    if (password !== undefined && !passwordAccepted(password)) {
      throw invalidParameter(
        "Password",
        "It must be 8 to 30 characters with at least three of: upper-case letters, lower-case letters, digits, special characters.",
        "InvalidPassword.Malformed",
      );
    }
    const dryRun = p.bool("DryRun") ?? false;
    return idempotent(
      c,
      (cloud, gate) => {
        const image = requireImage(cloud, imageId);
        const spec = cloud.catalog.listSpecs().items.find((s) => s.name === typeName);
        if (!spec) throw notFound("spec", typeName);
        if (image.architecture !== spec.architecture) {
          throw new AlibabaError(
            "InvalidParameter.Architecture",
            `The image ${imageId} (${image.architecture}) does not run on ${typeName} (${spec.architecture}).`,
          );
        }
        if (keyPairName !== undefined && !cloud.keyPairs.list().items.some((k) => k.name === keyPairName)) {
          throw notFound("key-pair", keyPairName);
        }
        const vswitch = requireAvailableVSwitch(c, cloud, vswitchId);
        requireOpenZone(cloud, vswitch.zone);
        if (zoneId !== undefined && zoneId !== vswitch.zone) {
          throw new AlibabaError(
            "InvalidVSwitchId.NotFound",
            `The VSwitch ${vswitchId} is not in zone ${zoneId}.`,
            404,
          );
        }
        for (const id of securityGroupIds) {
          if (cloud.securityGroups.get(id).vpc.id !== vswitch.vpcId) {
            throw new AlibabaError(
              "InvalidSecurityGroup.NotInSameVpc",
              `The security group ${id} is not in the VPC of the VSwitch.`,
            );
          }
        }
        if (!instanceTypesOf(cloud, vswitch.zone).some((s) => s.name === typeName)) {
          throw new AlibabaError(
            "Zone.NotOnSale",
            `The instance type ${typeName} is not sold in zone ${vswitch.zone}.`,
            403,
          );
        }
        const offered = diskCategoriesOf(cloud, vswitch.zone);
        // ECS defaults to cloud_efficiency where the zone sells it, else to ESSD.
        const systemCategory = category ?? (offered.includes("cloud_efficiency") ? "cloud_efficiency" : "cloud_essd");
        if (!offered.includes(systemCategory)) {
          throw new AlibabaError(
            "InvalidSystemDiskCategory.ValueNotSupported",
            `The system disk category ${systemCategory} is not supported in zone ${vswitch.zone}.`,
          );
        }
        dataDisks.forEach((d, i) => {
          if (!offered.includes(d.type)) {
            throw new AlibabaError(
              "InvalidDataDiskCategory.ValueNotSupported",
              `DataDisk.${i + 1}.Category ${d.type} is not supported in zone ${vswitch.zone}.`,
            );
          }
        });
        const imageSize = Number(image.row["Size"]);
        if (systemSize !== undefined && systemSize < imageSize) {
          throw new AlibabaError(
            "InvalidSystemDiskSize.LessThanImageSize",
            `SystemDisk.Size must be at least the image's ${imageSize} GiB.`,
          );
        }
        if (dryRun)
          throw new AlibabaError("DryRunOperation", "Request validation has been passed with DryRun flag set.");
        const made: Vm[] = [];
        try {
          for (let i = 0; i < amount; i++) {
            const suffix = uniqueSuffix && amount > 1 ? String(i + 1).padStart(3, "0") : "";
            const vm = cloud.vms.run(
              {
                name: name === undefined ? "unnamed" : `${name}${suffix}`,
                imageId,
                specName: typeName,
                subnetId: vswitch.id,
                securityGroupIds,
                zone: vswitch.zone,
                ...(keyPairName === undefined ? {} : { keyPairId: keyPairName }),
                rootDisk: { type: systemCategory, sizeGB: systemSize ?? Math.max(imageSize, 20) },
                newDisks: dataDisks,
                assignPublicIp: bandwidth > 0,
                tags,
              },
              gate,
            );
            made.push(vm);
          }
        } catch (error) {
          // All or nothing below MinAmount: what was started goes again.
          if (made.length < minAmount) for (const vm of made) cloud.vms.terminate(vm.id);
          if (made.length < minAmount || !isWorldError(error, "InsufficientCapacity")) throw error;
        }
        for (const vm of made) {
          if (name === undefined) c.state.unnamed.add(vm.id);
          if (description !== undefined) c.state.descriptions.set(vm.id, description);
          c.state.bandwidthOut.set(vm.id, bandwidth);
        }
        return { InstanceIdSets: { InstanceIdSet: made.map((vm) => vm.id) }, TradePrice: 0 };
      },
      { cost: amount },
    );
  },
};

const describeInstances: ActionRegistration = {
  product: ecs,
  action: "DescribeInstances",
  handler: async (c) => {
    const p = c.params;
    const ids = p.jsonArray("InstanceIds");
    if (ids && ids.length > 100) throw invalidParameter("InstanceIds", "At most 100 ids are allowed.");
    const vpcId = p.string("VpcId");
    const vswitchId = p.string("VSwitchId");
    const zoneId = p.string("ZoneId");
    const status = p.oneOf("Status", ["Pending", "Running", "Starting", "Stopping", "Stopped"]);
    const groupId = p.string("SecurityGroupId");
    const typeName = p.string("InstanceType");
    const imageId = p.string("ImageId");
    const keyPairName = p.string("KeyPairName");
    const namePattern = p.string("InstanceName");
    const nameMatch =
      namePattern === undefined
        ? undefined
        : new RegExp(
            `^${namePattern
              .split("*")
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
              .join(".*")}$`,
          );
    const tags = p.tags();
    const tokenMode = p.string("NextToken") !== undefined || p.string("MaxResults") !== undefined;
    const where = (vm: Vm) => {
      const shown = statusOf(vm.state);
      return (
        shown !== undefined &&
        (ids === undefined || ids.includes(vm.id)) &&
        (vpcId === undefined || vm.vpc.id === vpcId) &&
        (vswitchId === undefined || vm.subnet.id === vswitchId) &&
        (zoneId === undefined || vm.zone === zoneId) &&
        (status === undefined || shown === status) &&
        (groupId === undefined || vm.securityGroups.some((g) => g.id === groupId)) &&
        (typeName === undefined || vm.specName === typeName) &&
        (imageId === undefined || vm.image.id === imageId) &&
        (keyPairName === undefined || vm.keyPair?.name === keyPairName) &&
        (nameMatch === undefined || nameMatch.test(c.state.nameOf(vm, vm.id))) &&
        Object.entries(tags).every(([k, v]) => vm.tags[k] === v)
      );
    };
    return c.call((cloud) => {
      if (tokenMode) {
        const page = tokenPage((o) => cloud.vms.list(o), p, c.pages, where, { max: 100 });
        return { NextToken: page.nextToken, Instances: { Instance: page.items.map((vm) => renderInstance(c, vm)) } };
      }
      const page = numberedPage(cloud.vms.list().items.filter(where), p, c.pages);
      return { ...page.fields, NextToken: "", Instances: { Instance: page.items.map((vm) => renderInstance(c, vm)) } };
    });
  },
};

const describeInstanceStatus: ActionRegistration = {
  product: ecs,
  action: "DescribeInstanceStatus",
  handler: async (c) => {
    const ids = idList(c, "InstanceId");
    const zoneId = c.params.string("ZoneId");
    return c.call((cloud) => {
      const vms = cloud.vms
        .list()
        .items.filter(
          (vm) =>
            statusOf(vm.state) !== undefined &&
            (ids === undefined || ids.includes(vm.id)) &&
            (zoneId === undefined || vm.zone === zoneId),
        );
      const page = numberedPage(vms, c.params, c.pages, { max: 50 });
      return {
        ...page.fields,
        InstanceStatuses: {
          InstanceStatus: page.items.map((vm) => ({ InstanceId: vm.id, Status: statusOf(vm.state) })),
        },
      };
    });
  },
};

/**
 * Releases an instance: the world terminates it and detaches its data disks; those attached with
 * DeleteWithInstance go with it, as ECS releases them.
 */
function release(c: ActionContext, cloud: AccountRegion, id: string): void {
  const attached = cloud.disks
    .list()
    .items.filter((d) => d.attachment?.vm.id === id && c.state.deleteWithInstance.get(d.id));
  cloud.vms.terminate(id);
  for (const disk of attached) {
    const now = cloud.disks.get(disk.id);
    if (!now.attachment && now.state === "available") cloud.disks.delete(disk.id);
    c.state.deleteWithInstance.delete(disk.id);
  }
}

/** The status refusal ECS gives for a control call on an instance in the wrong state. */
function wrongStatus(vm: Vm, action: string): AlibabaError {
  return new AlibabaError(
    "IncorrectInstanceStatus",
    `The current status of the resource does not support this operation (${action} on a ${statusOf(vm.state) ?? "released"} instance).`,
    403,
  );
}

/** The instance, when its state allows `action`; IncorrectInstanceStatus otherwise. */
function instanceIn(cloud: AccountRegion, id: string, allowed: readonly VmState[], action: string): Vm {
  const vm = requireInstance(cloud, id);
  if (!allowed.includes(vm.state)) throw wrongStatus(vm, action);
  return vm;
}

/** Without Force, ECS releases only an instance that is stopped (or failed, or already going). */
function requireReleasable(vm: Vm, force: boolean, action: string): void {
  if (!force && vm.state !== "stopped" && vm.state !== "error" && vm.state !== "shutting-down") {
    throw wrongStatus(vm, action);
  }
}

/** A batch call's `InstanceId.N`: 1 to 100 ids. */
function batchIds(c: ActionContext): string[] {
  const ids = c.params.list("InstanceId");
  if (ids.length === 0) throw missingParameter("InstanceId.N");
  if (ids.length > 100) throw invalidParameter("InstanceId", "At most 100 instances are allowed.");
  return ids;
}

function control(
  action: string,
  allowed: readonly VmState[],
  run: (c: ActionContext, cloud: AccountRegion, vm: Vm) => void,
): ActionRegistration {
  return {
    product: ecs,
    action,
    handler: async (c) => {
      const id = c.params.required("InstanceId");
      return c.call((cloud) => {
        const vm = instanceIn(cloud, id, allowed, action);
        run(c, cloud, vm);
        return {};
      });
    },
  };
}

const startInstance = control("StartInstance", ["stopped"], (_c, cloud, vm) => {
  cloud.vms.start(vm.id);
});

const stopInstance = control("StopInstance", ["running"], (c, cloud, vm) => {
  const mode = c.params.oneOf("StoppedMode", ["StopCharging", "KeepCharging"]) ?? "KeepCharging";
  c.params.bool("ForceStop");
  cloud.vms.stop(vm.id);
  c.state.stoppedModes.set(vm.id, mode);
});

const rebootInstance = control("RebootInstance", ["running"], (c, cloud, vm) => {
  c.params.bool("ForceStop");
  cloud.vms.reboot(vm.id);
});

const deleteInstance: ActionRegistration = {
  product: ecs,
  action: "DeleteInstance",
  handler: async (c) => {
    const id = c.params.required("InstanceId");
    const force = c.params.bool("Force") ?? false;
    return c.call((cloud) => {
      requireReleasable(requireInstance(cloud, id), force, "DeleteInstance");
      release(c, cloud, id);
      return {};
    });
  },
};

/**
 * A batch control call (StartInstances, StopInstances, RebootInstances): `AllTogether` (default)
 * checks every instance first and fails as a whole; `SuccessFirst` answers per instance.
 */
function batch(
  action: string,
  allowed: readonly VmState[],
  run: (c: ActionContext, cloud: AccountRegion, vm: Vm) => void,
): ActionRegistration {
  return {
    product: ecs,
    action,
    handler: async (c) => {
      const ids = batchIds(c);
      const mode = c.params.oneOf("BatchOptimization", ["AllTogether", "SuccessFirst"]) ?? "AllTogether";
      return c.call(
        (cloud) => {
          const check = (id: string): Vm => instanceIn(cloud, id, allowed, action);
          if (mode === "AllTogether") ids.forEach(check);
          const responses = ids.map((id) => {
            try {
              const vm = check(id);
              run(c, cloud, vm);
              const after = cloud.vms.get(id);
              return {
                InstanceId: id,
                Code: "200",
                Message: "success",
                PreviousStatus: statusOf(vm.state) ?? "",
                CurrentStatus: statusOf(after.state) ?? "",
              };
            } catch (error) {
              const refusal = alibabaErrorOf(error);
              return {
                InstanceId: id,
                Code: refusal.code,
                Message: refusal.message,
                PreviousStatus: "",
                CurrentStatus: "",
              };
            }
          });
          return { InstanceResponses: { InstanceResponse: responses } };
        },
        { cost: ids.length },
      );
    },
  };
}

const deleteInstances: ActionRegistration = {
  product: ecs,
  action: "DeleteInstances",
  handler: async (c) => {
    const ids = batchIds(c);
    const force = c.params.bool("Force") ?? false;
    return idempotent(
      c,
      (cloud) => {
        // All or nothing: every instance is checked before any is released.
        const vms = ids.map((id) => requireInstance(cloud, id));
        for (const vm of vms) requireReleasable(vm, force, "DeleteInstances");
        for (const vm of vms) release(c, cloud, vm.id);
        return {};
      },
      { cost: ids.length },
    );
  },
};

export const instanceActions: readonly ActionRegistration[] = [
  runInstances,
  describeInstances,
  describeInstanceStatus,
  startInstance,
  stopInstance,
  rebootInstance,
  deleteInstance,
  batch("StartInstances", ["stopped"], (_c, cloud, vm) => void cloud.vms.start(vm.id)),
  batch("StopInstances", ["running"], (c, cloud, vm) => {
    cloud.vms.stop(vm.id);
    c.state.stoppedModes.set(vm.id, c.params.oneOf("StoppedMode", ["StopCharging", "KeepCharging"]) ?? "KeepCharging");
  }),
  batch("RebootInstances", ["running"], (_c, cloud, vm) => void cloud.vms.reboot(vm.id)),
  deleteInstances,
];
