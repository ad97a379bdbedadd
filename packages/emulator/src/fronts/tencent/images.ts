import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { CpuArchitecture } from "../../world/catalog/types.js";
import type { ActionRegistration } from "./actions.js";
import { TencentError, invalidValue, notFound } from "./errors.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import { isoTime, tagList, tagSpecification } from "./render.js";
import { cvm } from "./services.js";

/** An image as CVM shows it, public (the catalog's) or private (the account's own). */
export interface TencentImage {
  id: string;
  name: string;
  osName: string;
  type: "PUBLIC_IMAGE" | "PRIVATE_IMAGE";
  platform: string;
  architecture: CpuArchitecture;
  sizeGB: number;
  state: "NORMAL" | "CREATING" | "CREATEFAILED";
  createdAt: number;
  description: string;
  tags: Record<string, string>;
}

/** "Ubuntu 22.04 LTS" → "Ubuntu"; CVM's Platform names the distribution family. */
function platformOf(distribution: string, platform: string): string {
  if (platform === "windows") return "Windows";
  const first = distribution.split(" ")[0] ?? "";
  return first === "Rocky" ? "Rocky Linux" : first;
}

export function imagesOf(cloud: AccountRegion): TencentImage[] {
  const publicImages: TencentImage[] = cloud.catalog.listImages().items.map((image) => ({
    id: image.id,
    name: image.name,
    osName: image.name,
    type: "PUBLIC_IMAGE",
    platform: platformOf(image.osDistribution, image.osPlatform),
    architecture: image.architecture,
    sizeGB: image.diskSizeGB,
    state: "NORMAL",
    createdAt: Date.UTC(2025, 0, 1),
    description: "",
    tags: {},
  }));
  const own: TencentImage[] = cloud.myImages.list().items.map((image) => ({
    id: image.id,
    name: image.name,
    osName: image.osDistribution,
    type: "PRIVATE_IMAGE",
    platform: platformOf(image.osDistribution, image.platform),
    architecture: image.architecture,
    sizeGB: image.diskSizeGB,
    state: image.state === "pending" ? "CREATING" : "NORMAL",
    createdAt: image.createdAt,
    description: "",
    tags: image.tags,
  }));
  return [...publicImages, ...own];
}

/** An image the caller may launch from; InvalidImageId.NotFound (or .Malformed) otherwise. */
export function requireImage(cloud: AccountRegion, id: string): TencentImage {
  if (!/^img-[a-z0-9]{8}$/.test(id))
    throw new TencentError("InvalidImageId.Malformed", `The image id \`${id}\` is malformed.`);
  const image = imagesOf(cloud).find((i) => i.id === id);
  if (!image) throw notFound("image", id);
  return image;
}

function renderImage(image: TencentImage): Record<string, unknown> {
  return {
    ImageId: image.id,
    OsName: image.osName,
    ImageType: image.type,
    CreatedTime: isoTime(image.createdAt),
    ImageName: image.name,
    ImageDescription: image.description,
    ImageSize: image.sizeGB,
    Architecture: image.architecture === "arm64" ? "arm" : "x86_64",
    ImageState: image.state,
    Platform: image.platform,
    ImageCreator: image.type === "PUBLIC_IMAGE" ? "" : "100000000001",
    ImageSource: image.type === "PUBLIC_IMAGE" ? "OFFICIAL" : "CREATE_IMAGE",
    SyncPercent: 0,
    IsSupportCloudinit: true,
    SnapshotSet: [],
    Tags: tagList(image.tags),
    LicenseType: "TencentCloud",
    ImageFamily: "",
    ImageDeprecated: false,
  };
}

export const imageActions: ActionRegistration[] = [
  {
    service: cvm,
    action: "DescribeImages",
    handler: async (c) => {
      const ids = c.params.strings("ImageIds", { max: 100 });
      const filters = filtersOf(c.params, [
        "image-id",
        "image-type",
        "image-name",
        "platform",
        "instance-type",
        "image-family",
        "tag-key",
      ]);
      if (ids !== undefined && c.params.objects("Filters").length > 0) {
        throw new TencentError(
          "InvalidParameter.InvalidParameterCoexistImageIdsFilters",
          "ImageIds and Filters cannot be given together.",
        );
      }
      for (const type of filters.get("image-type") ?? []) {
        if (!["PUBLIC_IMAGE", "PRIVATE_IMAGE", "SHARED_IMAGE", "MARKET_IMAGE"].includes(type)) {
          throw invalidValue("Filters.image-type", `\`${type}\` is not an image type.`);
        }
      }
      const typeName = c.params.string("InstanceType");
      return c.call((cloud) => {
        const arch = typeName === undefined ? undefined : cloud.catalog.getSpec(typeName).architecture;
        const images = imagesOf(cloud).filter(
          (i) =>
            (ids === undefined || ids.includes(i.id)) &&
            passes(filters, "image-id", i.id) &&
            passes(filters, "image-type", i.type) &&
            passes(filters, "image-name", i.name) &&
            passes(filters, "platform", i.platform) &&
            (arch === undefined || i.architecture === arch) &&
            (filters.get("tag-key") ?? []).every((k) => Object.hasOwn(i.tags, k)),
        );
        const page = offsetPage(images, c.params, c.pages);
        return { TotalCount: page.total, ImageSet: page.items.map(renderImage) };
      });
    },
  },
  {
    service: cvm,
    action: "CreateImage",
    handler: async (c) => {
      const name = c.params.required("ImageName");
      if (name.length > 60)
        throw invalidValue("ImageName", "It must be at most 60 characters.", "InvalidParameterValue.TooLong");
      const instanceId = c.params.required("InstanceId");
      const tags = tagSpecification(c.params, "image");
      return c.call((cloud) => {
        if (imagesOf(cloud).some((i) => i.type === "PRIVATE_IMAGE" && i.name === name)) {
          throw new TencentError("InvalidImageName.Duplicate", `An image named \`${name}\` already exists.`);
        }
        try {
          const image = cloud.myImages.create({ name, tags, vmId: instanceId });
          return { ImageId: image.id };
        } catch (error) {
          if (isWorldError(error, "IncorrectState")) {
            throw new TencentError(
              "InvalidInstance.NotSupported",
              `The instance \`${instanceId}\` cannot be imaged now: ${error.message}.`,
            );
          }
          throw error;
        }
      });
    },
  },
  {
    service: cvm,
    action: "DeleteImages",
    handler: async (c) => {
      const ids = c.params.requiredStrings("ImageIds", { max: 10 });
      const deleteSnapshot = c.params.bool("DeleteBindedSnap") ?? false;
      return c.call((cloud) => {
        for (const id of ids) {
          const image = requireImage(cloud, id);
          if (image.type === "PUBLIC_IMAGE")
            throw new TencentError("InvalidImageId.IncorrectState", `The public image \`${id}\` cannot be deleted.`);
        }
        for (const id of ids) cloud.myImages.delete(id, { deleteSnapshot });
        return {};
      });
    },
  },
];
