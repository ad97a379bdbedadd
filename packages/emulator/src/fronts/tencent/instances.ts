import type { AccountRegion } from "../../world/account-region.js";
import type { Vm, VmState } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError, invalidValue, notFound } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { requireImage } from "./images.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import { requireZone } from "./regions.js";
import { isoTime, tagFiltersPass, tagList, tagSpecification, withTagFilters } from "./render.js";
import { cvm } from "./services.js";
import { diskTypesOf, instanceTypesOf } from "./zone-offers.js";

/** CVM's InstanceState of a world VM; undefined once it is gone (terminated). */
export function instanceStateOf(state: VmState): string | undefined {
  switch (state) {
    case "pending":
      return "PENDING";
    case "running":
      return "RUNNING";
    case "stopping":
      return "STOPPING";
    case "stopped":
      return "STOPPED";
    case "starting":
      return "STARTING";
    case "rebooting":
      return "REBOOTING";
    case "shutting-down":
      return "TERMINATING";
    case "error":
      return "LAUNCH_FAILED";
    case "terminated":
      return undefined;
  }
}

/** States in which a transition runs: the latest operation is OPERATING. */
const transitional: readonly VmState[] = ["pending", "stopping", "starting", "rebooting", "shutting-down"];

function requireInstanceId(id: string): void {
  if (!/^ins-[a-z0-9]{8}$/.test(id)) {
    throw new TencentError("InvalidInstanceId.Malformed", `The instance id \`${id}\` is malformed.`);
  }
}

/** A live instance; InvalidInstanceId.NotFound once it is gone. */
export function requireInstance(cloud: AccountRegion, id: string): Vm {
  requireInstanceId(id);
  const vm = cloud.vms.get(id);
  if (instanceStateOf(vm.state) === undefined) throw notFound("instance", id);
  return vm;
}

/** Refuses to act on an instance whose latest operation is still running. */
function requireIdle(vm: Vm): void {
  if (transitional.includes(vm.state)) {
    throw new TencentError(
      "OperationDenied.InstanceOperationInProgress",
      `The instance \`${vm.id}\` has an operation in progress.`,
    );
  }
}

function renderInstance(c: ActionContext, vm: Vm, cloud: AccountRegion): Record<string, unknown> {
  const operation = c.state.operations.get(vm.id);
  const operationState = transitional.includes(vm.state) ? "OPERATING" : vm.state === "error" ? "FAILED" : "SUCCESS";
  const bandwidth = c.state.bandwidthOut.get(vm.id) ?? 0;
  const dataDisks = vm.dataDisks.flatMap((ref) => {
    const disk = cloud.disks.list().items.find((d) => d.id === ref.id);
    return disk
      ? [
          {
            DiskId: disk.id,
            DiskType: disk.type,
            DiskSize: disk.sizeGB,
            DeleteWithInstance: disk.attachment?.deleteOnTermination ?? false,
          },
        ]
      : [];
  });
  return {
    Placement: { Zone: vm.zone, ProjectId: 0 },
    InstanceId: vm.id,
    Uuid: vm.id,
    InstanceType: vm.specName,
    CPU: vm.vcpus,
    Memory: Math.round(vm.memoryMiB / 1024),
    RestrictState: "NORMAL",
    InstanceName: vm.name,
    InstanceChargeType: "POSTPAID_BY_HOUR",
    SystemDisk: { DiskType: vm.rootDisk.type, DiskId: `disk-${vm.id.slice(4)}`, DiskSize: vm.rootDisk.sizeGB },
    DataDisks: dataDisks,
    PrivateIpAddresses: vm.state === "error" ? [] : [vm.privateIp],
    PublicIpAddresses: vm.publicIp ? [vm.publicIp] : [],
    InternetAccessible: {
      InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR",
      InternetMaxBandwidthOut: bandwidth,
      PublicIpAssigned: vm.publicIp !== undefined,
    },
    VirtualPrivateCloud: { VpcId: vm.vpc.id, SubnetId: vm.subnet.id, AsVpcGateway: false },
    ImageId: vm.image.id,
    RenewFlag: "NOTIFY_AND_MANUAL_RENEW",
    CreatedTime: isoTime(vm.createdAt),
    ExpiredTime: "",
    OsName: vm.osDistribution,
    SecurityGroupIds: vm.securityGroups.map((g) => g.id),
    LoginSettings: { KeyIds: vm.keyPair ? [vm.keyPair.id] : [] },
    InstanceState: instanceStateOf(vm.state),
    Tags: tagList(vm.tags),
    StopChargingMode: "NOT_APPLICABLE",
    LatestOperation: operation?.name ?? "RunInstances",
    LatestOperationState: operationState,
    LatestOperationRequestId: operation?.requestId ?? "",
    ...(vm.state === "error" ? { LatestOperationErrorMsg: "Launch failed: no host could be found." } : {}),
    DisasterRecoverGroupId: "",
    IPv6Addresses: [],
    CamRoleName: "",
    DisableApiTermination: false,
    DefaultLoginUser: vm.loginUser,
    DefaultLoginPort: vm.platform === "windows" ? 3389 : 22,
  };
}

