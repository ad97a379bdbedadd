import type { CallContext, IID, MyImageHandler, MyImageInfo, MyImageStatus } from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";
import { awaitGone, awaitState } from "../lifecycle.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import type { IbmImage, IbmInstance } from "./native-types.js";

const statuses: Readonly<Record<string, MyImageStatus>> = {
  pending: "Creating",
  available: "Available",
  deprecated: "Available",
  obsolete: "Available",
  deleting: "Deleting",
  failed: "Error",
  unusable: "Error",
};

/**
 * Private images made from a VM's boot volume (`create_image` with `source_volume`). IBM images
 * only a stopped instance's boot volume: a running instance is stopped first, and started again
 * once the image is available. IBM's image does not name its instance: the source VM is known for
 * images this connection made, else empty.
 */
export function createMyImageHandler(session: IbmSession): MyImageHandler {
  const toInfo = (image: IbmImage): MyImageInfo => {
    const source = image.id ? session.imageSources.peek(image.id) : undefined;
    const created = image.created_at ? new Date(image.created_at) : undefined;
    const status = image.status ?? "";
    return {
      iid: { nameId: image.name ?? "", systemId: image.id ?? "" },
      sourceVmIID: { nameId: source?.name ?? "", systemId: source?.id ?? "" },
      status: Object.hasOwn(statuses, status) ? (statuses[status] ?? "Error") : "Creating",
      ...(created && !Number.isNaN(created.getTime()) ? { createdAt: created } : {}),
      extra: { nativeState: status, ...(image.source_volume?.id ? { sourceVolume: image.source_volume.id } : {}) },
    };
  };

  const readImage = (ctx: CallContext, id: string) => session.call<IbmImage>(ctx, "get_image", { id });

  const instanceStatus = async (ctx: CallContext, vm: IID) =>
    (await session.call<IbmInstance>(ctx, "get_instance", { id: vm.systemId })).status;

  return {
    async create(request, ctx) {
      const vm = request.sourceVmIID;
      const instance = await session.call<IbmInstance>(ctx, "get_instance", { id: vm.systemId });
      const volume = instance.boot_volume_attachment?.volume?.id;
      if (!volume) throw badAnswer(`get_instance: no boot volume of ${vm.systemId}`);
      const wasRunning = instance.status !== "stopped";
      if (wasRunning) {
        await session.call(ctx, "create_instance_action", { instance_id: vm.systemId }, { type: "stop" });
        await awaitState(ctx, `instance ${vm.systemId}`, "vmControl", ["stopped"], () => instanceStatus(ctx, vm));
      }
      const image = await session.call<IbmImage>(
        ctx,
        "create_image",
        {},
        {
          name: request.name,
          source_volume: { id: volume },
          ...session.resourceGroup(),
        },
      );
      const id = image.id;
      if (!id) throw badAnswer("create_image: no id in the answer");
      ctx.created(id);
      if (image.crn) session.crns.set(id, image.crn);
      session.imageSources.set(id, { id: vm.systemId, name: vm.nameId });
      if (wasRunning) {
        await awaitState(ctx, `image ${id}`, "myImage", ["available"], () =>
          ctx.whenVisible([id], async () => (await readImage(ctx, id)).status),
        );
        await session.call(ctx, "create_instance_action", { instance_id: vm.systemId }, { type: "start" });
      }
      await tagCreated(session, ctx, image, request.tags, (u) => session.call(u, "delete_image", { id }));
      return { ...toInfo(image), sourceVmIID: vm };
    },
    get: async (image, ctx) => toInfo(await readImage(ctx, image.systemId)),
    list: (ctx) => session.list<IbmImage, MyImageInfo>(ctx, "list_images", "images", { visibility: "private" }, toInfo),
    async delete(image, ctx) {
      await session.call(ctx, "delete_image", { id: image.systemId });
      await awaitGone(
        ctx,
        `image ${image.systemId}`,
        "myImage",
        async () => (await readImage(ctx, image.systemId)).status,
      );
      session.imageSources.forget(image.systemId);
      session.crns.forget(image.systemId);
    },
  };
}
