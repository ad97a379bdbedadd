import type { MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import type { Image } from "@aws-sdk/client-ec2";
import { notFound } from "../errors.js";
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
export function createMyImageHandler(aws: AwsSession): MyImageHandler {
  return {
    async create(request, ctx) {
      const created = await aws.ec2(ctx, "CreateImage", {
        InstanceId: request.sourceVmIID.systemId,
        Name: request.name,
        NoReboot: true,
        TagSpecifications: tagSpecifications("image", request.name, request.tags),
      });
      const id = created.ImageId ?? "";
      const createdAt = new Date(ctx.clock.now());
      return {
        iid: { nameId: request.name, systemId: id },
        sourceVmIID: request.sourceVmIID,
        status: "Creating",
        createdAt,
        tags: { ...request.tags },
      };
    },

    async get(image, ctx) {
      const found = (await aws.ec2(ctx, "DescribeImages", { ImageIds: [image.systemId] })).Images?.[0];
      if (!found) throw notFound("myImage", image.systemId);
      return toInfo(found);
    },

    list: (ctx) =>
      aws.pages(
        (NextToken) =>
          aws.ec2(ctx, "DescribeImages", { Owners: ["self"], MaxResults: aws.settings.pageSize, NextToken }),
        (page) => page.Images?.map(toInfo),
      ),

    // The AMI's EBS snapshots go with it, so deleting a my-image leaves no storage behind.
    async delete(image, ctx) {
      await aws.ec2(ctx, "DeregisterImage", { ImageId: image.systemId, DeleteAssociatedSnapshots: true });
    },
  };
}
