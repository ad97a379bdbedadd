import { createHash } from "node:crypto";
import { BaristaError, collect } from "@cloud-barista/core";
import type { CallContext, DriverVmRequest, VmHandler, VmStatus, VmStatusInfo } from "@cloud-barista/core";
import {
  DescribeImagesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeVolumesCommand,
  RebootInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import type { Image, Instance, Volume, VolumeType, _InstanceType } from "@aws-sdk/client-ec2";
import { awsNotFound } from "../not-found.js";
import type { AwsSession } from "../session.js";
import { checkUserTags, tagSpecifications } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import { platformOf } from "./image-map.js";
import { loginUserData } from "./user-data.js";
import { rootVolumeIdOf, toVmInfo } from "./vm-map.js";
import type { InstanceDetails } from "./vm-map.js";

/** States list() shows: everything but terminated (EC2 keeps terminated instances visible for about an hour). */
const liveStates = ["pending", "running", "shutting-down", "stopping", "stopped"];

/** ClientToken takes at most 64 ASCII characters; longer tokens are hashed, stably. */
function clientToken(token: string): string {
  return token.length <= 64 && /^[\x20-\x7e]+$/.test(token) ? token : createHash("sha256").update(token).digest("hex");
}

function notSupported(message: string, field: string): BaristaError {
  return new BaristaError("NotSupported", message, { provider: "AWS", field });
}

export function createVmHandler(session: AwsSession): VmHandler {
  const { settings } = session;

  /** Root volumes and images of some instances, two calls for the lot. */
  const detailsOf = async (
    ctx: CallContext,
    instances: readonly Instance[],
    ownerOf: (i: Instance) => string | undefined,
  ) => {
    const volumeIds = instances.flatMap((i) => rootVolumeIdOf(i) ?? []);
    const imageIds = [...new Set(instances.flatMap((i) => i.ImageId ?? []))];
    const volumes: Volume[] =
      volumeIds.length === 0
        ? []
        : await collect(
            session.pages(async (token) => {
              const page = await session.ec2(
                ctx,
                "DescribeVolumes",
                (c, abortSignal) =>
                  c.send(
                    new DescribeVolumesCommand({
                      Filters: [{ Name: "volume-id", Values: volumeIds }],
                      MaxResults: settings.pageSize,
                      NextToken: token,
                    }),
                    {
                      abortSignal,
                    },
                  ),
                { idempotent: true },
              );
              return { items: page.Volumes ?? [], nextToken: page.NextToken };
            }),
          );
    const images: Image[] =
      imageIds.length === 0
        ? []
        : await collect(
            session.pages(async (token) => {
              const page = await session.ec2(
                ctx,
                "DescribeImages",
                (c, abortSignal) =>
                  c.send(
                    new DescribeImagesCommand({
                      Filters: [{ Name: "image-id", Values: imageIds }],
                      MaxResults: settings.pageSize,
                      NextToken: token,
                    }),
                    {
                      abortSignal,
                    },
                  ),
                { idempotent: true },
              );
              return { items: page.Images ?? [], nextToken: page.NextToken };
            }),
          );
    return (instance: Instance): InstanceDetails => ({
      rootVolume: volumes.find((v) => v.VolumeId === rootVolumeIdOf(instance)),
      image: images.find((img) => img.ImageId === instance.ImageId),
      ownerId: ownerOf(instance),
    });
  };

  const describeOne = async (
    ctx: CallContext,
    id: string,
  ): Promise<{ instance: Instance; ownerId: string | undefined }> => {
    const found = await session.whenVisible(ctx, [id], () =>
      session.ec2(
        ctx,
        "DescribeInstances",
        (c, abortSignal) => c.send(new DescribeInstancesCommand({ InstanceIds: [id] }), { abortSignal }),
        {
          idempotent: true,
        },
      ),
    );
    const reservation = found.Reservations?.[0];
    const instance = reservation?.Instances?.[0];
    if (!instance) throw awsNotFound("vm", id);
    return { instance, ownerId: reservation?.OwnerId };
  };

  /** What RunInstances needs to know first: the image (root device, platform) and the key's public half. */
  const prepare = async (request: DriverVmRequest, ctx: CallContext) => {
    const imageId = request.imageIID.systemId;
    const images = await session.ec2(
      ctx,
      "DescribeImages",
      (c, abortSignal) => c.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal }),
      {
        idempotent: true,
      },
    );
    const image = images.Images?.[0];
    if (!image) throw awsNotFound("image", imageId);
    const windows = platformOf(image.Platform, image.PlatformDetails) === "Windows";
    let publicKey: string | undefined;
    if (request.keyPairIID && !windows) {
      const keyName = request.keyPairIID.systemId;
      const keys = await session.whenVisible(ctx, [keyName], () =>
        session.ec2(
          ctx,
          "DescribeKeyPairs",
          (c, abortSignal) =>
            c.send(new DescribeKeyPairsCommand({ KeyNames: [keyName], IncludePublicKey: true }), { abortSignal }),
          {
            idempotent: true,
          },
        ),
      );
      publicKey = keys.KeyPairs?.[0]?.PublicKey;
    }
    return { image, windows, publicKey };
  };

  return {
    async start(request, ctx) {
      if (request.vmUserPassword !== undefined)
        throw notSupported("AWS VMs log in with key pairs, not passwords", "vmUserPassword");
      if (request.dataDiskIIDs.length > 0) {
        throw notSupported(
          "AWS attaches existing volumes to running instances only: attach them with disk.attach once the VM runs",
          "dataDiskIIDs",
        );
      }
      checkUserTags(request.tags);
      const { image, windows, publicKey } = await prepare(request, ctx);
      const vmUser = windows ? "Administrator" : (request.vmUserId ?? settings.vmUser);
      const rootType =
        request.rootDiskType === undefined ||
        request.rootDiskType === "" ||
        request.rootDiskType.toLowerCase() === "default"
          ? undefined
          : request.rootDiskType;
      const customRoot = rootType !== undefined || request.rootDiskSizeGB !== undefined;
      const run = await session.ec2(
        ctx,
        "RunInstances",
        (c, abortSignal) =>
          c.send(
            new RunInstancesCommand({
              ImageId: request.imageIID.systemId,
              InstanceType: request.specName as _InstanceType,
              MinCount: 1,
              MaxCount: 1,
              ClientToken: clientToken(request.idempotencyToken),
              ...(request.keyPairIID ? { KeyName: request.keyPairIID.systemId } : {}),
              ...(publicKey ? { UserData: loginUserData(vmUser, publicKey) } : {}),
              NetworkInterfaces: [
                {
                  DeviceIndex: 0,
                  SubnetId: request.subnetIID.systemId,
                  Groups: request.securityGroupIIDs.map((g) => g.systemId),
                  AssociatePublicIpAddress: settings.publicIp,
                  DeleteOnTermination: true,
                },
              ],
              ...(customRoot
                ? {
                    BlockDeviceMappings: [
                      {
                        DeviceName: image.RootDeviceName,
                        Ebs: {
                          DeleteOnTermination: true,
                          ...(rootType ? { VolumeType: rootType as VolumeType } : {}),
                          ...(request.rootDiskSizeGB ? { VolumeSize: request.rootDiskSizeGB } : {}),
                        },
                      },
                    ],
                  }
                : {}),
              TagSpecifications: tagSpecifications("instance", request.name, request.tags),
            }),
            { abortSignal },
          ),
        // The client token makes a repeated RunInstances return the first call's instance.
        { idempotent: true },
      );
      const instance = run.Instances?.[0];
      if (!instance?.InstanceId)
        throw new BaristaError("ProviderError", "RunInstances answered without an instance", { provider: "AWS" });
      session.created(ctx, instance.InstanceId);
      const rootEbs = image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName)?.Ebs;
      const info = toVmInfo(instance, { image, ownerId: run.OwnerId }, session.region, vmUser);
      return {
        ...info,
        rootDiskType: rootType ?? rootEbs?.VolumeType ?? "gp3",
        ...((request.rootDiskSizeGB ?? rootEbs?.VolumeSize)
          ? { rootDiskSizeGB: request.rootDiskSizeGB ?? rootEbs?.VolumeSize }
          : {}),
      };
    },

    async get(vm, ctx) {
      const { instance, ownerId } = await describeOne(ctx, vm.systemId);
      const details = await detailsOf(ctx, [instance], () => ownerId);
      return toVmInfo(instance, details(instance), session.region, settings.vmUser);
    },

    list: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeInstances",
          (c, abortSignal) =>
            c.send(
              new DescribeInstancesCommand({
                Filters: [{ Name: "instance-state-name", Values: liveStates }],
                MaxResults: settings.pageSize,
                NextToken: token,
              }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        const owners = new Map<Instance, string | undefined>();
        for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) owners.set(i, r.OwnerId);
        const instances = [...owners.keys()];
        const details = await detailsOf(ctx, instances, (i) => owners.get(i));
        return {
          items: instances.map((i) => toVmInfo(i, details(i), session.region, settings.vmUser)),
          nextToken: page.NextToken,
        };
      }),

    async getStatus(vm, ctx) {
      const found = await session.whenVisible(ctx, [vm.systemId], () =>
        session.ec2(
          ctx,
          "DescribeInstanceStatus",
          (c, abortSignal) =>
            c.send(new DescribeInstanceStatusCommand({ InstanceIds: [vm.systemId], IncludeAllInstances: true }), {
              abortSignal,
            }),
          { idempotent: true },
        ),
      );
      const status = found.InstanceStatuses?.[0];
      if (!status) throw awsNotFound("vm", vm.systemId);
      return vmStatusOf(status.InstanceState?.Name);
    },

    listStatus: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeInstanceStatus",
          (c, abortSignal) =>
            c.send(
              new DescribeInstanceStatusCommand({
                IncludeAllInstances: true,
                MaxResults: settings.pageSize,
                NextToken: token,
              }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        const items = (page.InstanceStatuses ?? []).map((s): VmStatusInfo => ({
          iid: { nameId: s.InstanceId ?? "", systemId: s.InstanceId ?? "" },
          status: vmStatusOf(s.InstanceState?.Name),
        }));
        return { items, nextToken: page.NextToken };
      }),

    async suspend(vm, ctx) {
      const out = await session.whenVisible(ctx, [vm.systemId], () =>
        session.ec2(ctx, "StopInstances", (c, abortSignal) =>
          c.send(new StopInstancesCommand({ InstanceIds: [vm.systemId] }), { abortSignal }),
        ),
      );
      return vmStatusOf(out.StoppingInstances?.[0]?.CurrentState?.Name);
    },

    async resume(vm, ctx) {
      const out = await session.whenVisible(ctx, [vm.systemId], () =>
        session.ec2(ctx, "StartInstances", (c, abortSignal) =>
          c.send(new StartInstancesCommand({ InstanceIds: [vm.systemId] }), { abortSignal }),
        ),
      );
      // EC2 says "pending" for an instance starting again; for the caller that is resuming.
      const state = out.StartingInstances?.[0]?.CurrentState?.Name;
      return state === "pending" ? "Resuming" : vmStatusOf(state);
    },

    async reboot(vm, ctx): Promise<VmStatus> {
      await session.whenVisible(ctx, [vm.systemId], () =>
        session.ec2(ctx, "RebootInstances", (c, abortSignal) =>
          c.send(new RebootInstancesCommand({ InstanceIds: [vm.systemId] }), { abortSignal }),
        ),
      );
      // EC2 keeps a rebooting instance "running"; the call itself is what starts the reboot.
      return "Rebooting";
    },

    // Terminating a terminating instance changes nothing, so the call is safe to repeat.
    async terminate(vm, ctx) {
      const out = await session.whenVisible(ctx, [vm.systemId], () =>
        session.ec2(
          ctx,
          "TerminateInstances",
          (c, abortSignal) => c.send(new TerminateInstancesCommand({ InstanceIds: [vm.systemId] }), { abortSignal }),
          {
            idempotent: true,
          },
        ),
      );
      return vmStatusOf(out.TerminatingInstances?.[0]?.CurrentState?.Name);
    },
  };
}
