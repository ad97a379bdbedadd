import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { Image } from "../../../world/resources/catalog-service.js";
import type { MyImage, Tags } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { chainPages, pageSizeFor } from "../paging.js";
import type { ChainSource } from "../paging.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action } from "./context.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { afterReboot } from "./reboot.js";
import { snapshotIdOf } from "./snapshots.js";
import { tagSet, tagsFromSpecifications } from "./tags.js";

/** Every AMI the front shows is EBS-backed HVM with its root volume at this device. */
export const rootDeviceName = "/dev/sda1";

/** Public AMIs carry the publisher's account and, for Amazon's own, the "amazon" alias. */
const publishers: readonly { match: RegExp; ownerId: string; alias?: string }[] = [
  { match: /ubuntu/i, ownerId: "099720109477" },
  { match: /debian/i, ownerId: "136693071363" },
  { match: /rocky/i, ownerId: "792107900819" },
  { match: /.*/, ownerId: "801119661308", alias: "amazon" },
];

/** A catalog image or a my-image, as DescribeImages shows either. */
interface AmiView {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  ownerAlias?: string | undefined;
  isPublic: boolean;
  state: "available" | "pending";
  architecture: string;
  windows: boolean;
  sizeGB: number;
  createdAt: Date;
  tags: Tags;
  sourceInstanceId?: string | undefined;
  /** The snapshot behind an own AMI's root volume. */
  snapshotId?: string | undefined;
}

const publicCreationDate = new Date(Date.UTC(2025, 0, 15));

function publicView(image: Image): AmiView {
  const publisher = publishers.find((p) => p.match.test(image.osDistribution)) ?? {
    ownerId: "801119661308",
    alias: "amazon",
  };
  return {
    id: image.id,
    name: image.name,
    description: image.osDistribution,
    ownerId: publisher.ownerId,
    ownerAlias: publisher.alias,
    isPublic: true,
    state: "available",
    architecture: image.architecture,
    windows: image.osPlatform === "windows",
    sizeGB: image.diskSizeGB,
    createdAt: publicCreationDate,
    tags: {},
  };
}

function ownView(image: MyImage, account: string): AmiView {
  return {
    id: image.id,
    name: image.name,
    description: image.osDistribution,
    ownerId: account,
    isPublic: false,
    state: image.state,
    architecture: image.architecture,
    windows: image.platform === "windows",
    sizeGB: image.diskSizeGB,
    createdAt: new Date(image.createdAt),
    tags: image.tags,
    sourceInstanceId: image.sourceVm.id,
    snapshotId: image.snapshotId === undefined ? undefined : snapshotIdOf(image.snapshotId),
  };
}

const imageFields: FilterFields<AmiView> = {
  "image-id": (i) => i.id,
  name: (i) => i.name,
  description: (i) => i.description,
  state: (i) => i.state,
  architecture: (i) => i.architecture,
  "owner-id": (i) => i.ownerId,
  "owner-alias": (i) => i.ownerAlias,
  platform: (i) => (i.windows ? "windows" : undefined),
  "platform-details": (i) => (i.windows ? "Windows" : "Linux/UNIX"),
  "is-public": (i) => i.isPublic,
  "image-type": () => "machine",
  "root-device-type": () => "ebs",
  "root-device-name": () => rootDeviceName,
  "virtualization-type": () => "hvm",
  hypervisor: () => "xen",
  "block-device-mapping.volume-size": (i) => i.sizeGB,
  "block-device-mapping.volume-type": () => "gp3",
  "block-device-mapping.device-name": () => rootDeviceName,
  "block-device-mapping.snapshot-id": (i) => i.snapshotId,
  "source-instance-id": (i) => i.sourceInstanceId,
};

function renderImage(image: AmiView): XmlFields {
  return {
    imageId: image.id,
    imageLocation: `${image.ownerId}/${image.name}`,
    imageState: image.state,
    imageOwnerId: image.ownerId,
    creationDate: image.createdAt,
    isPublic: image.isPublic,
    architecture: image.architecture,
    imageType: "machine",
    platform: image.windows ? "windows" : undefined,
    platformDetails: image.windows ? "Windows" : "Linux/UNIX",
    usageOperation: image.windows ? "RunInstances:0002" : "RunInstances",
    imageOwnerAlias: image.ownerAlias,
    name: image.name,
    description: image.description,
    rootDeviceType: "ebs",
    rootDeviceName,
    blockDeviceMapping: [
      {
        deviceName: rootDeviceName,
        ebs: {
          deleteOnTermination: true,
          snapshotId: image.snapshotId,
          volumeSize: image.sizeGB,
          volumeType: "gp3",
          encrypted: false,
        },
      },
    ],
    virtualizationType: "hvm",
    hypervisor: "xen",
    enaSupport: true,
    sourceInstanceId: image.sourceInstanceId,
    tagSet: tagSet(image.tags),
  };
}

