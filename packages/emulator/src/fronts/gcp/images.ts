import type { ImageDef } from "../../world/catalog/types.js";
import type { World } from "../../world/world.js";
import { gate, json, link, param } from "./context.js";
import type { GcpContext } from "./context.js";
import { notFound } from "./errors.js";
import { stableId } from "./ids.js";
import { listed } from "./paging.js";
import type { GcpRoute } from "./router.js";

// Public images: the world catalog's GCP images, whose ids are their project-relative names
// ("projects/debian-cloud/global/images/debian-12-bookworm-v20250113"), served from their public
// image projects to every caller. Images of the caller's own project are custom images (another
// module's routes). Families follow Google's names (debian-12, ubuntu-2404-lts-amd64, ...).

/** Google's public image projects: those of the catalog's images, and the other well-known ones. */
const knownProjects = [
  "centos-cloud",
  "cos-cloud",
  "debian-cloud",
  "fedora-coreos-cloud",
  "rhel-cloud",
  "rocky-linux-cloud",
  "suse-cloud",
  "ubuntu-os-cloud",
  "ubuntu-os-pro-cloud",
  "windows-cloud",
];

interface PublicImage {
  project: string;
  name: string;
  family: string;
  def: ImageDef;
}

function parse(def: ImageDef): PublicImage | undefined {
  const match = /^projects\/([^/]+)\/global\/images\/([^/]+)$/.exec(def.id);
  if (!match?.[1] || !match[2]) return undefined;
  return { project: match[1], name: match[2], family: familyOf(match[2]), def };
}

/** Google's family of a public image name: its version dropped, distribution codenames too. */
export function familyOf(name: string): string {
  const base = name.replace(/-v\d{8}$/, "");
  const ubuntu = /^ubuntu-(\d{4})-[a-z]+(-amd64|-arm64)?$/.exec(base);
  if (ubuntu) return `ubuntu-${ubuntu[1]}-lts${ubuntu[2] ?? ""}`;
  const debian = /^debian-(\d+)-[a-z]+(-arm64)?$/.exec(base);
  if (debian) return `debian-${debian[1]}${debian[2] ?? ""}`;
  const windows = /^windows-server-(\d{4})-dc$/.exec(base);
  if (windows) return `windows-${windows[1]}`;
  return base;
}

function publicImages(world: World): PublicImage[] {
  return world
    .catalog("GCP")
    .images.map(parse)
    .filter((image) => image !== undefined);
}

/** The projects whose images anyone may read. */
export function publicImageProjects(world: World): string[] {
  return [...new Set([...knownProjects, ...publicImages(world).map((i) => i.project)])];
}

/** The public image behind a reference (`projects/p/global/images/n`), if it is one. */
export function findPublicImage(world: World, project: string, name: string): ImageDef | undefined {
  return publicImages(world).find((i) => i.project === project && i.name === name)?.def;
}

function buildDate(name: string): string | undefined {
  const m = /-v(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function imageView(ctx: GcpContext, image: PublicImage): Record<string, unknown> {
  const { def } = image;
  const newest = newestOf(imagesOf(ctx), image.family);
  const newer = newest && newest !== image && newest.name !== image.name ? newest : undefined;
  const built = buildDate(image.name);
  const path = `global/images/${image.name}`;
  const projectLink = (p: string) => link({ ...ctx, project: image.project }, p);
  return {
    kind: "compute#image",
    id: stableId(`image/${def.id}`),
    creationTimestamp: built ? `${built}T00:00:00.000-08:00` : "2025-01-01T00:00:00.000-08:00",
    name: image.name,
    description: `${def.osDistribution}, ${def.architecture === "arm64" ? "arm64" : "amd64"}${built ? ` built on ${built}` : ""}`,
    family: image.family,
    sourceType: "RAW",
    status: "READY",
    archiveSizeBytes: String(def.diskSizeGB * 180_000_000),
    diskSizeGb: String(def.diskSizeGB),
    licenses: [projectLink(`global/licenses/${image.family}`)],
    guestOsFeatures: [
      { type: "VIRTIO_SCSI_MULTIQUEUE" },
      { type: "UEFI_COMPATIBLE" },
      { type: "GVNIC" },
      ...(def.osPlatform === "windows"
        ? [{ type: "WINDOWS" }, { type: "MULTI_IP_SUBNET" }]
        : [{ type: "SEV_CAPABLE" }]),
    ],
    labelFingerprint: "42WmSpB8rSM=",
    architecture: def.architecture === "arm64" ? "ARM64" : "X86_64",
    storageLocations: ["asia", "eu", "us"],
    selfLink: projectLink(path),
    ...(newer ? { deprecated: { state: "DEPRECATED", replacement: projectLink(`global/images/${newer.name}`) } } : {}),
  };
}

/** The newest image of a family (names end with their build date); older ones are DEPRECATED by it. */
function newestOf(images: readonly PublicImage[], family: string): PublicImage | undefined {
  return images.filter((i) => i.family === family).sort((a, b) => (a.name < b.name ? 1 : -1))[0];
}

function imagesOf(ctx: GcpContext): PublicImage[] {
  return publicImages(ctx.world).filter((i) => i.project === ctx.project);
}

export const publicImageRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "global/images",
    api: "compute.images.list",
    projects: "public",
    handle: (ctx) =>
      listed(ctx, undefined, "compute#imageList", "global/images", () => imagesOf(ctx).map((i) => imageView(ctx, i))),
  },
  {
    method: "GET",
    path: "global/images/{image}",
    api: "compute.images.get",
    projects: "public",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const name = param(ctx, "image");
        const image = imagesOf(ctx).find((i) => i.name === name);
        if (!image) throw notFound(`projects/${ctx.project}/global/images/${name}`);
        return json(200, imageView(ctx, image));
      }),
  },
  {
    method: "GET",
    path: "global/images/family/{family}",
    api: "compute.images.getFromFamily",
    projects: "public",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const family = param(ctx, "family");
        // The newest image of the family: the one not deprecated.
        const image = newestOf(imagesOf(ctx), family);
        if (!image) throw notFound(`projects/${ctx.project}/global/images/family/${family}`);
        return json(200, imageView(ctx, image));
      }),
  },
];
