import type { ImageHandler } from "@cloud-barista/core/driver";
import { filters } from "../session.js";
import type { TencentSession } from "../session.js";
import { toImageInfo } from "./image-map.js";
import type { ImagesAnswer, TencentImage } from "./image-map.js";

/**
 * Public images: Tencent's own (image-type PUBLIC_IMAGE), paged by Offset/Limit. `get` reads any
 * image by id, whoever owns it (a shared or marketplace image too).
 */
export function createImageHandler(session: TencentSession): ImageHandler {
  return {
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<ImagesAnswer, TencentImage>(
          ctx,
          "DescribeImages",
          { Filters: filters({ "image-type": "PUBLIC_IMAGE" }) },
          (a) => a.ImageSet,
        );
        for await (const image of pages) if (image.ImageId) yield toImageInfo(image);
      })(),
    async get(id, ctx) {
      const image = await session.one<ImagesAnswer, TencentImage>(
        ctx,
        "DescribeImages",
        { ImageIds: [id] },
        (a) => a.ImageSet?.find((i) => i.ImageId === id),
        { type: "image", id },
      );
      return toImageInfo(image);
    },
  };
}
