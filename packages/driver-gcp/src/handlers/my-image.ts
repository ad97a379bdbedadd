import type { CallContext, IID, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { badAnswer } from "../errors.js";
import { checkLabels } from "../labels.js";
import { checkName, lastSegment } from "../names.js";
import type { GcpSession } from "../session.js";

type Image = protos.google.cloud.compute.v1.IImage;

/** The image label that keeps the VM an image was made from (an image keeps only its source disk). */
export const sourceVmLabel = "cb-source-vm";

function statusOf(image: Image): MyImageStatus {
  switch (image.status) {
    case "PENDING":
      return "Creating";
    case "READY":
      return "Available";
    case "DELETING":
      return "Deleting";
    default:
      return "Error";
  }
}

export function toMyImageInfo(image: Image): MyImageInfo {
  const labels = { ...image.labels };
  const vm = labels[sourceVmLabel] ?? lastSegment(image.sourceDisk);
  delete labels[sourceVmLabel];
  return {
    iid: { nameId: image.name ?? "", systemId: image.name ?? "" },
    sourceVmIID: { nameId: vm, systemId: vm },
    status: statusOf(image),
    ...(image.creationTimestamp ? { createdAt: new Date(image.creationTimestamp) } : {}),
    ...(Object.keys(labels).length > 0 ? { tags: labels } : {}),
    extra: { sourceDisk: lastSegment(image.sourceDisk), family: image.family ?? "" },
  };
}

/**
 * My-images are images of the project made from a VM's boot disk (`images.insert` with
 * `sourceDisk`; `forceCreate`, so a running VM need not stop). The VM is kept in the image's
 * label "cb-source-vm" (reserved: tags may not use it).
 */
export function createMyImageHandler(session: GcpSession): MyImageHandler {
  const { zone } = session.settings;
  const nameOf = (iid: IID) => iid.systemId || iid.nameId;
  const get = async (ctx: CallContext, name: string) => {
    const [image] = await session.call(ctx, "compute.images.get", (c, o) =>
      c.images.get({ project: session.project, image: name }, o),
    );
    return image;
  };
  return {
    async create(request, ctx) {
      checkName(request.name);
      const labels = checkLabels({
        ...request.tags,
        [sourceVmLabel]: request.sourceVmIID.systemId || request.sourceVmIID.nameId,
      });
      await session.ready(ctx);
      const [instance] = await session.call(ctx, "compute.instances.get", (c, o) =>
        c.instances.get({ project: session.project, zone, instance: nameOf(request.sourceVmIID) }, o),
      );
      const boot = instance.disks?.find((d) => d.boot)?.source;
      if (!boot) throw badAnswer(`VM ${nameOf(request.sourceVmIID)} has no boot disk`);
      return ctx.compensate(async (undo) => {
        await session.mutate(
          ctx,
          "compute.images.insert",
          (c, o, requestId) =>
            c.images.insert(
              {
                project: session.project,
                requestId,
                forceCreate: true,
                imageResource: { name: request.name, sourceDisk: boot, labels },
              },
              o,
            ),
          `image ${request.name} to be made`,
          "myImage",
        );
        ctx.created(request.name);
        undo(`delete image ${request.name}`, (u) =>
          session.mutate(
            u,
            "compute.images.delete",
            (c, o, requestId) => c.images.delete({ project: session.project, image: request.name, requestId }, o),
            `image ${request.name} to be deleted`,
            "myImage",
          ),
        );
        return toMyImageInfo(await ctx.whenVisible([request.name], () => get(ctx, request.name)));
      });
    },

    async get(image, ctx) {
      await session.ready(ctx);
      return toMyImageInfo(await get(ctx, nameOf(image)));
    },

    async *list(ctx) {
      await session.ready(ctx);
      yield* session.pages(
        ctx,
        "compute.images.list",
        (c, o, page) => c.images.list({ project: session.project, ...page }, o),
        (i: Image) => toMyImageInfo(i),
      );
    },

    async delete(image, ctx) {
      await session.ready(ctx);
      await session.mutate(
        ctx,
        "compute.images.delete",
        (c, o, requestId) => c.images.delete({ project: session.project, image: nameOf(image), requestId }, o),
        `image ${nameOf(image)} to be deleted`,
        "myImage",
      );
    },
  };
}
