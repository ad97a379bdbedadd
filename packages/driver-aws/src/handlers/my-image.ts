import type { CallContext, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core";
import { CreateImageCommand, DeregisterImageCommand, DescribeImagesCommand } from "@aws-sdk/client-ec2";
import type { Image } from "@aws-sdk/client-ec2";
import { awsNotFound } from "../not-found.js";
import type { AwsSession } from "../session.js";
import { tagSpecifications, userTagsOf } from "../tags.js";

const statusByState: Readonly<Record<string, MyImageStatus>> = {
  pending: "Creating",
  available: "Available",
  deregistered: "Deleting",
  disabled: "Deleting",
  failed: "Error",
  error: "Error",
  invalid: "Error",
};

function toInfo(image: Image): MyImageInfo {
  const source = image.SourceInstanceId ?? "";
  return {
    iid: { nameId: image.Name ?? "", systemId: image.ImageId ?? "" },
    sourceVmIID: { nameId: source, systemId: source },
    status: statusByState[image.State ?? ""] ?? "Error",
    ...(image.CreationDate ? { createdAt: new Date(image.CreationDate) } : {}),
    tags: userTagsOf(image.Tags),
    extra: {
      architecture: image.Architecture ?? "",
      platform: image.PlatformDetails ?? "",
      rootDeviceName: image.RootDeviceName ?? "",
    },
  };
}

/** AMIs made from the account's VMs (CreateImage, without rebooting the VM), listed by owner "self". */
export function createMyImageHandler(session: AwsSession): MyImageHandler {
  const describe = async (ctx: CallContext, id: string): Promise<Image> => {
    const found = await session.whenVisible(ctx, [id], () =>
      session.ec2(
        ctx,
        "DescribeImages",
        (c, abortSignal) => c.send(new DescribeImagesCommand({ ImageIds: [id] }), { abortSignal }),
        { idempotent: true },
      ),
    );
    const image = found.Images?.[0];
    if (!image) throw awsNotFound("myImage", id);
    return image;
  };

  return {
    async create(request, ctx) {
      const created = await session.ec2(ctx, "CreateImage", (c, abortSignal) =>
        c.send(
          new CreateImageCommand({
            InstanceId: request.sourceVmIID.systemId,
            Name: request.name,
            NoReboot: true,
            TagSpecifications: tagSpecifications("image", request.name, request.tags),
          }),
          { abortSignal },
        ),
      );
      const id = created.ImageId ?? "";
      session.created(ctx, id);
      return {
        iid: { nameId: request.name, systemId: id },
        sourceVmIID: request.sourceVmIID,
        status: "Creating",
        createdAt: new Date(ctx.clock.now()),
        tags: { ...request.tags },
      };
    },

    async get(image, ctx) {
      return toInfo(await describe(ctx, image.systemId));
    },

    list: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeImages",
          (c, abortSignal) =>
            c.send(
              new DescribeImagesCommand({ Owners: ["self"], MaxResults: session.settings.pageSize, NextToken: token }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        return { items: (page.Images ?? []).map(toInfo), nextToken: page.NextToken };
      }),

    // The AMI's EBS snapshots go with it, so deleting a my-image leaves no storage behind.
    async delete(image, ctx) {
      await session.ec2(
        ctx,
        "DeregisterImage",
        (c, abortSignal) =>
          c.send(new DeregisterImageCommand({ ImageId: image.systemId, DeleteAssociatedSnapshots: true }), {
            abortSignal,
          }),
        { idempotent: true },
      );
    },
  };
}
