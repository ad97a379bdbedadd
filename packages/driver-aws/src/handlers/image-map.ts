import type { Image } from "@aws-sdk/client-ec2";
import { architectureOf } from "@cloud-barista/core/driver";
import type { ImageInfo, ImageStatus, OsPlatform } from "@cloud-barista/core/driver";

/** Windows by `Platform`, Linux/UNIX by the platform details AWS bills under. */
export function platformOf(platform: string | undefined, details: string | undefined): OsPlatform {
  if (platform === "windows" || details?.includes("Windows")) return "Windows";
  if (details === undefined) return "Linux/UNIX";
  return /^(Linux|Red Hat|SUSE|Ubuntu Pro)/.test(details) ? "Linux/UNIX" : "NA";
}

function imageStatus(state: string | undefined): ImageStatus {
  if (state === "available") return "Available";
  return state === undefined ? "NA" : "Unavailable";
}

/** The root volume's mapping of an AMI. */
export function rootMapping(image: Image) {
  return image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName)?.Ebs;
}

/** A public AMI as an ImageInfo. */
export function toImageInfo(image: Image): ImageInfo {
  const root = rootMapping(image);
  const id = image.ImageId ?? "";
  return {
    id,
    name: image.Name ?? id,
    osArchitecture: architectureOf(image.Architecture),
    osPlatform: platformOf(image.Platform, image.PlatformDetails),
    osDistribution: image.Description ?? image.Name ?? "",
    ...(root?.VolumeType === undefined ? {} : { osDiskType: root.VolumeType }),
    ...(root?.VolumeSize === undefined ? {} : { osDiskSizeGB: root.VolumeSize }),
    status: imageStatus(image.State),
    extra: {
      ownerId: image.OwnerId ?? "",
      ...(image.ImageOwnerAlias ? { ownerAlias: image.ImageOwnerAlias } : {}),
      rootDeviceName: image.RootDeviceName ?? "",
      creationDate: image.CreationDate ?? "",
    },
  };
}