const runInstances: ActionRegistration = {
  service: cvm,
  action: "RunInstances",
  handler: async (c) => {
    const p = c.params;
    const charge = p.oneOf("InstanceChargeType", ["PREPAID", "POSTPAID_BY_HOUR", "CDHPAID", "SPOTPAID", "CDCPAID"]);
    if (charge !== undefined && charge !== "POSTPAID_BY_HOUR") {
      throw new TencentError(
        "UnsupportedOperation",
        "The emulator runs pay-as-you-go (POSTPAID_BY_HOUR) instances only.",
      );
    }
    const placement = p.requiredObject("Placement");
    const zone = placement.required("Zone");
    const project = placement.int("ProjectId", { min: 0 }) ?? 0;
    if (project !== 0)
      throw new TencentError("InvalidProjectId.NotFound", `The project \`${project}\` does not exist.`);
    const imageId = p.required("ImageId");
    // Tencent's default type (S1.SMALL1) is not in the emulator's catalog; its smallest S5 stands in.
    const typeName = p.string("InstanceType") ?? "S5.SMALL2";
    const system = p.object("SystemDisk");
    const systemType = system?.string("DiskType");
    const systemSize = system?.int("DiskSize", { min: 20, max: 1024 });
    const dataDisks = p.objects("DataDisks").map((d, i) => ({
      type: d.string("DiskType") ?? "CLOUD_PREMIUM",
      sizeGB: d.int("DiskSize", { min: 10, max: 32000 }) ?? invalidSize(i),
      deleteOnTermination: d.bool("DeleteWithInstance") ?? true,
    }));
    if (dataDisks.length > 20)
      throw invalidValue("DataDisks", "At most 20 data disks are allowed.", "InvalidParameterValue.LimitExceeded");
    const network = p.object("VirtualPrivateCloud");
    if (!network) {
      throw new TencentError(
        "MissingParameter",
        "The emulator has no default VPC: give VirtualPrivateCloud.VpcId and SubnetId.",
      );
    }
    const vpcId = network.required("VpcId");
    const subnetId = network.required("SubnetId");
    const internet = p.object("InternetAccessible");
    const bandwidth = internet?.int("InternetMaxBandwidthOut", { min: 0, max: 200 }) ?? 0;
    internet?.oneOf("InternetChargeType", [
      "BANDWIDTH_PREPAID",
      "TRAFFIC_POSTPAID_BY_HOUR",
      "BANDWIDTH_POSTPAID_BY_HOUR",
      "BANDWIDTH_PACKAGE",
    ]);
    const assigned = internet?.bool("PublicIpAssigned") ?? bandwidth > 0;
    if (assigned && bandwidth === 0) {
      throw invalidValue(
        "InternetAccessible.InternetMaxBandwidthOut",
        "A public IP needs a bandwidth above 0.",
        "InvalidParameterValue.BandwidthNotAllowed",
      );
    }
    const count = p.int("InstanceCount", { min: 1, max: 100 }) ?? 1;
    const name = p.string("InstanceName") ?? "Unnamed";
    if (name.length > 128)
      throw invalidValue(
        "InstanceName",
        "It must be at most 128 characters.",
        "InvalidParameterValue.InstanceNameTooLong",
      );
    const login = p.object("LoginSettings");
    const keyIds = login?.strings("KeyIds") ?? [];
    if (keyIds.length > 1)
      throw invalidValue(
        "LoginSettings.KeyIds",
        "Only one key can be bound at launch.",
        "InvalidParameterValue.LimitExceeded",
      );
    const password = login?.string("Password");
    if (password !== undefined && !passwordAccepted(password)) {
      throw invalidValue(
        "LoginSettings.Password",
        "It must be 8 to 30 characters with at least three of: lower-case letters, upper-case letters, digits, special characters.",
        "InvalidPassword",
      );
    }
    const groups = p.strings("SecurityGroupIds", { max: 5 }) ?? [];
    const userData = p.string("UserData");
    if (
      userData !== undefined &&
      (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length % 4 !== 0 || userData.length > 16 * 1024)
    ) {
      throw invalidValue("UserData", "It must be base64, at most 16 KB.", "InvalidUserData.Malformed");
    }
    const tags = tagSpecification(p, "instance");
    const dryRun = p.bool("DryRun") ?? false;
    return idempotent(c, (cloud, gate) => {
      requireZone(cloud, zone);
      const image = requireImage(cloud, imageId);
      if (image.state !== "NORMAL")
        throw new TencentError("InvalidImageState", `The image \`${imageId}\` is not ready.`);
      const spec = instanceTypesOf(cloud, zone).find((s) => s.name === typeName);
      if (!spec) {
        throw new TencentError(
          "InvalidInstanceType.NotFound",
          `The instance type \`${typeName}\` is not sold in ${zone}.`,
        );
      }
      if (spec.architecture !== image.architecture) {
        throw new TencentError("InvalidParameterCombination", `The image \`${imageId}\` does not run on ${typeName}.`);
      }
      const offered = diskTypesOf(cloud, zone);
      const known = cloud.catalog.diskTypes().map((d) => d.name);
      const rootType = systemType ?? (offered.includes("CLOUD_PREMIUM") ? "CLOUD_PREMIUM" : "CLOUD_BSSD");
      for (const [field, type] of [
        ["SystemDisk.DiskType", rootType],
        ...dataDisks.map((d, i) => [`DataDisks.${i}.DiskType`, d.type]),
      ] as const) {
        if (!known.includes(type)) throw invalidValue(field, `\`${type}\` is not a disk type.`);
        if (!offered.includes(type)) {
          throw new TencentError(
            "ResourceInsufficient.CloudDiskUnavailable",
            `The disk type \`${type}\` (${field}) is not offered in ${zone}.`,
          );
        }
      }
      dataDisks.forEach((d, i) => {
        const def = cloud.catalog.diskTypes().find((t) => t.name === d.type);
        if (def && (d.sizeGB < def.minGB || d.sizeGB > def.maxGB)) {
          throw invalidValue(`DataDisks.${i}.DiskSize`, `${d.type} disks are ${def.minGB}..${def.maxGB} GB.`);
        }
      });
      if (systemSize !== undefined && systemSize < image.sizeGB) {
        throw invalidValue(
          "SystemDisk.DiskSize",
          `It must be at least the image's ${image.sizeGB} GB.`,
          "InvalidParameterValue.InvalidImageSize",
        );
      }
      const subnet = cloud.subnets.get(subnetId);
      if (subnet.vpcId !== vpcId)
        throw invalidValue(
          "VirtualPrivateCloud.SubnetId",
          `The subnet is not in VPC \`${vpcId}\`.`,
          "InvalidParameterValue.VpcIdNotMatchSubnetId",
        );
      if (subnet.zone !== zone) {
        throw invalidValue(
          "VirtualPrivateCloud.SubnetId",
          `The subnet is in zone ${subnet.zone}, not ${zone}.`,
          "InvalidParameterValue.VpcIdZoneIdNotMatch",
        );
      }
      for (const id of groups) cloud.securityGroups.get(id);
      const keyId = keyIds[0];
      if (keyId !== undefined) cloud.keyPairs.get(keyId);
      if (dryRun) throw new TencentError("DryRunOperation", "The request would have succeeded.");
      const made: Vm[] = [];
      try {
        for (let i = 0; i < count; i++) {
          made.push(
            cloud.vms.run(
              {
                name,
                imageId,
                specName: typeName,
                subnetId,
                vpcId,
                zone,
                securityGroupIds: groups,
                ...(keyId === undefined ? {} : { keyPairId: keyId }),
                rootDisk: { type: rootType, sizeGB: systemSize ?? Math.max(image.sizeGB, 50) },
                newDisks: dataDisks.map((d, j) => ({ ...d, device: `/dev/vd${String.fromCharCode(98 + j)}` })),
                assignPublicIp: assigned,
                tags,
              },
              gate,
            ),
          );
        }
      } catch (error) {
        // All or nothing: what was started goes again.
        for (const vm of made) cloud.vms.terminate(vm.id);
        throw error;
      }
      for (const vm of made) {
        c.state.bandwidthOut.set(vm.id, assigned ? bandwidth : 0);
        c.state.operations.set(vm.id, { name: "RunInstances", requestId: c.requestId });
      }
      return { InstanceIdSet: made.map((vm) => vm.id) };
    });
  },
};

