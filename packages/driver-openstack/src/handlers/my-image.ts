import type { CallContext, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core";
import { rollback } from "../session.js";
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
  const show = async (ctx: CallContext, id: string) =>
    session.request<GlanceImage>(ctx, "glance:ShowImage", { service: "image", method: "GET", path: `/images/${id}` });
  return {
    async create(request, ctx) {
      const tags = encodeTags(request.tags);
      const body = await session.request<{ image_id: string }>(ctx, "nova:CreateServerImage", {
        service: "compute",
        method: "POST",
        path: `/servers/${request.sourceVmIID.systemId}/action`,
        body: { createImage: { name: request.name } },
      });
      try {
        for (const tag of tags)
          await session.request(ctx, "glance:AddImageTag", {
            service: "image",
            method: "PUT",
            path: `/images/${body.image_id}/tags/${encodeURIComponent(tag)}`,
          });
      } catch (error) {
        await rollback([
          () =>
            session.request(ctx, "glance:DeleteImage", {
              service: "image",
              method: "DELETE",
              path: `/images/${body.image_id}`,
            }),
        ]);
        throw error;
      }
      return { ...toInfo(await show(ctx, body.image_id)), sourceVmIID: request.sourceVmIID };
    },

    get: async (image, ctx) => toInfo(await show(ctx, image.systemId)),

    list: (ctx) =>
      session.list<GlanceImage, MyImageInfo>(
        ctx,
        "glance:ListImages",
        { service: "image", path: "/images", query: { visibility: "private" } },
        "images",
        (i) => (i.image_type === "snapshot" ? toInfo(i) : undefined),
      ),

    async delete(image, ctx) {
      await session.request(ctx, "glance:DeleteImage", {
        service: "image",
        method: "DELETE",
        path: `/images/${image.systemId}`,
      });
    },
  };
}
