import { invalidArgument, isBaristaError } from "../../errors.js";
import type { LockRequest } from "../../lock/sponge-lock.js";
import type { ImageType, VmInfo, VmRequest, VmStatus, VmStatusInfo } from "../../model/vm.js";
import { driverIid } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import {
  requestLimits,
  requireFields,
  requireName,
  requireNames,
  requireOneOf,
  requireOptions,
  requirePassword,
  requirePositiveInteger,
  requireString,
  requireVmUser,
} from "../validate.js";
import { waitForState } from "../wait.js";
import { operationOptionKeys, vmReadOptionKeys, waitOptionKeys } from "./options.js";
import type { OperationOptions, VmReadOptions, WaitOptions } from "./options.js";

/** Options of `vm.listStatus`. */
export interface ListStatusOptions extends OperationOptions {
  /** Only these VMs (user names); the listing stops early once all of them were seen. */
  names?: readonly string[];
}
const listStatusOptionKeys = ["abortSignal", "names"] as const satisfies readonly (keyof ListStatusOptions)[];
import { ResourceService, exclusive, shared } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";
import { maxDiskIops, maxDiskThroughputMiBps } from "./disk-performance.js";

const imageTypes: readonly ImageType[] = ["PublicImage", "MyImage"];
const gone: readonly VmStatus[] = ["Terminated", "NotExist"];

const vmRequestKeys = [
  "name",
  "imageType",
  "image",
  "specName",
  "vpcName",
  "subnetName",
  "securityGroupNames",
  "keyPairName",
  "rootDiskType",
  "rootDiskSizeGB",
  "rootDiskIops",
  "rootDiskThroughputMiBps",
  "dataDiskNames",
  "vmUserId",
  "vmUserPassword",
  "tags",
] as const satisfies readonly (keyof VmRequest)[];

/** The checked request, its lists copied (and `imageType` filled in). */
function checkVmRequest(request: VmRequest): VmRequest & { imageType: ImageType; dataDiskNames: string[] } {
  requireFields<VmRequest>("request", request, vmRequestKeys, "");
  const name = requireName("name", request.name);
  // Absent means the default; null is not absent.
  const imageType =
    request.imageType === undefined ? "PublicImage" : requireOneOf("imageType", request.imageType, imageTypes);
  // A my-image is named by the user, a public image by the cloud's id.
  const image =
    imageType === "MyImage"
      ? requireName("image", request.image)
      : requireString("image", request.image, requestLimits.idLength);
  const specName = requireString("specName", request.specName);
  const vpcName = requireName("vpcName", request.vpcName);
  const subnetName = requireName("subnetName", request.subnetName);
  const securityGroupNames = requireNames("securityGroupNames", request.securityGroupNames, { nonEmpty: true });
  if (request.keyPairName !== undefined) requireName("keyPairName", request.keyPairName);
  if (request.rootDiskType !== undefined) requireString("rootDiskType", request.rootDiskType);
  if (request.rootDiskSizeGB !== undefined) requirePositiveInteger("rootDiskSizeGB", request.rootDiskSizeGB, 65_536);
  if (request.rootDiskIops !== undefined) requirePositiveInteger("rootDiskIops", request.rootDiskIops, maxDiskIops);
  if (request.rootDiskThroughputMiBps !== undefined)
    requirePositiveInteger("rootDiskThroughputMiBps", request.rootDiskThroughputMiBps, maxDiskThroughputMiBps);
  const dataDiskNames = request.dataDiskNames === undefined ? [] : requireNames("dataDiskNames", request.dataDiskNames);
  if (request.vmUserId !== undefined) requireVmUser("vmUserId", request.vmUserId);
  if (request.vmUserPassword !== undefined) requirePassword("vmUserPassword", request.vmUserPassword);
  if (request.keyPairName === undefined && request.vmUserPassword === undefined) {
    throw invalidArgument("keyPairName", "login", "give a key pair or a vmUserPassword so the VM can be reached");
  }
  return { ...request, name, imageType, image, specName, vpcName, subnetName, securityGroupNames, dataDiskNames };
}

