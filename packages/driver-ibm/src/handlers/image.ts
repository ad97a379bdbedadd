import type { Architecture, ImageHandler, ImageInfo, OsPlatform } from "@cloud-barista/core/driver";
import type { IbmSession } from "../session.js";
import type { IbmImage } from "./native-types.js";

/** IBM's `operating_system.architecture` ("amd64", "arm64", "s390x") as the SDK names it. */
export function architectureOfImage(arch: string | undefined): Architecture {
  return arch === "amd64" ? "x86_64" : arch === "arm64" ? "arm64" : "NA";
}

/** Whether an image runs Windows, by its operating system's name or family. */
export function isWindows(image: IbmImage): boolean {
  const os = image.operating_system;
  return /windows/i.test(`${os?.family ?? ""} ${os?.name ?? ""}`);
}

const platformOf = (image: IbmImage): OsPlatform =>
  image.operating_system ? (isWindows(image) ? "Windows" : "Linux/UNIX") : "NA";

/** An image in the portable model: `available` and `deprecated` images can start VMs. */
export function toImageInfo(image: IbmImage): ImageInfo {
  const os = image.operating_system;
  const status = image.status ?? "";
  return {
    id: image.id ?? "",
    name: image.name ?? "",
    osArchitecture: architectureOfImage(os?.architecture),
    osPlatform: platformOf(image),
    osDistribution: os?.display_name ?? os?.name ?? image.name ?? "",
    ...(image.minimum_provisioned_size ? { osDiskSizeGB: image.minimum_provisioned_size } : {}),
    status: status === "available" || status === "deprecated" ? "Available" : status === "" ? "NA" : "Unavailable",
    extra: { nativeState: status, ...(os?.name ? { osName: os.name } : {}), visibility: image.visibility ?? "" },
  };
}

/**
 * IBM's stock images (`visibility=public`) of the region; `get` reads any image by id. Stock
 * Linux images log in as root with the instance's keys.
 */
export function createImageHandler(session: IbmSession): ImageHandler {
  return {
    list: (ctx) =>
      session.list<IbmImage, ImageInfo>(ctx, "list_images", "images", { visibility: "public" }, (image) => {
        // What a VM start needs to know of an image, learnt on the way.
        if (image.id) session.imageWindows.set(image.id, isWindows(image));
        return toImageInfo(image);
      }),
    async get(id, ctx) {
      const image = await session.call<IbmImage>(ctx, "get_image", { id });
      session.imageWindows.set(id, isWindows(image));
      return toImageInfo(image);
    },
  };
}
