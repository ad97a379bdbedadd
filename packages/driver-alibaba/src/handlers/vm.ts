import { diskTypeOrDefault, isBaristaError, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, IID, VmHandler, VmInfo, VmStatus } from "@cloud-barista/core/driver";
import { badAnswer, capacity, invalid, notSupported } from "../errors.js";
import type { KeyPairsAnswer } from "./key-pair.js";
import { loginOf } from "../login.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagParams } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import { forgetZoneOffers, zoneOffers } from "./stock.js";
import { onAvailableNetwork } from "./vpc.js";
import type { AlibabaImage, ImagesAnswer } from "./image-map.js";
import { imageTypeTagKey, toVmInfo, vmUserTagKey } from "./vm-map.js";
import type { AlibabaInstance, InstancesAnswer } from "./vm-map.js";

/** System disk categories in the order the driver picks one when the request names none. */
export const systemDiskPreference = ["cloud_essd", "cloud_auto", "cloud_efficiency", "cloud_ssd", "cloud"] as const;

/** A disk as the details of a VM need it. */
interface InstanceDisk {
  DiskId?: string;
  DiskName?: string;
  InstanceId?: string;
  Type?: string;
  Category?: string;
  Size?: number;
  Device?: string;
}

interface InstanceDisksAnswer extends RpcAnswer {
  NextToken?: string;
  Disks?: { Disk?: InstanceDisk[] };
}

/** A VM with its system disk's category, size and device, and its data disks. */
const withDisks = (info: VmInfo, disks: readonly InstanceDisk[] | undefined): VmInfo => {
  const root = disks?.find((d) => d.Type === "system");
  const data = (disks ?? []).filter((d) => d.Type === "data" && d.DiskId);
  return {
    ...info,
    ...(root?.Category ? { rootDiskType: root.Category } : {}),
    ...(root?.Size === undefined ? {} : { rootDiskSizeGB: Number(root.Size) }),
    ...(root?.Device ? { rootDeviceName: root.Device } : {}),
    dataDiskIIDs: data.map((d) => ({ nameId: d.DiskName ?? "", systemId: d.DiskId ?? "" })),
  };
};

interface VSwitchAnswer extends RpcAnswer {
  VSwitches?: { VSwitch?: { VSwitchId?: string; ZoneId?: string }[] };
}

/**
 * ECS instances. A start is one RunInstances with the runtime's idempotency token as ClientToken
 * (a repeat answers the first call's instance), in the VSwitch's zone, pay-as-you-go, with a
 * public IP through InternetMaxBandwidthOut. Before it, DescribeAvailableResource (remembered a
 * few minutes) says whether the type is in stock in that zone and which system disk categories it
 * takes: a sold-out type is CapacityUnavailable and a category the zone does not offer is
 * NotSupported, both before anything is made. On Linux the login user is made by cloud-init with
 * the key pair's public key (`loginOf`). Suspend is StopInstance with StopCharging.
 */
