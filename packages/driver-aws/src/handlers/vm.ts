import { createHash } from "node:crypto";
import { cloudInit, collect, diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, VmHandler, VmStatus } from "@cloud-barista/core/driver";
import type { Instance, VolumeType, _InstanceType } from "@aws-sdk/client-ec2";
import { badAnswer, notFound, notSupported } from "../errors.js";
import { ebsPerformance } from "../ebs-performance.js";
import type { AwsSession } from "../session.js";
import { checkUserTags, launchTags } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import { platformOf, rootMapping } from "./image-map.js";
import { rootVolumeIdOf, toVmInfo } from "./vm-map.js";
import type { InstanceDetails } from "./vm-map.js";

/** States list() shows: everything but terminated (EC2 keeps terminated instances visible for about an hour). */
const liveStates = ["pending", "running", "shutting-down", "stopping", "stopped"];

/** ClientToken takes at most 64 ASCII characters; longer tokens are hashed, stably. */
function clientToken(token: string): string {
  return token.length <= 64 && /^[\x20-\x7e]+$/.test(token) ? token : createHash("sha256").update(token).digest("hex");
}

export function createVmHandler(aws: AwsSession): VmHandler {
  const { settings } = aws;

  /** The facts of an image, from the connection's memory or one DescribeImages call. */
  const imageFacts = (ctx: CallContext, imageId: string) =>
    aws.images.get(imageId, async () => {
      const image = (await aws.ec2(ctx, "DescribeImages", { ImageIds: [imageId] })).Images?.[0];
      if (!image) throw notFound("image", imageId);
      return aws.rememberImage(image);
    });

  /**
   * What VmInfos of some instances need besides the instances: their images' facts (one
   * DescribeImages for those this connection has not seen yet) and, with details only, their root
   * volumes (one DescribeVolumes for the lot).
   */
  const detailsOf = async (
    ctx: CallContext,
    instances: readonly Instance[],
    ownerOf: (i: Instance) => string | undefined,
    details: boolean,
  ) => {
    const byId = (name: string, ids: string[]) => ({
      Filters: [{ Name: name, Values: ids }],
      MaxResults: settings.pageSize,
    });
    const unknownImages = [...new Set(instances.flatMap((i) => i.ImageId ?? []))].filter((id) => !aws.images.has(id));
    if (unknownImages.length > 0) {
      // An image deregistered since is not remembered: its VMs read as on a public image.
      for await (const image of aws.pages(
        (NextToken) => aws.ec2(ctx, "DescribeImages", { ...byId("image-id", unknownImages), NextToken }),
        (p) => p.Images,
      ))
        aws.rememberImage(image);
    }
    const volumeIds = details ? instances.flatMap((i) => rootVolumeIdOf(i) ?? []) : [];
    const volumes =
      volumeIds.length === 0
        ? []
        : await collect(
            aws.pages(
              (NextToken) => aws.ec2(ctx, "DescribeVolumes", { ...byId("volume-id", volumeIds), NextToken }),
              (p) => p.Volumes,
            ),
          );
    return (instance: Instance): InstanceDetails => ({
      rootVolume: volumes.find((v) => v.VolumeId === rootVolumeIdOf(instance)),
      image: instance.ImageId === undefined ? undefined : aws.images.peek(instance.ImageId),
      ownerId: ownerOf(instance),
    });
  };

  /**
   * What RunInstances needs to know first: the image (root device, platform) and the key's public
   * half, both remembered per connection, so a known image and key cost no call.
   */
  const prepare = async (request: DriverVmRequest, ctx: CallContext) => {
    const image = await imageFacts(ctx, request.imageIID.systemId);
    const windows = platformOf(image.Platform, image.PlatformDetails) === "Windows";
    const keyName = request.keyPairIID?.systemId;
    const publicKey =
      keyName === undefined || windows
        ? undefined
        : (
            await aws.keyPairs.get(keyName, async () => {
              const key = (await aws.ec2(ctx, "DescribeKeyPairs", { KeyNames: [keyName], IncludePublicKey: true }))
                .KeyPairs?.[0];
              return { publicKey: key?.PublicKey?.trim() };
            })
          ).publicKey;
    return { image, windows, publicKey };
  };

  const firstOf = async (ctx: CallContext, id: string) => {
    const found = await aws.ec2(ctx, "DescribeInstances", { InstanceIds: [id] });
    const reservation = found.Reservations?.[0];
    const instance = reservation?.Instances?.[0];
    if (!instance) throw notFound("vm", id);
    return { instance, ownerId: reservation?.OwnerId };
  };

  return {
    async start(request, ctx) {
      if (request.vmUserPassword !== undefined)
        throw notSupported("password logins on VMs (use a key pair)", "vmUserPassword");
      if (request.dataDiskIIDs.length > 0) {
        throw notSupported("existing volumes at launch: attach them with disk.attach once the VM runs", "dataDiskIIDs");
      }
      checkUserTags(request.tags);
      const { image, windows, publicKey } = await prepare(request, ctx);
      const vmUser = windows ? "Administrator" : (request.vmUserId ?? settings.vmUser);
      const userData = publicKey ? cloudInit({ user: vmUser, publicKey }, "base64") : undefined;
      const rootType = diskTypeOrDefault(request.rootDiskType);
      const customRoot =
        rootType !== undefined ||
        request.rootDiskSizeGB !== undefined ||
        request.rootDiskIops !== undefined ||
        request.rootDiskThroughputMiBps !== undefined;
      const rootEbs = {
        DeleteOnTermination: true,
        ...(rootType ? { VolumeType: rootType as VolumeType } : {}),
        ...(request.rootDiskSizeGB ? { VolumeSize: request.rootDiskSizeGB } : {}),
        ...ebsPerformance(
          rootType ?? "",
          request.rootDiskSizeGB ?? rootMapping(image)?.VolumeSize,
          request.rootDiskIops,
          request.rootDiskThroughputMiBps,
        ),
      };
      const run = await aws.ec2(ctx, "RunInstances", {
        ImageId: request.imageIID.systemId,
        InstanceType: request.specName as _InstanceType,
        MinCount: 1,
        MaxCount: 1,
        // The token makes a repeated RunInstances return the first call's instance.
        ClientToken: clientToken(request.idempotencyToken),
        ...(request.keyPairIID ? { KeyName: request.keyPairIID.systemId } : {}),
        ...(userData ? { UserData: userData } : {}),
        NetworkInterfaces: [
          {
            DeviceIndex: 0,
            SubnetId: request.subnetIID.systemId,
            Groups: request.securityGroupIIDs.map((g) => g.systemId),
            AssociatePublicIpAddress: settings.publicIp,
            DeleteOnTermination: true,
          },
        ],
        ...(customRoot ? { BlockDeviceMappings: [{ DeviceName: image.RootDeviceName, Ebs: rootEbs }] } : {}),
        TagSpecifications: launchTags(request.name, request.tags, windows ? undefined : vmUser),
      });
      const instance = run.Instances?.[0];
      if (!instance?.InstanceId) throw badAnswer("RunInstances answered without an instance");
      ctx.created(instance.InstanceId);
      const imageRoot = rootMapping(image);
      const rootSize = request.rootDiskSizeGB ?? imageRoot?.VolumeSize;
      return {
        ...toVmInfo(instance, { image, ownerId: run.OwnerId }, aws.region, vmUser),
        rootDiskType: rootType ?? imageRoot?.VolumeType ?? "gp3",
        ...(rootSize ? { rootDiskSizeGB: rootSize } : {}),
      };
    },

    // One DescribeInstances; the image from memory; the root volume only with details.
    async get(vm, ctx, options = {}) {
      const { instance, ownerId } = await firstOf(ctx, vm.systemId);
      const details = await detailsOf(ctx, [instance], () => ownerId, options.details === true);
      return toVmInfo(instance, details(instance), aws.region);
    },

    async *list(ctx, options = {}) {
      const pages = aws.pages(
        (NextToken) =>
          aws.ec2(ctx, "DescribeInstances", {
            Filters: [{ Name: "instance-state-name", Values: liveStates }],
            MaxResults: settings.pageSize,
            NextToken,
          }),
        (page) => [page.Reservations ?? []],
      );
      for await (const reservations of pages) {
        const owners = new Map<Instance, string | undefined>();
        for (const r of reservations) for (const i of r.Instances ?? []) owners.set(i, r.OwnerId);
        const instances = [...owners.keys()];
        const details = await detailsOf(ctx, instances, (i) => owners.get(i), options.details === true);
        yield* instances.map((i) => toVmInfo(i, details(i), aws.region));
      }
    },

    async getStatus(vm, ctx) {
      const status = (
        await aws.ec2(ctx, "DescribeInstanceStatus", { InstanceIds: [vm.systemId], IncludeAllInstances: true })
      ).InstanceStatuses?.[0];
      if (!status) throw notFound("vm", vm.systemId);
      return vmStatusOf(status.InstanceState?.Name);
    },

    listStatus: (ctx) =>
      aws.pages(
        (NextToken) =>
          aws.ec2(ctx, "DescribeInstanceStatus", {
            IncludeAllInstances: true,
            MaxResults: settings.pageSize,
            NextToken,
          }),
        (page) =>
          page.InstanceStatuses?.map((s) => ({
            iid: { nameId: s.InstanceId ?? "", systemId: s.InstanceId ?? "" },
            status: vmStatusOf(s.InstanceState?.Name),
          })),
      ),

    async suspend(vm, ctx) {
      const out = await aws.ec2(ctx, "StopInstances", { InstanceIds: [vm.systemId] });
      return vmStatusOf(out.StoppingInstances?.[0]?.CurrentState?.Name);
    },

    async resume(vm, ctx) {
      const out = await aws.ec2(ctx, "StartInstances", { InstanceIds: [vm.systemId] });
      // EC2 says "pending" for an instance starting again; for the caller that is resuming.
      const state = out.StartingInstances?.[0]?.CurrentState?.Name;
      return state === "pending" ? "Resuming" : vmStatusOf(state);
    },

    async reboot(vm, ctx): Promise<VmStatus> {
      await aws.ec2(ctx, "RebootInstances", { InstanceIds: [vm.systemId] });
      // EC2 keeps a rebooting instance "running"; the call itself is what starts the reboot.
      return "Rebooting";
    },

    async terminate(vm, ctx) {
      const out = await aws.ec2(ctx, "TerminateInstances", { InstanceIds: [vm.systemId] });
      return vmStatusOf(out.TerminatingInstances?.[0]?.CurrentState?.Name);
    },
  };
}
