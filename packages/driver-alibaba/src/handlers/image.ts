import type { ImageHandler } from "@cloud-barista/core/driver";
import type { AlibabaSession } from "../session.js";
import { toImageInfo } from "./image-map.js";
import type { AlibabaImage, ImagesAnswer } from "./image-map.js";

/**
 * Public images: Alibaba's own system images (ImageOwnerAlias "system") that are Available, paged
 * by PageNumber. `get` reads any image by id, whoever owns it (a marketplace or shared image too).
 */
export function createImageHandler(session: AlibabaSession): ImageHandler {
  return {
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<ImagesAnswer, NonNullable<NonNullable<ImagesAnswer["Images"]>["Image"]>[number]>(
          ctx,
          "DescribeImages",
          { ImageOwnerAlias: "system", Status: "Available" },
          (a) => a.Images?.Image,
        );
        for await (const image of pages) if (image.ImageId) yield toImageInfo(image);
      })(),
    async get(id, ctx) {
      const image = await session.one<ImagesAnswer, AlibabaImage>(
        ctx,
        "DescribeImages",
        { ImageId: id, Status: "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated" },
        (a) => a.Images?.Image?.find((i) => i.ImageId === id),
        { type: "image", id },
      );
      return toImageInfo(image);
    },
  };
}