export function createVmHandler(session: AlibabaSession): VmHandler {
  const zoneOfVSwitch = (ctx: CallContext, vswitchId: string) =>
    session.vswitchZones.get(vswitchId, async () => {
      return session.one<VSwitchAnswer, string>(
        ctx,
        "DescribeVSwitches",
        { VSwitchId: vswitchId },
        (a) => a.VSwitches?.VSwitch?.find((v) => v.VSwitchId === vswitchId)?.ZoneId,
        { type: "subnet", id: vswitchId },
      );
    });

  /** The system disk category to send, checked against what the zone offers for the type. */
  const systemDisk = async (request: DriverVmRequest, zone: string, ctx: CallContext): Promise<string | undefined> => {
    const offers = await zoneOffers(session, ctx, "SystemDisk", { zone, instanceType: request.specName }, true);
    const offer = offers.find((o) => o.zone === zone);
    if (!offer || !offer.open || offer.inStock.length === 0) {
      throw capacity(`${request.specName} cannot be started in ${zone} now (sold out or not offered there)`);
    }
    const asked = diskTypeOrDefault(request.rootDiskType);
    if (asked === undefined) return systemDiskPreference.find((c) => offer.inStock.includes(c));
    if (offer.inStock.includes(asked)) return asked;
    if (offer.soldOut.includes(asked)) throw capacity(`system disk category ${asked} is sold out in ${zone}`);
    throw notSupported(`system disk category "${asked}" with ${request.specName} in ${zone}`, "rootDiskType");
  };

  const read = async (vm: IID, ctx: CallContext): Promise<AlibabaInstance> => {
    return session.one<InstancesAnswer, AlibabaInstance>(
      ctx,
      "DescribeInstances",
      { InstanceIds: JSON.stringify([vm.systemId]) },
      (a) => a.Instances?.Instance?.find((i) => i.InstanceId === vm.systemId),
      { type: "vm", id: vm.systemId },
    );
  };

  const imageFacts = (ctx: CallContext, imageId: string) =>
    session.images.get(imageId, async () => {
      const image = await session.one<ImagesAnswer, AlibabaImage>(
        ctx,
        "DescribeImages",
        { ImageId: imageId, Status: "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated" },
        (a) => a.Images?.Image?.find((i) => i.ImageId === imageId),
        { type: "image", id: imageId },
      );
      return { windows: (image.OSType ?? "").toLowerCase() === "windows" };
    });

  const publicKeyOf = (ctx: CallContext, name: string) =>
    session.keyPairs.get(name, async () => {
      const key = await session.one<KeyPairsAnswer, { KeyPairName?: string; PublicKey?: string }>(
        ctx,
        "DescribeKeyPairs",
        { KeyPairName: name, IncludePublicKey: true },
        (a) => a.KeyPairs?.KeyPair?.find((k) => k.KeyPairName === name),
        { type: "keyPair", id: name },
      );
      return key.PublicKey;
    });

  const login = async (request: DriverVmRequest, ctx: CallContext) => {
    const image = await imageFacts(ctx, request.imageIID.systemId);
    const user = request.vmUserId ?? session.settings.vmUser;
    const needsKey = !image.windows && user !== "root" && request.keyPairIID !== undefined;
    const publicKey = needsKey && request.keyPairIID ? await publicKeyOf(ctx, request.keyPairIID.systemId) : undefined;
    if (needsKey && !publicKey)
      throw badAnswer(`DescribeKeyPairs: no public key of ${request.keyPairIID?.systemId ?? ""}`);
    return loginOf(image, request, session.settings.vmUser, publicKey);
  };

  /** Disks by instance id (DescribeDisks): what `details` adds. */
  const disksOf = async (ctx: CallContext, filter: Record<string, unknown>) => {
    const byInstance = new Map<string, InstanceDisk[]>();
    const pages = session.tokenPages<InstanceDisksAnswer, InstanceDisk>(
      ctx,
      "DescribeDisks",
      filter,
      (a) => a.Disks?.Disk,
    );
    for await (const d of pages) {
      if (d.InstanceId) byInstance.set(d.InstanceId, [...(byInstance.get(d.InstanceId) ?? []), d]);
    }
    return byInstance;
  };

  const control = async (
    ctx: CallContext,
    api: "StartInstance" | "StopInstance" | "RebootInstance",
    vm: IID,
    params: Record<string, unknown>,
    status: VmStatus,
  ) => {
    await session.call(ctx, api, { InstanceId: vm.systemId, ...params });
    return status;
  };

  return {
    async start(request, ctx) {
      if (request.dataDiskIIDs.length > 0) {
        throw invalid(
          "dataDiskNames",
          "alibaba-attach-after-start",
          "attach data disks after the VM runs (disk.attach)",
        );
      }
      // An instance lives in its VSwitch's zone, whatever zone the request names.
      const zone = await zoneOfVSwitch(ctx, request.subnetIID.systemId);
      const category = await systemDisk(request, zone, ctx);
      const access = await login(request, ctx);
      const bandwidth = session.settings.publicBandwidthMbps;
      const tags = {
        ...request.tags,
        ...(request.imageType === "MyImage" ? { [imageTypeTagKey]: "MyImage" } : {}),
        ...(access.userData ? { [vmUserTagKey]: access.user } : {}),
      };
      const run = () =>
        session.call<RpcAnswer & { InstanceIdSets?: { InstanceIdSet?: string[] } }>(ctx, "RunInstances", {
          ZoneId: zone,
          ImageId: request.imageIID.systemId,
          InstanceType: request.specName,
          VSwitchId: request.subnetIID.systemId,
          SecurityGroupIds: request.securityGroupIIDs.map((g) => g.systemId),
          InstanceName: request.name,
          KeyPairName: request.keyPairIID?.systemId,
          Password: access.password,
          UserData: access.userData,
          InstanceChargeType: "PostPaid",
          ...(bandwidth > 0 ? { InternetMaxBandwidthOut: bandwidth, InternetChargeType: "PayByTraffic" } : {}),
          "SystemDisk.Category": category,
          "SystemDisk.Size": request.rootDiskSizeGB,
          Amount: 1,
          ClientToken: request.idempotencyToken,
          ...tagParams(tags),
        });
      // A VSwitch made a moment ago may still be Pending: wait for it instead of failing.
      const vswitch = { vswitchId: request.subnetIID.systemId };
      const answer = await onAvailableNetwork(session, ctx, vswitch, run).catch((error: unknown) => {
        // Sold out since the zone was last asked: ask afresh next time.
        if (isBaristaError(error, "CapacityUnavailable")) {
          forgetZoneOffers(session, "SystemDisk", { zone, instanceType: request.specName });
        }
        throw error;
      });
      const id = answer.InstanceIdSets?.InstanceIdSet?.[0];
      if (!id) throw badAnswer("RunInstances: no instance id in the answer");
      ctx.created(id);
      const info = startedVmInfo(
        { ...request, zone },
        { systemId: id, region: session.region, vmUserId: access.user, platform: access.platform },
      );
      return { ...info, ...(category ? { rootDiskType: category } : {}) };
    },
    async get(vm, ctx, options) {
      const info = toVmInfo(session, await read(vm, ctx));
      if (!options?.details) return info;
      const disks = await disksOf(ctx, { InstanceId: vm.systemId });
      return withDisks(info, disks.get(vm.systemId));
    },
    list: (ctx, options) =>
      (async function* () {
        const disks = options?.details ? await disksOf(ctx, {}) : undefined;
        const pages = session.tokenPages<InstancesAnswer, AlibabaInstance>(
          ctx,
          "DescribeInstances",
          {},
          (a) => a.Instances?.Instance,
        );
        for await (const i of pages) {
          if (!i.InstanceId) continue;
          const info = toVmInfo(session, i);
          yield disks ? withDisks(info, disks.get(i.InstanceId)) : info;
        }
      })(),
    getStatus: async (vm, ctx) => vmStatusOf((await read(vm, ctx)).Status),
    listStatus: (ctx) =>
      (async function* () {
        const pages = session.tokenPages<InstancesAnswer, AlibabaInstance>(
          ctx,
          "DescribeInstances",
          {},
          (a) => a.Instances?.Instance,
        );
        for await (const i of pages) {
          if (i.InstanceId)
            yield { iid: { nameId: i.InstanceName ?? "", systemId: i.InstanceId }, status: vmStatusOf(i.Status) };
        }
      })(),
    suspend: (vm, ctx) => control(ctx, "StopInstance", vm, { StoppedMode: "StopCharging" }, "Suspending"),
    resume: (vm, ctx) => control(ctx, "StartInstance", vm, {}, "Resuming"),
    reboot: (vm, ctx) => control(ctx, "RebootInstance", vm, {}, "Rebooting"),
    async terminate(vm, ctx) {
      // Force: a running instance is stopped and released in one call.
      await session.call(ctx, "DeleteInstance", { InstanceId: vm.systemId, Force: true });
      return "Terminating";
    },
  };
}
