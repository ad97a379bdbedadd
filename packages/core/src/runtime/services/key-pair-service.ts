import type { KeyPairInfo, KeyPairRequest } from "../../model/key-pair.js";
import { driverIid } from "../connection-runtime.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import { requireFields, requireName, requireOptions } from "../validate.js";
import { operationOptionKeys } from "./options.js";
import type { OperationOptions } from "./options.js";
import { ResourceService, exclusive } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";

/** SSH key pairs of a connection (`connection.keyPair`). */
export class KeyPairService extends ResourceService<KeyPairInfo> {
  protected readonly type = "keyPair" as const;

  protected handler(): Promise<ReadHandler<KeyPairInfo>> {
    return this.rt.handler("keyPair");
  }

  protected toUser(info: KeyPairInfo, _mapper: unknown, record: IidRecord): Promise<KeyPairInfo> {
    return Promise.resolve({ ...info, iid: { nameId: record.name, systemId: info.iid.systemId } });
  }

  /** The result holds the private key: keep it, no later call returns it. */
  async create(request: KeyPairRequest, options: OperationOptions = {}): Promise<KeyPairInfo> {
    requireFields<KeyPairRequest>("request", request, ["name", "tags"], "");
    const name = requireName("name", request.name);
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, operationOptionKeys);
    this.rt.requireTaggable("tags", "keyPair", tags);
    const record = this.rt.newRecord("keyPair", name, this.rt.cloudName("name", "keyPair", name));
    return this.rt.run(
      {
        operation: "keyPair.create",
        resourceType: this.type,
        resourceName: name,
        locks: [exclusive(this.key(record))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const handler = await this.rt.handler("keyPair");
        const info = await trackedCreate(this.rt, ctx, record, async () => {
          const created = await handler.create({ name: record.cloudName, ...(tags ? { tags } : {}) }, ctx);
          return { systemId: created.iid.systemId, result: created };
        });
        return this.toUser(info, undefined, record);
      },
    );
  }

  /** Reads never carry the private key, whatever the driver returns. */
  override async get(name: string, options: OperationOptions = {}): Promise<KeyPairInfo> {
    const { privateKey: _dropped, ...info } = await super.get(name, options);
    return info;
  }

  override async *list(options: OperationOptions = {}): AsyncGenerator<KeyPairInfo, void, undefined> {
    for await (const { privateKey: _dropped, ...info } of super.list(options)) yield info;
  }

  /** Deletes a key pair and forgets its name. */
  async delete(name: string, options: OperationOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    await this.deleteTracked(name, options, async (record, ctx) => {
      await (await this.rt.handler("keyPair")).delete(driverIid(record), ctx);
    });
  }
}
