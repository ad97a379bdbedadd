import type { CallContext, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagParams, tagsOf } from "../tags.js";
import type { AlibabaImage, ImagesAnswer } from "./image-map.js";

/** The tag that keeps a my-image's source instance (an image does not name it). */
export const sourceVmTagKey = "cb-source-vm";

const statusByState: Readonly<Record<string, MyImageStatus>> = {
  Creating: "Creating",
  Waiting: "Creating",
  Available: "Available",
  UnAvailable: "Error",
  CreateFailed: "Error",
  Deprecated: "Available",
};

const everyState = "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated";

function toMyImageInfo(image: AlibabaImage): MyImageInfo {
  const tags = tagsOf(image.Tags);
  const source = tags?.[sourceVmTagKey] ?? "";
  const userTags = tags && Object.fromEntries(Object.entries(tags).filter(([k]) => k !== sourceVmTagKey));
  const created = image.CreationTime ? new Date(image.CreationTime) : undefined;
  return {
    iid: { nameId: image.ImageName ?? "", systemId: image.ImageId ?? "" },
    sourceVmIID: { nameId: "", systemId: source },
    status: statusByState[image.Status ?? ""] ?? "Error",
    ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
    ...(userTags && Object.keys(userTags).length > 0 ? { tags: userTags } : {}),
    extra: { nativeState: image.Status ?? "", ...(image.Progress ? { progress: image.Progress } : {}) },
  };
}

/**
 * Custom images (ImageOwnerAlias "self") made from an instance with CreateImage (a ClientToken
 * per call); the source instance is kept in a tag, as the image does not name it.
 */
export function createMyImageHandler(session: AlibabaSession): MyImageHandler {
  const read = async (ctx: CallContext, id: string) => {
    return session.one<ImagesAnswer, AlibabaImage>(
      ctx,
      "DescribeImages",
      { ImageId: id, ImageOwnerAlias: "self", Status: everyState },
      (a) => a.Images?.Image?.find((i) => i.ImageId === id),
      { type: "myImage", id },
    );
  };
  return {
    async create(request, ctx) {
      const tags = { ...request.tags, [sourceVmTagKey]: request.sourceVmIID.systemId };
      const made = await session.create<RpcAnswer & { ImageId?: string }>(ctx, "CreateImage", {
        InstanceId: request.sourceVmIID.systemId,
        ImageName: request.name,
        ...tagParams(tags),
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
        const pages = session.pages<ImagesAnswer, AlibabaImage>(
          ctx,
          "DescribeImages",
          { ImageOwnerAlias: "self", Status: everyState },
          (a) => a.Images?.Image,
        );
        for await (const image of pages) if (image.ImageId) yield toMyImageInfo(image);
      })(),
    async delete(image, ctx) {
      await session.call(ctx, "DeleteImage", { ImageId: image.systemId });
    },
  };
}
