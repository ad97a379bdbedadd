import type { MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import type { MyImage, MyImageState } from "@cloud-barista/emulator";
import { idOf, iidOf } from "../session.js";
import type { MockSession } from "../session.js";

const myImageStatus: Readonly<Record<MyImageState, MyImageStatus>> = {
  pending: "Creating",
  available: "Available",
};

/** The world calls my-images "image", like public ones; errors of these calls are about my-images. */
const myImages = { images: "myImage" } as const;

export function createMyImageHandler(session: MockSession): MyImageHandler {
  return {
    async create(request, ctx) {
      const image = await session.call(
        ctx,
        "CreateImage",
        (cloud) => cloud.myImages.create({ name: request.name, vmId: idOf(request.sourceVmIID), tags: request.tags }),
        myImages,
      );
      return toMyImageInfo(image);
    },

    async get(image, ctx) {
      return toMyImageInfo(
        await session.call(ctx, "DescribeImages", (cloud) => cloud.myImages.get(idOf(image)), myImages),
      );
    },

    list: (ctx) => session.list(ctx, "DescribeImages", (cloud, page) => cloud.myImages.list(page), toMyImageInfo),

    async delete(image, ctx) {
      await session.call(ctx, "DeregisterImage", (cloud) => cloud.myImages.delete(idOf(image)), myImages);
    },
  };
}

function toMyImageInfo(image: MyImage): MyImageInfo {
  return {
    iid: { nameId: image.name, systemId: image.id },
    sourceVmIID: iidOf(image.sourceVm),
    status: myImageStatus[image.state],
    createdAt: new Date(image.createdAt),
    tags: image.tags,
    extra: { architecture: image.architecture, platform: image.platform, osDistribution: image.osDistribution },
  };
}
