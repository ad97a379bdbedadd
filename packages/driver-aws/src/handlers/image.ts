import { notFound } from "../errors.js";
import type { ImageHandler } from "@cloud-barista/core/driver";
import type { AwsSession } from "../session.js";
import { toImageInfo } from "./image-map.js";

/**
 * Public AMIs of the configured owners (Amazon, Canonical, Debian, Rocky by default) that are
 * available EBS-backed machine images for x86_64 or arm64.
 */
export function createImageHandler(aws: AwsSession): ImageHandler {
  const filters = [
    { Name: "state", Values: ["available"] },
    { Name: "image-type", Values: ["machine"] },
    { Name: "root-device-type", Values: ["ebs"] },
    { Name: "architecture", Values: ["x86_64", "arm64"] },
  ];
  const { imageOwners, pageSize } = aws.settings;
  return {
    list: (ctx) =>
      aws.pages(
        (NextToken) =>
          aws.ec2(ctx, "DescribeImages", {
            Owners: [...imageOwners],
            Filters: filters,
            MaxResults: pageSize,
            NextToken,
          }),
        (page) => page.Images?.map(toImageInfo),
      ),

    async get(id, ctx) {
      const image = (await aws.ec2(ctx, "DescribeImages", { ImageIds: [id] })).Images?.[0];
      if (!image) throw notFound("image", id);
      aws.rememberImage(image);
      return toImageInfo(image);
    },
  };
}
