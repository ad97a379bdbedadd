import type { AccountRegion } from "../../world/account-region.js";
import type { GcpContext } from "./context.js";
import { cloudOf, link } from "./context.js";
import { GcpError, badRequest, invalidField, notFound } from "./errors.js";
import { familyOf } from "./images.js";
import { computeBook } from "./instance-book.js";

// The image a disk is made from (`sourceImage` of disks.insert and of an instance's boot disk):
// "projects/debian-cloud/global/images/debian-12-bookworm-v20250113", a family
// ("projects/debian-cloud/global/images/family/debian-12"), or the project's own image
// ("global/images/my-image", "global/images/family/my-family"), as full or partial URLs.

export interface SourceImage {
  /** The world's image id (a catalog image id, or a my-image id). */
  id: string;
  diskSizeGB: number;
  /** The image's full URL, as disks show it in `sourceImage`. */
  link: string;
}

const pattern =
  /^(?:https?:\/\/[^/]+\/compute\/(?:v1|beta|alpha)\/)?(?:projects\/([^/]+)\/)?global\/images\/(family\/)?([^/]+)$/;

export function resolveSourceImage(ctx: GcpContext, cloud: AccountRegion, value: unknown, field: string): SourceImage {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const match = pattern.exec(text);
  if (!match) throw invalidField(field, text, "The URL is malformed.");
  const project = match[1] ?? ctx.project;
  const family = match[2] !== undefined;
  const name = match[3] ?? "";
  const where = `projects/${project}/global/images/${family ? "family/" : ""}${name}`;
  if (project !== ctx.project) {
    const images = cloud.catalog
      .listImages()
      .items.filter((i) => i.id.startsWith(`projects/${project}/global/images/`))
      .filter((i) => (family ? familyOf(i.name) === name : i.name === name))
      .sort((a, b) => (a.name < b.name ? 1 : -1));
    const image = images[0];
    if (!image) throw notFound(where);
    return { id: image.id, diskSizeGB: image.diskSizeGB, link: `${ctx.origin}/compute/v1/${image.id}` };
  }
  const book = computeBook(ctx.world);
  const own = ctx.world
    .catalog("GCP")
    .regions.flatMap((r) =>
      cloudOf(ctx, r.name)
        .myImages.list()
        .items.map((image) => ({ image, region: r.name, entry: book.images.get(image.id) })),
    )
    .filter(({ image, entry }) => (family ? entry?.family === name : image.name === name))
    .sort((a, b) => b.image.createdAt - a.image.createdAt);
  const chosen = family ? own.find((o) => o.image.state === "available") : own[0];
  if (!chosen) throw notFound(where);
  if (chosen.image.state !== "available") {
    throw new GcpError(400, "resourceNotReady", `The resource '${where}' is not ready`);
  }
  if (chosen.region !== cloud.region) {
    throw badRequest(
      `The emulator keeps image '${chosen.image.name}' in region ${chosen.region}; disks from it can be made there only.`,
    );
  }
  return {
    id: chosen.image.id,
    diskSizeGB: chosen.image.diskSizeGB,
    link: link(ctx, `global/images/${chosen.image.name}`),
  };
}