/** A status read where "not found" means the VM is gone. */
async function statusOrGone(read: () => Promise<VmStatus>): Promise<VmStatus> {
  try {
    return await read();
  } catch (error) {
    if (isBaristaError(error, "NotFound")) return "NotExist";
    throw error;
  }
}

/** VMs of a connection: create (waits until Running), status, suspend, resume, reboot, delete (`connection.vm`). */
export class VmService extends ResourceService<VmInfo> {
  protected readonly type = "vm" as const;

  protected handler(): Promise<ReadHandler<VmInfo>> {
    return this.rt.handler("vm");
  }

  protected async toUser(info: VmInfo, mapper: IidMapper, record: IidRecord): Promise<VmInfo> {
    const keyPairIID = await mapper.optional("keyPair", info.keyPairIID);
    return {
      ...info,
      iid: { nameId: record.name, systemId: info.iid.systemId },
      imageIID: info.imageType === "MyImage" ? await mapper.user("myImage", info.imageIID) : info.imageIID,
      vpcIID: await mapper.user("vpc", info.vpcIID),
      subnetIID: await mapper.user("subnet", info.subnetIID),
      securityGroupIIDs: await mapper.all("securityGroup", info.securityGroupIIDs),
      dataDiskIIDs: await mapper.all("disk", info.dataDiskIIDs),
      ...(keyPairIID ? { keyPairIID } : {}),
    };
  }

