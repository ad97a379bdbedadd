import type { CallContext, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import { decodeTags, encodeTags } from "../tags.js";
import type { GlanceImage } from "./native-types.js";

/** Glance image statuses and the portable status each one means. */
export const myImageStatusByImageStatus: Readonly<Record<string, MyImageStatus>> = {
  queued: "Creating",
  saving: "Creating",
  uploading: "Creating",
  importing: "Creating",
  active: "Available",
  pending_delete: "Deleting",
  deleted: "Deleting",
  killed: "Error",
  deactivated: "Error",
};

function toInfo(image: GlanceImage): MyImageInfo {
  const source = image.instance_uuid ?? "";
  return {
    iid: { nameId: image.name ?? "", systemId: image.id },
    sourceVmIID: { nameId: source, systemId: source },
    status: myImageStatusByImageStatus[image.status ?? ""] ?? "Error",
    ...(image.created_at ? { createdAt: new Date(image.created_at) } : {}),
    tags: decodeTags(image.tags),
    extra: { nativeStatus: image.status ?? "", visibility: image.visibility ?? "" },
  };
}

/** My-images are Nova snapshots (createImage), kept in Glance as private images; tags are Glance tags. */
export function createMyImageHandler(session: OpenStackSession): MyImageHandler {
  const show = async (ctx: CallContext, id: string) => session.call<GlanceImage>(ctx, "glance:ShowImage", { id });
  return {
    create: (request, ctx) =>
      ctx.compensate(async (undo) => {
        const tags = encodeTags(request.tags);
        const body = await session.call<{ image_id: string }>(
          ctx,
          "nova:CreateServerImage",
          { id: request.sourceVmIID.systemId },
          { createImage: { name: request.name } },
        );
        undo(`delete image ${body.image_id}`, (u) => session.call(u, "glance:DeleteImage", { id: body.image_id }));
        for (const tag of tags) {
          await session.call(ctx, "glance:AddImageTag", { id: body.image_id, tag });
        }
        return { ...toInfo(await show(ctx, body.image_id)), sourceVmIID: request.sourceVmIID };
      }),

    get: async (image, ctx) => toInfo(await show(ctx, image.systemId)),

    list: (ctx) =>
      session.list<GlanceImage, MyImageInfo>(ctx, "glance:ListImages", { visibility: "private" }, (i) =>
        i.image_type === "snapshot" ? toInfo(i) : undefined,
      ),

    async delete(image, ctx) {
      await session.call(ctx, "glance:DeleteImage", { id: image.systemId });
    },
  };
}
