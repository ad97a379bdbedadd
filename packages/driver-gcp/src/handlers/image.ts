import { architectureOf } from "@cloud-barista/core/driver";
import type { CallContext, ImageHandler, ImageInfo } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { invalid } from "../errors.js";
import type { GcpSession } from "../session.js";

type Image = protos.google.cloud.compute.v1.IImage;

/**
 * The public image projects `image.list` goes through by default: Debian, Ubuntu, Rocky Linux
 * and Windows Server. Google keeps each project's images with their families; every other
 * project's images are reachable by id.
 */
export const defaultImageProjects: readonly string[] = [
  "debian-cloud",
  "ubuntu-os-cloud",
  "rocky-linux-cloud",
  "windows-cloud",
];

/**
 * An image id: `projects/<project>/global/images/<name>` for one image, or
 * `projects/<project>/global/images/family/<family>` for a family's newest image (what a VM
 * names to follow the family). A full URL (`https://…/compute/v1/projects/…`) is taken too.
 */
export function parseImageId(id: string): { project: string; name?: string; family?: string } {
  const path = id.replace(/^https?:\/\/[^/]+\/compute\/v1\//, "");
  const family = /^projects\/([a-z][-a-z0-9.:]*)\/global\/images\/family\/([a-z][-a-z0-9]*)$/.exec(path);
  if (family?.[1] && family[2]) return { project: family[1], family: family[2] };
  const one = /^projects\/([a-z][-a-z0-9.:]*)\/global\/images\/([a-z][-a-z0-9]*)$/.exec(path);
  if (one?.[1] && one[2]) return { project: one[1], name: one[2] };
  throw invalid(
    "image",
    "gcp-image-id",
    `"${id}" is not an image id (projects/<project>/global/images/<name> or …/images/family/<family>)`,
  );
}

/** The project-relative id of an image from its selfLink. */
export const imageIdOf = (image: Image, project: string): string =>
  `projects/${project}/global/images/${image.name ?? ""}`;

export function toImageInfo(image: Image, id: string): ImageInfo {
  const windows =
    (image.licenses ?? []).some((l) => l.includes("windows-cloud")) || /windows/i.test(image.family ?? "");
  const deprecated = image.deprecated?.state;
  return {
    id,
    name: image.name ?? id,
    osArchitecture: architectureOf((image.architecture || "X86_64").toLowerCase()),
    osPlatform: windows ? "Windows" : "Linux/UNIX",
    osDistribution: image.description || image.family || image.name || "",
    ...(image.diskSizeGb ? { osDiskSizeGB: Number(image.diskSizeGb) } : {}),
    // A DEPRECATED image still runs but should not be chosen anew; OBSOLETE and DELETED do not run.
    status: image.status === "READY" && !deprecated ? "Available" : "Unavailable",
    extra: {
      family: image.family ?? "",
      ...(deprecated ? { deprecated } : {}),
    },
  };
}

/**
 * Public images are those of the configured image projects (`images.list` of each, followed to
 * the end; deprecated images are listed as Unavailable). `get` takes an image id or a family id
 * (`…/images/family/<family>`: `images.getFromFamily`, its newest image, the id kept as given).
 */
export function createImageHandler(session: GcpSession, projects: readonly string[]): ImageHandler {
  const get = async (id: string, ctx: CallContext) => {
    const { project, name, family } = parseImageId(id);
    if (family !== undefined) {
      const [image] = await session.call(ctx, "compute.images.getFromFamily", (c, o) =>
        c.images.getFromFamily({ project, family }, o),
      );
      return image;
    }
    const [image] = await session.call(ctx, "compute.images.get", (c, o) =>
      c.images.get({ project, image: name ?? "" }, o),
    );
    return image;
  };
  return {
    list: async function* (ctx) {
      for (const project of projects) {
        yield* session.pages(
          ctx,
          "compute.images.list",
          (c, o, page) => c.images.list({ project, ...page }, o),
          (image: Image) => toImageInfo(image, imageIdOf(image, project)),
        );
      }
    },
    get: async (id, ctx) => toImageInfo(await get(id, ctx), id),
  };
}