/** CVM's Linux password rule: 8-30 characters of three classes, not starting with "/", specials from its list. */
function passwordAccepted(password: string): boolean {
  const specials = "()`~!@#$%^&*-+=|{}[]:;',.?/";
  if (password.length < 8 || password.length > 30 || password.startsWith("/")) return false;
  if ([...password].some((ch) => !/[A-Za-z0-9]/.test(ch) && !specials.includes(ch))) return false;
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length >= 3;
}

function invalidSize(index: number): never {
  throw new TencentError(
    "MissingParameter",
    `The request is missing a required parameter \`DataDisks.${index}.DiskSize\`.`,
  );
}

const describeInstances: ActionRegistration = {
  service: cvm,
  action: "DescribeInstances",
  handler: async (c) => {
    const ids = c.params.strings("InstanceIds", { max: 100 });
    for (const id of ids ?? []) requireInstanceId(id);
    const filters = filtersOf(
      c.params,
      withTagFilters(c.params, [
        "zone",
        "project-id",
        "instance-id",
        "instance-name",
        "instance-state",
        "instance-type",
        "instance-charge-type",
        "vpc-id",
        "subnet-id",
        "security-group-id",
        "private-ip-address",
        "public-ip-address",
        "image-id",
      ]),
    );
    if (ids !== undefined && c.params.objects("Filters").length > 0) {
      throw new TencentError("InvalidParameter", "InstanceIds and Filters cannot be given together.");
    }
    return c.call((cloud) => {
      const vms = cloud.vms.list().items.filter((vm) => {
        const state = instanceStateOf(vm.state);
        return (
          state !== undefined &&
          (ids === undefined || ids.includes(vm.id)) &&
          passes(filters, "zone", vm.zone) &&
          passes(filters, "project-id", "0") &&
          passes(filters, "instance-id", vm.id) &&
          passes(filters, "instance-name", vm.name) &&
          passes(filters, "instance-state", state) &&
          passes(filters, "instance-type", vm.specName) &&
          passes(filters, "instance-charge-type", "POSTPAID_BY_HOUR") &&
          passes(filters, "vpc-id", vm.vpc.id) &&
          passes(filters, "subnet-id", vm.subnet.id) &&
          (filters.get("security-group-id") ?? [undefined]).some(
            (g) => g === undefined || vm.securityGroups.some((s) => s.id === g),
          ) &&
          passes(filters, "private-ip-address", vm.privateIp) &&
          passes(filters, "public-ip-address", vm.publicIp) &&
          passes(filters, "image-id", vm.image.id) &&
          tagFiltersPass(filters, vm.tags)
        );
      });
      const page = offsetPage(vms, c.params, c.pages);
      return { TotalCount: page.total, InstanceSet: page.items.map((vm) => renderInstance(c, vm, cloud)) };
    });
  },
};

