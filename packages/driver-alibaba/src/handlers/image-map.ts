import type { Architecture, ImageInfo, ImageStatus } from "@cloud-barista/core/driver";
import type { AnsweredTag } from "../tags.js";

/** An image as DescribeImages answers it. */
export interface AlibabaImage {
  ImageId?: string;
  ImageName?: string;
  OSName?: string;
  OSNameEn?: string;
  OSType?: string;
  Platform?: string;
  Architecture?: string;
  Size?: number;
  Status?: string;
  ImageOwnerAlias?: string;
  CreationTime?: string;
  Progress?: string;
  Description?: string;
  Tags?: { Tag?: AnsweredTag[] };
}

export interface ImagesAnswer {
  RequestId?: string;
  TotalCount?: number;
  PageNumber?: number;
  Images?: { Image?: AlibabaImage[] };
}

const architectures: Readonly<Record<string, Architecture>> = { x86_64: "x86_64", i386: "x86_32", arm64: "arm64" };

/** `x86_64`, `i386`, `arm64` as the portable architecture. */
export function architectureOfImage(value: string | undefined): Architecture {
  return (value === undefined ? undefined : architectures[value]) ?? "NA";
}

/** A public image in the portable model; status Available only for Available (not Deprecated). */
export function toImageInfo(image: AlibabaImage): ImageInfo {
  const status: ImageStatus = image.Status === "Available" ? "Available" : image.Status ? "Unavailable" : "NA";
  const os = (image.OSType ?? "").toLowerCase();
  return {
    id: image.ImageId ?? "",
    name: image.ImageName ?? image.ImageId ?? "",
    osArchitecture: architectureOfImage(image.Architecture),
    osPlatform: os === "windows" ? "Windows" : os === "linux" ? "Linux/UNIX" : "NA",
    osDistribution: image.OSNameEn ?? image.OSName ?? image.Platform ?? "",
    ...(image.Size === undefined ? {} : { osDiskSizeGB: Number(image.Size) }),
    status,
    extra: {
      ...(image.Platform ? { platform: image.Platform } : {}),
      ...(image.ImageOwnerAlias ? { owner: image.ImageOwnerAlias } : {}),
      ...(image.Status ? { nativeState: image.Status } : {}),
    },
  };
}
