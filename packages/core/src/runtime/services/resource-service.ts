import { BaristaError, alreadyExists, invalidArgument, isBaristaError, notFound } from "../../errors.js";
import type { CallContext } from "../../driver/call-context.js";
import type { LockKey } from "../../lock/lock-key.js";
import type { LockRequest } from "../../lock/sponge-lock.js";
import type { IID, TrackedType } from "../../model/common.js";
import type { ConnectionRuntime } from "../connection-runtime.js";
import { driverIid } from "../connection-runtime.js";
import { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { requestLimits, requireFields, requireName, requireOptions, requireString } from "../validate.js";
import { operationOptionKeys, registerRequestKeys } from "./options.js";
import type { OperationOptions, RegisterRequest } from "./options.js";

export interface Inventory {
  /** Tracked and present in the cloud (user IIDs). */
  mapped: IID[];
  /** Tracked, but the cloud no longer has them (user IIDs). */
  onlyTracked: IID[];
  /** In the cloud but not tracked by this connection (driver IIDs: cloud-side names). */
  onlyInCloud: IID[];
}

/** The handler calls every tracked resource type shares. */
export interface ReadHandler<TInfo> {
  get(iid: IID, ctx: CallContext): Promise<TInfo>;
  list(ctx: CallContext): AsyncIterable<TInfo>;
}

export const exclusive = (key: LockKey): LockRequest => ({ key, mode: "exclusive" });
export const shared = (key: LockKey): LockRequest => ({ key, mode: "shared" });

/**
 * What user-facing resource services share: name lookup, get/list/register/unregister, and the
 * translation of driver answers into user IIDs. Subclasses add create, delete and mutations.
 */
export abstract class ResourceService<TInfo extends { iid: IID }> {
  protected readonly rt: ConnectionRuntime;
  protected abstract readonly type: TrackedType;

  constructor(rt: ConnectionRuntime) {
    this.rt = rt;
  }

  protected abstract handler(): Promise<ReadHandler<TInfo>>;

  /** Rewrites the driver's answer in user terms (the resource's and its references' IIDs). */
  protected abstract toUser(info: TInfo, mapper: IidMapper, record: IidRecord): Promise<TInfo>;

  /** The VPC that owns a resource being registered (security groups only). */
  protected ownerOf(_info: TInfo, _request: RegisterRequest): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  protected mapper(): IidMapper {
    return new IidMapper(this.rt);
  }

  protected key(record: { name: string; owner?: string | undefined }): LockKey {
    return this.rt.lockKey(this.type, record.name, record.owner);
  }

  /**
   * The ready record of a name. For types named per VPC (security groups) without a VPC given,
   * the name must be unambiguous in the connection.
   */
  protected async find(name: string, owner?: string): Promise<IidRecord> {
    requireName("name", name);
    if (owner !== undefined || !this.ownerScoped) return this.rt.resolve(this.type, name, owner);
    const matches = (await this.rt.shared.iids.list(this.rt.name, this.type)).filter(
      (r) => r.name === name && r.state === "ready",
    );
    const [first, second] = matches;
    if (!first) throw notFound(this.type, name, `connection "${this.rt.name}"`);
    if (second) {
      throw invalidArgument("vpcName", "ambiguous-name", `${this.type} "${name}" exists in several VPCs; name the VPC`);
    }
    return first;
  }

  protected get ownerScoped(): boolean {
    return false;
  }

  /** Runs `fn` with the named resource's key held (exclusive or shared) and its record re-read. */
  protected async withRecord<T>(
    operation: string,
    name: string,
    mode: LockRequest["mode"],
    options: OperationOptions & { owner?: string | undefined; extraLocks?: LockRequest[] },
    fn: (record: IidRecord, ctx: CallContext) => Promise<T>,
  ): Promise<T> {
    const located = await this.find(name, options.owner);
    return this.rt.run(
      {
        operation,
        resourceType: this.type,
        resourceName: name,
        locks: [{ key: this.key(located), mode }, ...(options.extraLocks ?? [])],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const record = await this.rt.resolve(this.type, name, located.owner);
        // A resource created a moment ago may not be visible to the cloud's reads yet.
        return ctx.whenVisible([record.systemId], () => fn(record, ctx));
      },
    );
  }

  async get(name: string, options: OperationOptions & { owner?: string } = {}): Promise<TInfo> {
    requireName("name", name);
    requireOptions(options, ["abortSignal", "owner"]);
    return this.withRecord(`${this.type}.get`, name, "shared", options, async (record, ctx) => {
      const info = await (await this.handler()).get(driverIid(record), ctx);
      return this.toUser(info, this.mapper(), record);
    });
  }

  /**
   * The resources this connection tracks, as the cloud describes them now: one paginated cloud
   * listing joined with the stored records (no lock: each item is a snapshot).
   */
  async *list(options: OperationOptions = {}): AsyncGenerator<TInfo, void, undefined> {
    requireOptions(options, operationOptionKeys);
    const records = new Map<string, IidRecord>();
    for (const r of await this.rt.shared.iids.list(this.rt.name, this.type)) {
      if (r.state === "ready") records.set(r.systemId, r);
    }
    if (records.size === 0) return;
    const ctx = await this.rt.context(this.type, undefined, options.abortSignal);
    const mapper = this.mapper();
    for await (const info of this.rt.redactedEach((await this.handler()).list(ctx), options.abortSignal)) {
      const record = records.get(info.iid.systemId);
      if (record) yield await this.toUser(info, mapper, record);
    }
  }

  /**
   * Compares what the runtime tracks with what the cloud has: resources tracked and present,
   * tracked but gone from the cloud, and present in the cloud but not tracked (cloud-side names).
   */
  async inventory(options: OperationOptions = {}): Promise<Inventory> {
    requireOptions(options, operationOptionKeys);
    const records = (await this.rt.shared.iids.list(this.rt.name, this.type)).filter((r) => r.state === "ready");
    const bySystemId = new Map(records.map((r) => [r.systemId, r]));
    const inventory: Inventory = { mapped: [], onlyTracked: [], onlyInCloud: [] };
    const seen = new Set<string>();
    // A region that lacks the service has none of the resources (tracked ones are gone from it).
    const handler = await this.handler().catch((error: unknown) => {
      if (isBaristaError(error, "NotSupported")) return undefined;
      throw error;
    });
    const ctx = await this.rt.context(this.type, undefined, options.abortSignal);
    for await (const info of handler?.list(ctx) ?? []) {
      const record = bySystemId.get(info.iid.systemId);
      seen.add(info.iid.systemId);
      if (record) inventory.mapped.push({ nameId: record.name, systemId: info.iid.systemId });
      else inventory.onlyInCloud.push(info.iid);
    }
    for (const r of records)
      if (!seen.has(r.systemId)) inventory.onlyTracked.push({ nameId: r.name, systemId: r.systemId });
    return inventory;
  }

  /** The fields of a register request (security groups add the VPC). */
  protected get registerFields(): readonly string[] {
    return registerRequestKeys;
  }

  /** Adopts an existing cloud resource under a user name; the cloud is only read. */
  async register(request: RegisterRequest, options: OperationOptions = {}): Promise<TInfo> {
    requireFields("request", request, this.registerFields as (keyof RegisterRequest)[], "");
    const name = requireName("name", request.name);
    const systemId = requireString("systemId", request.systemId, requestLimits.idLength);
    requireOptions(options, operationOptionKeys);
    const existing = await this.rt.shared.iids.bySystemId(this.rt.name, this.type, systemId);
    if (existing) {
      throw new BaristaError("AlreadyExists", `${this.type} ${systemId} is already registered as "${existing.name}"`, {
        resourceType: this.type,
        resourceName: existing.name,
      });
    }
    const ctx = await this.rt.context(this.type, name, options.abortSignal);
    const mapper = this.mapper();
    const handler = await this.handler();
    const info = await this.rt.redacted(() => handler.get({ nameId: "", systemId }, ctx), options.abortSignal);
    const owner = await this.ownerOf(info, request);
    const record: IidRecord = {
      ...this.rt.newRecord(this.type, name, info.iid.nameId, owner === undefined ? {} : { owner }),
      systemId: info.iid.systemId,
      state: "ready",
    };
    return this.rt.run(
      {
        operation: `${this.type}.register`,
        resourceType: this.type,
        resourceName: name,
        locks: [exclusive(this.key(record))],
        abortSignal: options.abortSignal,
      },
      async () => {
        if (!(await this.rt.shared.iids.insert(record))) throw alreadyExists(this.type, name);
        return this.toUser(info, mapper, record);
      },
    );
  }

  /** Forgets a resource without touching it in the cloud. */
  async unregister(name: string, options: OperationOptions & { owner?: string } = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, ["abortSignal", "owner"]);
    await this.withRecord(`${this.type}.unregister`, name, "exclusive", options, async (record) => {
      await this.rt.shared.iids.remove(record, ...(await this.dependents(record)));
    });
  }

  /** Records that go when this one goes (a VPC's subnets). */
  protected dependents(_record: IidRecord): Promise<IidRecord[]> {
    return Promise.resolve([]);
  }

  /**
   * Deletes in the cloud, then forgets. A resource the cloud no longer has counts as deleted, so a
   * delete interrupted after the cloud acted can simply be repeated.
   */
  protected async deleteTracked(
    name: string,
    options: OperationOptions & { owner?: string | undefined; extraLocks?: LockRequest[] },
    deleteInCloud: (record: IidRecord, ctx: CallContext) => Promise<void>,
  ): Promise<void> {
    await this.withRecord(`${this.type}.delete`, name, "exclusive", options, async (record, ctx) => {
      try {
        await deleteInCloud(record, ctx);
      } catch (error) {
        if (!isBaristaError(error, "NotFound")) throw error;
      }
      await this.rt.shared.iids.remove(record, ...(await this.dependents(record)));
    });
  }
}
