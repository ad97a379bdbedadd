import type { DiskInfo, DiskRequest, DiskStatus } from "../../model/disk.js";
import { driverIid } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import { requireFields, requireName, requireOptions, requirePositiveInteger, requireString } from "../validate.js";
import { waitForState } from "../wait.js";
import { operationOptionKeys, waitOptionKeys } from "./options.js";
import type { OperationOptions, WaitOptions } from "./options.js";
import { ResourceService, exclusive, shared } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";
import { maxDiskIops, maxDiskThroughputMiBps } from "./disk-performance.js";

const maxDiskSizeGB = 65_536;

/** Block-storage disks of a connection: create, resize, attach, detach, delete (`connection.disk`). */
export class DiskService extends ResourceService<DiskInfo> {
  protected readonly type = "disk" as const;

  protected handler(): Promise<ReadHandler<DiskInfo>> {
    return this.rt.handler("disk");
  }

  protected async toUser(info: DiskInfo, mapper: IidMapper, record: IidRecord): Promise<DiskInfo> {
    const ownerVm = await mapper.optional("vm", info.ownerVm);
    return { ...info, iid: { nameId: record.name, systemId: info.iid.systemId }, ...(ownerVm ? { ownerVm } : {}) };
  }

  /** Creates a disk; by default returns once it is Available. */
  async create(request: DiskRequest, options: WaitOptions = {}): Promise<DiskInfo> {
    requireFields<DiskRequest>(
      "request",
      request,
      ["name", "zone", "diskType", "diskSizeGB", "diskIops", "diskThroughputMiBps", "tags"],
      "",
    );
    const name = requireName("name", request.name);
    if (request.zone !== undefined) requireString("zone", request.zone);
    if (request.diskType !== undefined) requireString("diskType", request.diskType);
    if (request.diskSizeGB !== undefined) requirePositiveInteger("diskSizeGB", request.diskSizeGB, maxDiskSizeGB);
    if (request.diskIops !== undefined) requirePositiveInteger("diskIops", request.diskIops, maxDiskIops);
    if (request.diskThroughputMiBps !== undefined)
      requirePositiveInteger("diskThroughputMiBps", request.diskThroughputMiBps, maxDiskThroughputMiBps);
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, waitOptionKeys);
    this.rt.requireTaggable("tags", "disk", tags);
    const zone = request.zone ?? this.rt.region.zone;
    const record = this.rt.newRecord("disk", name, this.rt.cloudName("name", "disk", name), zone ? { zone } : {});
    const created = await this.rt.run(
      {
        operation: "disk.create",
        resourceType: this.type,
        resourceName: name,
        locks: [exclusive(this.key(record))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const handler = await this.rt.handler("disk");
        return trackedCreate(this.rt, ctx, record, async () => {
          const info = await handler.create(
            {
              name: record.cloudName,
              ...(zone ? { zone } : {}),
              ...(request.diskType ? { diskType: request.diskType } : {}),
              ...(request.diskSizeGB ? { diskSizeGB: request.diskSizeGB } : {}),
              ...(request.diskIops ? { diskIops: request.diskIops } : {}),
              ...(request.diskThroughputMiBps ? { diskThroughputMiBps: request.diskThroughputMiBps } : {}),
              ...(tags ? { tags } : {}),
            },
            ctx,
          );
          return { systemId: info.iid.systemId, zone: info.zone, result: info };
        });
      },
    );
    if (options.wait === false)
      return this.toUser(created, this.mapper(), { ...record, systemId: created.iid.systemId });
    return this.#waitStatus(name, ["Available"], options.abortSignal);
  }

  /** Deletes a disk and forgets its name. */
  async delete(name: string, options: OperationOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    await this.deleteTracked(name, options, async (record, ctx) => {
      await (await this.rt.handler("disk")).delete(driverIid(record), ctx);
    });
  }

  /** Grows a disk (clouds do not shrink disks). */
  async resize(name: string, sizeGB: number, options: OperationOptions = {}): Promise<DiskInfo> {
    requireName("name", name);
    requirePositiveInteger("sizeGB", sizeGB, maxDiskSizeGB);
    requireOptions(options, operationOptionKeys);
    this.rt.requireOperation("disk.resize");
    await this.withRecord("disk.resize", name, "exclusive", options, async (record, ctx) => {
      await (await this.rt.handler("disk")).resize(driverIid(record), sizeGB, ctx);
    });
    return this.get(name, options);
  }

  /** Attaches a disk to a VM; by default returns once it is Attached. */
  async attach(name: string, vmName: string, options: WaitOptions = {}): Promise<DiskInfo> {
    requireName("name", name);
    requireName("vmName", vmName);
    requireOptions(options, waitOptionKeys);
    this.rt.requireOperation("disk.attach");
    await this.withRecord(
      "disk.attach",
      name,
      "exclusive",
      { ...options, extraLocks: [shared(this.rt.lockKey("vm", vmName))] },
      async (record, ctx) => {
        const vm = await this.rt.resolve("vm", vmName);
        const handler = await this.rt.handler("disk");
        await ctx.whenVisible([vm.systemId], () => handler.attach(driverIid(record), driverIid(vm), ctx));
      },
    );
    if (options.wait !== false) return this.#waitStatus(name, ["Attached"], options.abortSignal);
    return this.get(name, options);
  }

  /** Detaches a disk from a VM; by default returns once it is Available again. */
  async detach(name: string, vmName: string, options: WaitOptions = {}): Promise<DiskInfo> {
    requireName("name", name);
    requireName("vmName", vmName);
    requireOptions(options, waitOptionKeys);
    this.rt.requireOperation("disk.attach");
    await this.withRecord(
      "disk.detach",
      name,
      "exclusive",
      { ...options, extraLocks: [shared(this.rt.lockKey("vm", vmName))] },
      async (record, ctx) => {
        const vm = await this.rt.resolve("vm", vmName);
        const handler = await this.rt.handler("disk");
        await ctx.whenVisible([vm.systemId], () => handler.detach(driverIid(record), driverIid(vm), ctx));
      },
    );
    if (options.wait !== false) return this.#waitStatus(name, ["Available"], options.abortSignal);
    return this.get(name, options);
  }

  /** Waits for one of the statuses and returns the disk as the read that saw it (no second read). */
  async #waitStatus(name: string, targets: DiskStatus[], abortSignal: AbortSignal | undefined): Promise<DiskInfo> {
    const record = await this.rt.resolve("disk", name);
    const ctx = await this.rt.context("disk", name, abortSignal);
    const handler = await this.rt.handler("disk");
    const info = await waitForState(ctx, record, {
      description: `disk "${name}" to be ${targets.join(" or ")}`,
      deadline: "disk",
      read: () => handler.get(driverIid(record), ctx),
      accept: (d) => (targets.includes(d.status) ? "success" : d.status === "Error" ? "failure" : "retry"),
      describeFailure: (d) => JSON.stringify(d.status),
    });
    return this.toUser(info, this.mapper(), record);
  }
}
