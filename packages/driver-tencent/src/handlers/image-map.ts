import type { Architecture, ImageInfo, ImageStatus } from "@cloud-barista/core/driver";
import type { Image } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import type { ApiAnswer } from "../session.js";

export type TencentImage = Image;

export interface ImagesAnswer extends ApiAnswer {
  TotalCount?: number;
  ImageSet?: Image[];
}

/** The image types DescribeImages tells apart; the driver's `get` reads any of them. */
export const everyImageType = ["PUBLIC_IMAGE", "PRIVATE_IMAGE", "SHARED_IMAGE"] as const;

/** `x86_64`, `i386`, `arm`/`arm64`/`aarch64` as the portable architecture. */
export function architectureOfImage(value: string | undefined): Architecture {
  const v = (value ?? "").toLowerCase();
  if (v === "x86_64" || v === "amd64") return "x86_64";
  if (v === "i386" || v === "x86") return "x86_32";
  if (v === "arm" || v === "arm64" || v === "aarch64") return "arm64";
  return "NA";
}

/** Whether an image is a Windows one (its Platform, else its OS name). */
export const isWindows = (image: Image): boolean => /windows/i.test(image.Platform ?? image.OsName ?? "");

/** An image in the portable model; status Available only for NORMAL (and not deprecated). */
export function toImageInfo(image: Image): ImageInfo {
  const state = image.ImageState ?? "";
  const status: ImageStatus = state === "NORMAL" && !image.ImageDeprecated ? "Available" : state ? "Unavailable" : "NA";
  return {
    id: image.ImageId ?? "",
    name: image.ImageName ?? image.ImageId ?? "",
    osArchitecture: architectureOfImage(image.Architecture),
    osPlatform: isWindows(image) ? "Windows" : image.Platform || image.OsName ? "Linux/UNIX" : "NA",
    osDistribution: image.OsName ?? image.Platform ?? "",
    ...(image.ImageSize === undefined ? {} : { osDiskSizeGB: Number(image.ImageSize) }),
    status,
    extra: {
      ...(image.Platform ? { platform: image.Platform } : {}),
      ...(image.ImageType ? { imageType: image.ImageType } : {}),
      ...(state ? { nativeState: state } : {}),
    },
  };
}