/** One source of images per owner selection: the public catalog, or the caller's own AMIs. */
function sources(
  cloud: AccountRegion,
  account: string,
  owners: readonly string[],
  match: (i: AmiView) => boolean,
): ChainSource<AmiView>[] {
  const wantsPublic = owners.length === 0 || owners.some((o) => o !== "self" && o !== account);
  const wantsOwn = owners.length === 0 || owners.includes("self") || owners.includes(account);
  const publicOwner = (i: AmiView) =>
    owners.length === 0 || owners.includes(i.ownerId) || (i.ownerAlias !== undefined && owners.includes(i.ownerAlias));
  const list: ChainSource<AmiView>[] = [];
  if (wantsPublic) {
    list.push({
      page: (size, token) => {
        const page = cloud.catalog.listImages({
          maxResults: size,
          nextToken: token,
          where: (i) => publicOwner(publicView(i)) && match(publicView(i)),
        });
        return { items: page.items.map(publicView), nextToken: page.nextToken };
      },
    });
  }
  if (wantsOwn) {
    list.push({
      page: (size, token) => {
        const page = cloud.myImages.list({
          maxResults: size,
          nextToken: token,
          where: (i) => match(ownView(i, account)),
        });
        return { items: page.items.map((i) => ownView(i, account)), nextToken: page.nextToken };
      },
    });
  }
  return list;
}

function findImage(cloud: AccountRegion, account: string, id: string): AmiView {
  try {
    return publicView(cloud.catalog.getImage(id));
  } catch (error) {
    if (!isWorldError(error, "NotFound")) throw error;
  }
  try {
    return ownView(cloud.myImages.get(id), account);
  } catch (error) {
    if (isWorldError(error, "NotFound"))
      throw new AwsFault("InvalidAMIID.NotFound", `The image id '[${id}]' does not exist`);
    throw error;
  }
}

/** DescribeImages: public catalog AMIs (by owner id or alias) and the caller's own ("self"). */
export const describeImages: Ec2Action = async (ctx) => {
  const ids = ctx.params.strings("ImageId");
  const owners = ctx.params.strings("Owner");
  const match = filterPredicate(readFilters(ctx.params), imageFields, (i) => i.tags);
  const maxResults = ctx.params.int("MaxResults");
  if (ids.length > 0) {
    if (maxResults !== undefined)
      throw new AwsFault(
        "InvalidParameterCombination",
        "The parameter ImageIds cannot be used with the parameter maxResults",
      );
    const images = await ctx.call((cloud) => ids.map((id) => findImage(cloud, ctx.account, id)));
    return { imagesSet: images.filter(match).map(renderImage) };
  }
  const size = pageSizeFor(ctx.pages, maxResults, { min: 5, max: 1000, param: "MaxResults" });
  const page = await ctx.call((cloud) =>
    chainPages(sources(cloud, ctx.account, owners, match), size, ctx.params.string("NextToken")),
  );
  return { imagesSet: page.items.map(renderImage), nextToken: page.nextToken };
};

const amiName = /^[A-Za-z0-9()[\] ./\-'@_]{3,128}$/;

/** CreateImage: snapshots a running or stopped instance into a new AMI (pending, then available). */
export const createImage: Ec2Action = async (ctx) => {
  const instanceId = ctx.params.required("InstanceId");
  const name = ctx.params.required("Name");
  if (!amiName.test(name)) {
    throw new AwsFault(
      "InvalidAMIName.Malformed",
      `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'`,
    );
  }
  // The world keeps no AMI description: images describe themselves by their OS distribution.
  const tags = tagsFromSpecifications(ctx.params, "image");
  const image = await ctx.call(async (cloud) => {
    await afterReboot(ctx.world, cloud, instanceId);
    return cloud.myImages.create({ name, vmId: instanceId, tags });
  });
  return { imageId: image.id };
};

/**
 * DeregisterImage: removes one of the caller's AMIs; public AMIs belong to someone else. Its
 * snapshot stays (and is billed) unless DeleteAssociatedSnapshots takes it along; the answer then
 * lists what became of it.
 */
export const deregisterImage: Ec2Action = async (ctx) => {
  const id = ctx.params.required("ImageId");
  const deleteSnapshots = ctx.params.bool("DeleteAssociatedSnapshots") ?? false;
  const snapshotId = await ctx.call((cloud) => {
    if (cloud.catalog.listImages({ where: (i) => i.id === id }).items.length > 0) {
      throw new AwsFault("AuthFailure", `Not authorized for image:${id}`, 403);
    }
    const image = cloud.myImages.get(id);
    cloud.myImages.delete(id, { deleteSnapshot: deleteSnapshots });
    return image.snapshotId;
  });
  return {
    return: true,
    deleteSnapshotResultSet:
      deleteSnapshots && snapshotId !== undefined
        ? [{ snapshotId: snapshotIdOf(snapshotId), returnCode: "success" }]
        : undefined,
  };
};