/** A batch control action: every id checked first (all or nothing), then each instance moved. */
function control(
  action: "StartInstances" | "StopInstances" | "RebootInstances" | "TerminateInstances",
  apply: (cloud: AccountRegion, vm: Vm) => void,
): ActionRegistration {
  return {
    service: cvm,
    action,
    handler: async (c) => {
      const ids = c.params.requiredStrings("InstanceIds", { max: 100 });
      if (action === "StopInstances") c.params.oneOf("StoppedMode", ["KEEP_CHARGING", "STOP_CHARGING"]);
      return c.call((cloud) => {
        const vms = ids.map((id) => requireInstance(cloud, id));
        for (const vm of vms) {
          if (action === "TerminateInstances" && vm.state === "shutting-down") continue;
          if (action === "TerminateInstances" && vm.state === "error") continue;
          requireIdle(vm);
          if (action === "StartInstances" && vm.state !== "stopped") {
            throw new TencentError(
              vm.state === "error"
                ? "UnsupportedOperation.InstanceStateLaunchFailed"
                : "UnsupportedOperation.InstanceStateRunning",
              `The instance \`${vm.id}\` is not stopped.`,
            );
          }
          if ((action === "StopInstances" || action === "RebootInstances") && vm.state !== "running") {
            throw new TencentError(
              vm.state === "error"
                ? "UnsupportedOperation.InstanceStateLaunchFailed"
                : "UnsupportedOperation.InstanceStateStopped",
              `The instance \`${vm.id}\` is not running.`,
            );
          }
        }
        for (const vm of vms) {
          apply(cloud, vm);
          c.state.operations.set(vm.id, { name: action, requestId: c.requestId });
        }
        return {};
      });
    },
  };
}

export const instanceActions: ActionRegistration[] = [
  runInstances,
  describeInstances,
  control("StartInstances", (cloud, vm) => cloud.vms.start(vm.id)),
  control("StopInstances", (cloud, vm) => cloud.vms.stop(vm.id)),
  control("RebootInstances", (cloud, vm) => cloud.vms.reboot(vm.id)),
  control("TerminateInstances", (cloud, vm) => cloud.vms.terminate(vm.id)),
];
