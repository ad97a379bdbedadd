import type { MyImageInfo, MyImageRequest } from "../../model/my-image.js";
import { driverIid } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import { requireFields, requireName, requireOptions } from "../validate.js";
import { waitForState } from "../wait.js";
import { operationOptionKeys, waitOptionKeys } from "./options.js";
import type { OperationOptions, WaitOptions } from "./options.js";
import { ResourceService, exclusive, shared } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";

/** Snapshot images of VMs. */
export class MyImageService extends ResourceService<MyImageInfo> {
  protected readonly type = "myImage" as const;

  protected handler(): Promise<ReadHandler<MyImageInfo>> {
    return this.rt.handler("myImage");
  }

  protected async toUser(info: MyImageInfo, mapper: IidMapper, record: IidRecord): Promise<MyImageInfo> {
    return {
      ...info,
      iid: { nameId: record.name, systemId: info.iid.systemId },
      sourceVmIID: await mapper.user("vm", info.sourceVmIID),
    };
  }

  /** Snapshots a VM; by default returns once the image is Available. */
  async create(request: MyImageRequest, options: WaitOptions = {}): Promise<MyImageInfo> {
    requireFields<MyImageRequest>("request", request, ["name", "sourceVmName", "tags"], "");
    const name = requireName("name", request.name);
    const vmName = requireName("sourceVmName", request.sourceVmName);
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, waitOptionKeys);
    this.rt.requireTaggable("tags", "myImage", tags);
    const record = this.rt.newRecord("myImage", name, this.rt.cloudName("name", "myImage", name));
    const created = await this.rt.run(
      {
        operation: "myImage.create",
        resourceType: this.type,
        resourceName: name,
        locks: [exclusive(this.key(record)), shared(this.rt.lockKey("vm", vmName))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const vm = await this.rt.resolve("vm", vmName);
        const handler = await this.rt.handler("myImage");
        return trackedCreate(
          this.rt,
          ctx,
          record,
          async () => {
            const info = await handler.create(
              { name: record.cloudName, sourceVmIID: driverIid(vm), ...(tags ? { tags } : {}) },
              ctx,
            );
            return { systemId: info.iid.systemId, result: info };
          },
          [vm],
        );
      },
    );
    const ready = { ...record, systemId: created.iid.systemId, state: "ready" as const };
    if (options.wait === false) return this.toUser(created, this.mapper(), ready);
    const ctx = await this.rt.context("myImage", name, options.abortSignal);
    const handler = await this.rt.handler("myImage");
    const info = await waitForState(ctx, ready, {
      description: `my-image "${name}" to be Available`,
      deadline: "myImage",
      read: () => handler.get(driverIid(ready), ctx),
      accept: (i) => (i.status === "Available" ? "success" : i.status === "Error" ? "failure" : "retry"),
      describeFailure: (i) => i.status,
    });
    return this.toUser(info, this.mapper(), ready);
  }

  /** Deletes a machine image and forgets its name. */
  async delete(name: string, options: OperationOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    await this.deleteTracked(name, options, async (record, ctx) => {
      await (await this.rt.handler("myImage")).delete(driverIid(record), ctx);
    });
  }
}
