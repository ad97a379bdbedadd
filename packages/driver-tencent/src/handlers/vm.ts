import { createHash } from "node:crypto";
import { diskTypeOrDefault, isBaristaError, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, IID, VmHandler, VmStatus } from "@cloud-barista/core/driver";
import type {
  DescribeKeyPairsResponse,
  RunInstancesResponse,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import type { DescribeSubnetsResponse } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js";
import { badAnswer, capacity, invalid, notSupported } from "../errors.js";
import { loginOf } from "../login.js";
import type { TencentSession } from "../session.js";
import { tagSpecification } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import { diskOffers } from "./disk-config.js";
import { isWindows } from "./image-map.js";
import type { ImagesAnswer, TencentImage } from "./image-map.js";
import { forgetInstanceOffers, instanceOffers, selling } from "./stock.js";
import { imageTypeTagKey, toVmInfo, vmUserTagKey } from "./vm-map.js";
import type { InstancesAnswer, TencentInstance } from "./vm-map.js";

/** A ClientToken Tencent takes (at most 64 ASCII characters): the runtime's token, hashed when longer. */
export function clientTokenOf(token: string): string {
  return /^[\x21-\x7e]{1,64}$/.test(token) ? token : createHash("sha256").update(token).digest("hex").slice(0, 64);
}

/** DescribeInstances pages by at most 100. */
const instancePageSizeMax = 100;

/**
 * CVM instances. A start is one RunInstances with the runtime's idempotency token as ClientToken
 * (a repeat answers the first call's instance), in the subnet's zone, pay-as-you-go, with a
 * public IP (PublicIpAssigned) when the driver's bandwidth is above 0. Before it,
 * DescribeZoneInstanceConfigInfos (remembered a few minutes) says whether the zone SELLs the
 * type: SOLD_OUT is CapacityUnavailable before anything is made. A system disk type the request
 * names is checked against CBS DescribeDiskConfigQuota for the zone and type (not offered:
 * NotSupported; sold out: CapacityUnavailable); without one Tencent picks a type in stock.
 * LAUNCH_FAILED reads as Failed (terminal, never waited on as pending); terminate releases it.
 */
export function createVmHandler(session: TencentSession): VmHandler {
  const zoneOfSubnet = (ctx: CallContext, subnetId: string) =>
    session.subnetZones.get(subnetId, () =>
      session.one<DescribeSubnetsResponse, string>(
        ctx,
        "DescribeSubnets",
        { SubnetIds: [subnetId] },
        (a) => a.SubnetSet?.find((s) => s.SubnetId === subnetId)?.Zone,
        { type: "subnet", id: subnetId },
      ),
    );

  const read = (vm: IID, ctx: CallContext) =>
    session.one<InstancesAnswer, TencentInstance>(
      ctx,
      "DescribeInstances",
      { InstanceIds: [vm.systemId] },
      (a) => a.InstanceSet?.find((i) => i.InstanceId === vm.systemId),
      { type: "vm", id: vm.systemId },
    );

  const imageFacts = (ctx: CallContext, imageId: string) =>
    session.images.get(imageId, async () => {
      const image = await session.one<ImagesAnswer, TencentImage>(
        ctx,
        "DescribeImages",
        { ImageIds: [imageId] },
        (a) => a.ImageSet?.find((i) => i.ImageId === imageId),
        { type: "image", id: imageId },
      );
      return { windows: isWindows(image) };
    });

  const publicKeyOf = (ctx: CallContext, keyId: string) =>
    session.keyPairs.get(keyId, async () => {
      const key = await session.one<DescribeKeyPairsResponse, { PublicKey?: string }>(
        ctx,
        "DescribeKeyPairs",
        { KeyIds: [keyId] },
        (a) => a.KeyPairSet?.find((k) => k.KeyId === keyId),
        { type: "keyPair", id: keyId },
      );
      return key.PublicKey;
    });

  /** The offer of the type in the zone, refused as capacity when the zone does not sell it now. */
  const offerIn = async (request: DriverVmRequest, zone: string, ctx: CallContext) => {
    const filter = { zone, instanceType: request.specName };
    const offers = await instanceOffers(session, ctx, filter, true);
    const offer = offers.find((o) => o.Zone === zone && o.InstanceType === request.specName);
    if (!offer || !selling(offer)) {
      throw capacity(`${request.specName} cannot be started in ${zone} now (sold out or not offered there)`);
    }
    return offer;
  };

  /** The system disk type to send: the request's, checked against the zone; else Tencent's pick. */
  const systemDiskType = async (
    request: DriverVmRequest,
    zone: string,
    offer: { InstanceFamily?: string; Cpu?: number; Memory?: number },
    ctx: CallContext,
  ): Promise<string | undefined> => {
    const asked = diskTypeOrDefault(request.rootDiskType);
    if (asked === undefined) return undefined;
    const disks = await diskOffers(session, ctx, zone, "SYSTEM_DISK", {
      family: offer.InstanceFamily,
      cpu: offer.Cpu,
      memory: offer.Memory,
    });
    if (disks.available.includes(asked)) return asked;
    if (disks.soldOut.includes(asked)) throw capacity(`system disk type ${asked} is sold out in ${zone}`);
    throw notSupported(`system disk type "${asked}" with ${request.specName} in ${zone}`, "rootDiskType");
  };

  const login = async (request: DriverVmRequest, ctx: CallContext) => {
    const image = await imageFacts(ctx, request.imageIID.systemId);
    const user = request.vmUserId ?? session.settings.vmUser;
    const keyId = image.windows ? undefined : request.keyPairIID?.systemId;
    const needsKey = keyId !== undefined && user !== "root";
    const publicKey = needsKey ? await publicKeyOf(ctx, keyId) : undefined;
    if (needsKey && !publicKey) throw badAnswer(`DescribeKeyPairs: no public key of ${keyId}`);
    return loginOf(image, { ...request, keyId }, session.settings.vmUser, publicKey);
  };

  const control = async (
    ctx: CallContext,
    api: "StartInstances" | "StopInstances" | "RebootInstances",
    vm: IID,
    params: Record<string, unknown>,
    status: VmStatus,
  ) => {
    await session.call(ctx, api, { InstanceIds: [vm.systemId], ...params });
    return status;
  };

  const instances = (ctx: CallContext) =>
    session.pages<InstancesAnswer, TencentInstance>(ctx, "DescribeInstances", {}, (a) => a.InstanceSet, {
      pageSize: Math.min(session.settings.pageSize, instancePageSizeMax),
    });

  return {
    async start(request, ctx) {
      if (request.dataDiskIIDs.length > 0) {
        throw invalid(
          "dataDiskNames",
          "tencent-attach-after-start",
          "attach data disks after the VM runs (disk.attach)",
        );
      }
      // An instance lives in its subnet's zone, whatever zone the request names.
      const zone = await zoneOfSubnet(ctx, request.subnetIID.systemId);
      const offer = await offerIn(request, zone, ctx);
      const diskType = await systemDiskType(request, zone, offer, ctx);
      const access = await login(request, ctx);
      const bandwidth = session.settings.publicBandwidthMbps;
      const tags = {
        ...request.tags,
        ...(request.imageType === "MyImage" ? { [imageTypeTagKey]: "MyImage" } : {}),
        ...(access.userData ? { [vmUserTagKey]: access.user } : {}),
      };
      const systemDisk = {
        ...(diskType ? { DiskType: diskType } : {}),
        ...(request.rootDiskSizeGB ? { DiskSize: request.rootDiskSizeGB } : {}),
      };
      const answer = await session
        .call<RunInstancesResponse>(ctx, "RunInstances", {
          InstanceChargeType: "POSTPAID_BY_HOUR",
          Placement: { Zone: zone, ProjectId: session.settings.projectId },
          InstanceType: request.specName,
          ImageId: request.imageIID.systemId,
          ...(Object.keys(systemDisk).length > 0 ? { SystemDisk: systemDisk } : {}),
          VirtualPrivateCloud: { VpcId: request.vpcIID.systemId, SubnetId: request.subnetIID.systemId },
          InternetAccessible:
            bandwidth > 0
              ? {
                  InternetChargeType: "TRAFFIC_POSTPAID_BY_HOUR",
                  InternetMaxBandwidthOut: bandwidth,
                  PublicIpAssigned: true,
                }
              : { InternetMaxBandwidthOut: 0, PublicIpAssigned: false },
          InstanceCount: 1,
          InstanceName: request.name,
          LoginSettings: access.loginSettings,
          SecurityGroupIds: request.securityGroupIIDs.map((g) => g.systemId),
          ClientToken: clientTokenOf(request.idempotencyToken),
          TagSpecification: tagSpecification("instance", tags),
          UserData: access.userData,
        })
        .catch((error: unknown) => {
          // Sold out since the zone was last asked: ask afresh next time.
          if (isBaristaError(error, "CapacityUnavailable")) {
            forgetInstanceOffers(session, { zone, instanceType: request.specName });
          }
          throw error;
        });
      const id = answer.InstanceIdSet?.[0];
      if (!id) throw badAnswer("RunInstances: no instance id in the answer");
      ctx.created(id);
      const info = startedVmInfo(
        { ...request, zone },
        { systemId: id, region: session.region, vmUserId: access.user, platform: access.platform },
      );
      return { ...info, ...(diskType ? { rootDiskType: diskType } : {}) };
    },
    get: async (vm, ctx) => toVmInfo(session, await read(vm, ctx)),
    list: (ctx) =>
      (async function* () {
        for await (const i of instances(ctx)) if (i.InstanceId) yield toVmInfo(session, i);
      })(),
    getStatus: async (vm, ctx) => vmStatusOf(await read(vm, ctx)),
    listStatus: (ctx) =>
      (async function* () {
        for await (const i of instances(ctx)) {
          if (i.InstanceId)
            yield { iid: { nameId: i.InstanceName ?? "", systemId: i.InstanceId }, status: vmStatusOf(i) };
        }
      })(),
    // Stopped without charging for compute (pay-as-you-go), after a soft shutdown where it answers.
    suspend: (vm, ctx) =>
      control(ctx, "StopInstances", vm, { StopType: "SOFT_FIRST", StoppedMode: "STOP_CHARGING" }, "Suspending"),
    resume: (vm, ctx) => control(ctx, "StartInstances", vm, {}, "Resuming"),
    reboot: (vm, ctx) => control(ctx, "RebootInstances", vm, { StopType: "SOFT_FIRST" }, "Rebooting"),
    async terminate(vm, ctx) {
      await session.call(ctx, "TerminateInstances", { InstanceIds: [vm.systemId] });
      return "Terminating";
    },
  };
}
