import { BaristaError } from "@cloud-barista/core";
import type { ImageHandler } from "@cloud-barista/core";
import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import type { AwsSession } from "../session.js";
import { toImageInfo } from "./image-map.js";

/**
 * Public AMIs of the configured owners (Amazon, Canonical, Debian, Rocky by default) that are
 * available EBS-backed machine images for x86_64 or arm64.
 */
export function createImageHandler(session: AwsSession): ImageHandler {
  const filters = [
    { Name: "state", Values: ["available"] },
    { Name: "image-type", Values: ["machine"] },
    { Name: "root-device-type", Values: ["ebs"] },
    { Name: "architecture", Values: ["x86_64", "arm64"] },
  ];
  return {
    list: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeImages",
          (c, abortSignal) =>
            c.send(
              new DescribeImagesCommand({
                Owners: [...session.settings.imageOwners],
                Filters: filters,
                MaxResults: session.settings.pageSize,
                NextToken: token,
              }),
              { abortSignal },
            ),
          { idempotent: true },
        );
        return { items: (page.Images ?? []).map(toImageInfo), nextToken: page.NextToken };
      }),

    async get(id, ctx) {
      const found = await session.ec2(
        ctx,
        "DescribeImages",
        (c, abortSignal) => c.send(new DescribeImagesCommand({ ImageIds: [id] }), { abortSignal }),
        {
          idempotent: true,
        },
      );
      const image = found.Images?.[0];
      if (!image)
        throw new BaristaError("NotFound", `image "${id}" not found`, {
          provider: "AWS",
          resourceType: "image",
          resourceName: id,
        });
      return toImageInfo(image);
    },
  };
}
