import type { CallContext, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import type { CreateImageResponse } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import { badAnswer } from "../errors.js";
import { filters } from "../session.js";
import type { TencentSession } from "../session.js";
import { tagSpecification, tagsOf, withoutKeys } from "../tags.js";
import type { ImagesAnswer, TencentImage } from "./image-map.js";

/** The tag that keeps a my-image's source instance (an image does not name it). */
export const sourceVmTagKey = "cb-source-vm";

const statusByState: Readonly<Record<string, MyImageStatus>> = {
  CREATING: "Creating",
  SYNCING: "Creating",
  IMPORTING: "Creating",
  NORMAL: "Available",
  USING: "Available",
  CREATEFAILED: "Error",
  IMPORTFAILED: "Error",
};

function toMyImageInfo(image: TencentImage): MyImageInfo {
  const all = tagsOf(image.Tags);
  const tags = withoutKeys(all, [sourceVmTagKey]);
  const created = image.CreatedTime ? new Date(image.CreatedTime) : undefined;
  return {
    iid: { nameId: image.ImageName ?? "", systemId: image.ImageId ?? "" },
    sourceVmIID: { nameId: "", systemId: all?.[sourceVmTagKey] ?? "" },
    status: statusByState[image.ImageState ?? ""] ?? "Error",
    ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
    ...(tags ? { tags } : {}),
    extra: {
      nativeState: image.ImageState ?? "",
      ...(image.SyncPercent === undefined ? {} : { progress: String(image.SyncPercent) }),
    },
  };
}

/**
 * Custom images (image-type PRIVATE_IMAGE) made from an instance with CreateImage; the source
 * instance is kept in a tag, as the image does not name it.
 */
export function createMyImageHandler(session: TencentSession): MyImageHandler {
  const read = (ctx: CallContext, id: string) =>
    session.one<ImagesAnswer, TencentImage>(
      ctx,
      "DescribeImages",
      { ImageIds: [id] },
      (a) => a.ImageSet?.find((i) => i.ImageId === id && (i.ImageType ?? "PRIVATE_IMAGE") === "PRIVATE_IMAGE"),
      { type: "myImage", id },
    );
  return {
    async create(request, ctx) {
      const tags = { ...request.tags, [sourceVmTagKey]: request.sourceVmIID.systemId };
      const made = await session.call<CreateImageResponse>(ctx, "CreateImage", {
        InstanceId: request.sourceVmIID.systemId,
        ImageName: request.name,
        TagSpecification: tagSpecification("image", tags),
      });
      if (!made.ImageId) throw badAnswer("CreateImage: no ImageId in the answer");
      ctx.created(made.ImageId);
      return {
        iid: { nameId: request.name, systemId: made.ImageId },
        sourceVmIID: request.sourceVmIID,
        status: "Creating",
        ...(request.tags ? { tags: request.tags } : {}),
      };
    },
    get: async (image, ctx) => toMyImageInfo(await read(ctx, image.systemId)),
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<ImagesAnswer, TencentImage>(
          ctx,
          "DescribeImages",
          { Filters: filters({ "image-type": "PRIVATE_IMAGE" }) },
          (a) => a.ImageSet,
        );
        for await (const image of pages) if (image.ImageId) yield toMyImageInfo(image);
      })(),
    async delete(image, ctx) {
      await session.call(ctx, "DeleteImages", { ImageIds: [image.systemId] });
    },
  };
}