  /**
   * Starts a VM. While the cloud creates it, the VM's network, security groups, key pair and
   * image are held (shared) so they cannot be deleted underneath it. By default returns once the
   * VM is Running; the VM is tracked from the moment the cloud gives it an id, even if waiting fails.
   */
  async create(input: VmRequest, options: WaitOptions = {}): Promise<VmInfo> {
    const request = checkVmRequest(input);
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, waitOptionKeys);
    this.rt.requireTaggable("tags", "vm", tags);
    const { name, vpcName, imageType } = request;
    const record = this.rt.newRecord("vm", name, this.rt.cloudName("name", "vm", name));
    const locks: LockRequest[] = [
      exclusive(this.key(record)),
      shared(this.rt.lockKey("vpc", vpcName)),
      shared(this.rt.lockKey("subnet", request.subnetName, vpcName)),
      ...request.securityGroupNames.map((sg) => shared(this.rt.lockKey("securityGroup", sg, vpcName))),
      ...(request.keyPairName ? [shared(this.rt.lockKey("keyPair", request.keyPairName))] : []),
      ...(imageType === "MyImage" ? [shared(this.rt.lockKey("myImage", request.image))] : []),
      ...request.dataDiskNames.map((d) => exclusive(this.rt.lockKey("disk", d))),
    ];
    const started = await this.rt.run(
      { operation: "vm.create", resourceType: "vm", resourceName: name, locks, abortSignal: options.abortSignal },
      async (ctx) => {
        const vpc = await this.rt.resolve("vpc", vpcName);
        const subnet = await this.rt.resolve("subnet", request.subnetName, vpcName);
        const groups = await Promise.all(
          request.securityGroupNames.map((sg) => this.rt.resolve("securityGroup", sg, vpcName)),
        );
        const keyPair = request.keyPairName ? await this.rt.resolve("keyPair", request.keyPairName) : undefined;
        const disks = await Promise.all(request.dataDiskNames.map((d) => this.rt.resolve("disk", d)));
        const myImage = imageType === "MyImage" ? await this.rt.resolve("myImage", request.image) : undefined;
        const imageIID = myImage ? driverIid(myImage) : { nameId: request.image, systemId: request.image };
        const handler = await this.rt.handler("vm");
        const zone = subnet.zone ?? this.rt.region.zone;
        return trackedCreate(
          this.rt,
          ctx,
          record,
          async () => {
            const info = await handler.start(
              {
                name: record.cloudName,
                ...(zone ? { zone } : {}),
                imageType,
                imageIID,
                specName: request.specName,
                vpcIID: driverIid(vpc),
                subnetIID: driverIid(subnet),
                securityGroupIIDs: groups.map(driverIid),
                ...(keyPair ? { keyPairIID: driverIid(keyPair) } : {}),
                ...(request.rootDiskType ? { rootDiskType: request.rootDiskType } : {}),
                ...(request.rootDiskSizeGB ? { rootDiskSizeGB: request.rootDiskSizeGB } : {}),
                ...(request.rootDiskIops ? { rootDiskIops: request.rootDiskIops } : {}),
                ...(request.rootDiskThroughputMiBps
                  ? { rootDiskThroughputMiBps: request.rootDiskThroughputMiBps }
                  : {}),
                dataDiskIIDs: disks.map(driverIid),
                ...(request.vmUserId ? { vmUserId: request.vmUserId } : {}),
                ...(request.vmUserPassword ? { vmUserPassword: request.vmUserPassword } : {}),
                ...(tags ? { tags } : {}),
                idempotencyToken: record.cloudName,
              },
              ctx,
            );
            return { systemId: info.iid.systemId, zone: info.region.zone ?? zone, result: info };
          },
          [vpc, subnet, ...groups, ...(keyPair ? [keyPair] : []), ...disks, ...(myImage ? [myImage] : [])],
        );
      },
    );
    const ready = { ...record, systemId: started.iid.systemId, state: "ready" as const };
    if (options.wait === false) return this.toUser(started, this.mapper(), ready);
    await this.#waitStatus(ready, "Running", "vmRunning", options.abortSignal);
    const running = await this.get(name, options.abortSignal ? { abortSignal: options.abortSignal } : {});
    // What the start answer knew of the root disk still holds; a read without details may lack it.
    return {
      ...(started.rootDiskType ? { rootDiskType: started.rootDiskType } : {}),
      ...(started.rootDiskSizeGB ? { rootDiskSizeGB: started.rootDiskSizeGB } : {}),
      ...running,
    };
  }

  /**
   * The VM as the cloud describes it now: one native call where the cloud allows it; `details`
   * adds the fields that cost more (see the driver's docs).
   */
  override async get(name: string, options: VmReadOptions & { owner?: string } = {}): Promise<VmInfo> {
    requireName("name", name);
    // `owner` as every resource's get takes it (VMs have none: naming one finds nothing).
    requireOptions(options, [...vmReadOptionKeys, "owner"]);
    const read = options.details ? { details: true } : {};
    return this.withRecord("vm.get", name, "shared", options, async (record, ctx) => {
      const info = await (await this.rt.handler("vm")).get(driverIid(record), ctx, read);
      return this.toUser(info, this.mapper(), record);
    });
  }

  /** The VMs this connection tracks, from one paginated listing (`details`: see `get`). */
  override async *list(options: VmReadOptions = {}): AsyncGenerator<VmInfo, void, undefined> {
    requireOptions(options, vmReadOptionKeys);
    const records = new Map<string, IidRecord>();
    for (const r of await this.rt.shared.iids.list(this.rt.name, "vm")) {
      if (r.state === "ready") records.set(r.systemId, r);
    }
    if (records.size === 0) return;
    const ctx = await this.rt.context("vm", undefined, options.abortSignal);
    const mapper = this.mapper();
    const read = options.details ? { details: true } : {};
    for await (const info of (await this.rt.handler("vm")).list(ctx, read)) {
      const record = records.get(info.iid.systemId);
      if (record) yield await this.toUser(info, mapper, record);
    }
  }

  /** A VM's status as the cloud reports it now. */
  async getStatus(name: string, options: OperationOptions = {}): Promise<VmStatus> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    return this.withRecord("vm.getStatus", name, "shared", options, async (record, ctx) =>
      (await this.rt.handler("vm")).getStatus(driverIid(record), ctx),
    );
  }

  /** The status of every tracked VM. */
  async *listStatus(options: ListStatusOptions = {}): AsyncGenerator<VmStatusInfo, void, undefined> {
    requireOptions(options, listStatusOptionKeys);
    const only = options.names === undefined ? undefined : new Set(requireNames("options.names", options.names));
    const records = new Map<string, IidRecord>();
    for (const r of await this.rt.shared.iids.list(this.rt.name, "vm"))
      if (r.state === "ready" && (only === undefined || only.has(r.name))) records.set(r.systemId, r);
    if (records.size === 0) return;
    const ctx = await this.rt.context("vm", undefined, options.abortSignal);
    let left = records.size;
    for await (const s of (await this.rt.handler("vm")).listStatus(ctx)) {
      const record = records.get(s.iid.systemId);
      if (!record) continue;
      yield { iid: { nameId: record.name, systemId: s.iid.systemId }, status: s.status };
      // Every VM asked about has been seen: the listing's further pages are not needed.
      if (only !== undefined && --left === 0) return;
    }
  }

  /** Suspends (stops) a VM; by default returns once it is Suspended. */
  suspend(name: string, options: WaitOptions = {}): Promise<VmStatus> {
    return this.#control(name, "suspend", "Suspended", options);
  }

  /** Resumes a suspended VM and waits until it runs. */
  resume(name: string, options: WaitOptions = {}): Promise<VmStatus> {
    return this.#control(name, "resume", "Running", options);
  }

  /** Reboots a VM and waits until it runs again. */
  reboot(name: string, options: WaitOptions = {}): Promise<VmStatus> {
    return this.#control(name, "reboot", "Running", options);
  }

  /** Terminates a VM, waits until the cloud reports it gone, then forgets it. */
  async delete(name: string, options: OperationOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    await this.deleteTracked(name, options, async (record, ctx) => {
      const handler = await this.rt.handler("vm");
      const read = () => handler.getStatus(driverIid(record), ctx);
      const status = await statusOrGone(read);
      if (!gone.includes(status)) await handler.terminate(driverIid(record), ctx);
      await ctx.waitUntil<VmStatus>({
        description: `VM "${name}" to terminate`,
        deadline: "vmTerminated",
        read,
        accept: (s) => (gone.includes(s) ? "success" : "retry"),
        whenNotFound: "NotExist",
      });
    });
  }

  async #control(
    name: string,
    action: "suspend" | "resume" | "reboot",
    target: VmStatus,
    options: WaitOptions,
  ): Promise<VmStatus> {
    requireName("name", name);
    requireOptions(options, waitOptionKeys);
    this.rt.requireOperation(`vm.${action}`);
    const { record, status } = await this.withRecord(
      `vm.${action}`,
      name,
      "exclusive",
      options,
      async (record, ctx) => ({
        record,
        status: await (await this.rt.handler("vm"))[action](driverIid(record), ctx),
      }),
    );
    if (options.wait === false) return status;
    return this.#waitStatus(record, target, "vmControl", options.abortSignal);
  }

  /** Polls until the VM reaches `target`; Failed or gone ends the wait. */
  async #waitStatus(
    record: IidRecord,
    target: VmStatus,
    deadline: "vmRunning" | "vmControl",
    abortSignal: AbortSignal | undefined,
  ): Promise<VmStatus> {
    const ctx = await this.rt.context("vm", record.name, abortSignal);
    const handler = await this.rt.handler("vm");
    return waitForState<VmStatus>(ctx, record, {
      description: `VM "${record.name}" to be ${target}`,
      deadline,
      read: () => handler.getStatus(driverIid(record), ctx),
      accept: (s) => (s === target ? "success" : s === "Failed" || gone.includes(s) ? "failure" : "retry"),
      whenNotFound: "NotExist",
    });
  }
}
