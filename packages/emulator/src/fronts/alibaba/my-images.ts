import type { ActionRegistration } from "./actions.js";
import { AlibabaError } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { descriptionParam, nameParam } from "./names.js";
import { ecs } from "./products.js";
import { requireInstance } from "./instances.js";

/** CreateImage from an instance: Creating, then Available on the world's clock. */
const createImage: ActionRegistration = {
  product: ecs,
  action: "CreateImage",
  handler: async (c) => {
    const instanceId = c.params.string("InstanceId");
    if (instanceId === undefined) {
      if (c.params.string("SnapshotId") !== undefined || c.params.structs("DiskDeviceMapping").length > 0) {
        throw new AlibabaError("InvalidParameter.NotSupported", "The emulator makes images from instances only.");
      }
      c.params.required("InstanceId");
    }
    const name = nameParam(c.params, "ImageName");
    const description = descriptionParam(c.params);
    const tags = c.params.tags();
    return idempotent(c, (cloud) => {
      const vm = requireInstance(cloud, instanceId ?? "");
      if (vm.state !== "running" && vm.state !== "stopped") {
        throw new AlibabaError(
          "IncorrectInstanceStatus",
          "The current status of the instance does not support this operation.",
          403,
        );
      }
      const image = cloud.myImages.create({ name: name ?? `image-${vm.id}`, vmId: vm.id, tags });
      if (description !== undefined) c.state.descriptions.set(image.id, description);
      return { ImageId: image.id };
    });
  },
};

const deleteImage: ActionRegistration = {
  product: ecs,
  action: "DeleteImage",
  handler: async (c) => {
    const id = c.params.required("ImageId");
    const force = c.params.bool("Force") ?? false;
    return c.call((cloud) => {
      if (cloud.catalog.listImages().items.some((i) => i.id === id)) {
        throw new AlibabaError("ImageNotSupported", "A public image cannot be deleted.", 403);
      }
      const image = cloud.myImages.get(id);
      const users = cloud.vms
        .list()
        .items.filter((vm) => vm.image.id === image.id && vm.state !== "terminated" && vm.state !== "shutting-down");
      if (users.length > 0 && !force) {
        throw new AlibabaError(
          "ImageUsedByInstance",
          "The specified image is in use by instances; delete them or set Force.",
          403,
        );
      }
      cloud.myImages.delete(id, { deleteSnapshot: true });
      return {};
    });
  },
};

export const myImageActions: readonly ActionRegistration[] = [createImage, deleteImage];
