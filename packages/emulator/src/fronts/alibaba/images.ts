import type { AccountRegion } from "../../world/account-region.js";
import type { Image, Spec } from "../../world/resources/catalog-service.js";
import type { MyImage } from "../../world/types.js";
import type { ActionRegistration } from "./actions.js";
import { invalidParameter, notFound } from "./errors.js";
import { numberedPage } from "./paging.js";
import { ecs } from "./products.js";
import { tagSet } from "./render.js";

/** The family name ECS reports as Platform: "Ubuntu" of "Ubuntu 24.04 64 bit", "Windows Server 2022". */
export function platformOf(osDistribution: string): string {
  if (/^windows/i.test(osDistribution)) return osDistribution.replace(/\s+(Datacenter|Standard).*$/i, "");
  return osDistribution.replace(/\s+\d.*$/, "");
}

/** The release date in a public image id ("..._alibase_20250113.vhd"). */
function releasedAt(id: string): string {
  const m = /_(\d{4})(\d{2})(\d{2})\.vhd$/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : "2025-01-01T00:00:00Z";
}

function systemImage(image: Image): Record<string, unknown> {
  return {
    ImageId: image.id,
    ImageName: image.name,
    ImageFamily: "",
    ImageVersion: "",
    Description: image.osDistribution,
    OSName: image.osDistribution,
    OSNameEn: image.osDistribution,
    OSType: image.osPlatform,
    Platform: platformOf(image.osDistribution),
    Architecture: image.architecture,
    Size: image.diskSizeGB,
    Status: "Available",
    Progress: "100%",
    ImageOwnerAlias: "system",
    IsSupportIoOptimized: true,
    IsSupportCloudinit: image.osPlatform === "linux",
    IsSelfShared: "",
    IsSubscribed: false,
    IsCopied: false,
    Usage: "instance",
    BootMode: "BIOS",
    CreationTime: releasedAt(image.id),
    DiskDeviceMappings: { DiskDeviceMapping: [] },
    Tags: { Tag: [] },
  };
}

function ownImage(image: MyImage, description: string): Record<string, unknown> {
  const available = image.state === "available";
  return {
    ImageId: image.id,
    ImageName: image.name,
    Description: description,
    OSName: image.osDistribution,
    OSNameEn: image.osDistribution,
    OSType: image.platform,
    Platform: platformOf(image.osDistribution),
    Architecture: image.architecture,
    Size: image.diskSizeGB,
    Status: available ? "Available" : "Creating",
    Progress: available ? "100%" : "50%",
    ImageOwnerAlias: "self",
    IsSupportIoOptimized: true,
    IsSupportCloudinit: image.platform === "linux",
    IsSelfShared: "",
    IsSubscribed: false,
    IsCopied: false,
    Usage: "instance",
    BootMode: "BIOS",
    CreationTime: new Date(image.createdAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
    DiskDeviceMappings: {
      DiskDeviceMapping: [
        { Type: "system", Device: "/dev/xvda", Size: String(image.diskSizeGB), SnapshotId: image.snapshotId ?? "" },
      ],
    },
    Tags: tagSet(image.tags),
  };
}

interface Listed {
  owner: "system" | "self";
  row: Record<string, unknown>;
  architecture: string;
  osType: string;
  name: string;
  status: string;
  id: string;
}

/** Every image the caller sees: the region's system images, then its own. */
export function listImages(cloud: AccountRegion, descriptions: ReadonlyMap<string, string> = new Map()): Listed[] {
  const system = cloud.catalog.listImages().items.map((image): Listed => ({
    owner: "system",
    row: systemImage(image),
    architecture: image.architecture,
    osType: image.osPlatform,
    name: image.name,
    status: "Available",
    id: image.id,
  }));
  const own = cloud.myImages.list().items.map((image): Listed => ({
    owner: "self",
    row: ownImage(image, descriptions.get(image.id) ?? ""),
    architecture: image.architecture,
    osType: image.platform,
    name: image.name,
    status: image.state === "available" ? "Available" : "Creating",
    id: image.id,
  }));
  return [...system, ...own];
}

const describeImages: ActionRegistration = {
  product: ecs,
  action: "DescribeImages",
  handler: async (c) => {
    const p = c.params;
    const ids = p
      .string("ImageId")
      ?.split(",")
      .map((s) => s.trim());
    const owner = p.oneOf("ImageOwnerAlias", ["system", "self", "others", "marketplace"]);
    const osType = p.oneOf("OSType", ["linux", "windows"]);
    const arch = p.oneOf("Architecture", ["i386", "x86_64", "arm64"]);
    const statuses = (p.string("Status") ?? "Available").split(",");
    const name = p.string("ImageName");
    const instanceType = p.string("InstanceType");
    return c.call((cloud) => {
      let spec: Spec | undefined;
      if (instanceType !== undefined) {
        spec = cloud.catalog.listSpecs().items.find((s) => s.name === instanceType);
        if (!spec) throw invalidParameter("InstanceType", `"${instanceType}" is not offered here.`);
      }
      const images = listImages(cloud, c.state.descriptions).filter(
        (i) =>
          (ids === undefined || ids.includes(i.id)) &&
          (owner === undefined || owner === i.owner) &&
          (osType === undefined || osType === i.osType) &&
          (arch === undefined || arch === i.architecture) &&
          statuses.includes(i.status) &&
          (name === undefined || i.name.includes(name.replace(/\*/g, ""))) &&
          (spec === undefined || spec.architecture === i.architecture),
      );
      const page = numberedPage(images, p, c.pages);
      return { RegionId: cloud.region, ...page.fields, Images: { Image: page.items.map((i) => i.row) } };
    });
  },
};

/** The image an instance boots from, or InvalidImageId.NotFound. */
export function requireImage(cloud: AccountRegion, id: string): Listed {
  const image = listImages(cloud).find((i) => i.id === id);
  if (!image) throw notFound("image", id);
  return image;
}

export const imageReadActions: readonly ActionRegistration[] = [describeImages];
