import type { ResourceType } from "../model/common.js";
import type { Store, StoreOperation } from "../store/store.js";
import { decodeJson, encodeJson } from "../util/json.js";

/**
 * What the runtime remembers of one resource: the user's name, the name it has in the cloud and
 * the cloud's id. A record is "pending" from just before the cloud is asked to create the
 * resource until the cloud has answered with its id, so a crash in between leaves a trace that
 * reconciliation can resolve by the cloud-side name instead of a leaked resource.
 */
export interface IidRecord {
  connection: string;
  resourceType: ResourceType;
  name: string;
  /** The owning VPC's user name, for subnets and security groups. */
  owner?: string;
  cloudName: string;
  systemId: string;
  state: "pending" | "ready";
  zone?: string;
  createdAt: Date;
}

const noOwner = "-";

function forwardKey(connection: string, type: ResourceType, owner: string | undefined, name: string): string {
  return `iid/${connection}/${type}/${owner ?? noOwner}/${name}`;
}

function reverseKey(connection: string, type: ResourceType, systemId: string): string {
  return `iid-by-id/${connection}/${type}/${encodeURIComponent(systemId)}`;
}

/** IID records in the store: by name (per owner for subnets and security groups) and by cloud id. */
export class IidStore {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async get(connection: string, type: ResourceType, name: string, owner?: string): Promise<IidRecord | undefined> {
    const entry = await this.#store.get(forwardKey(connection, type, owner, name));
    return entry ? decodeJson<IidRecord>(entry.value) : undefined;
  }

  /** Records of a type, optionally of one owner. */
  async list(connection: string, type: ResourceType, owner?: string): Promise<IidRecord[]> {
    const prefix = owner === undefined ? `iid/${connection}/${type}/` : `iid/${connection}/${type}/${owner}/`;
    const entries = await this.#store.list(prefix);
    return entries.map((e) => decodeJson<IidRecord>(e.value));
  }

  /** Records of every type in a connection. */
  async listConnection(connection: string): Promise<IidRecord[]> {
    const entries = await this.#store.list(`iid/${connection}/`);
    return entries.map((e) => decodeJson<IidRecord>(e.value));
  }

  async bySystemId(connection: string, type: ResourceType, systemId: string): Promise<IidRecord | undefined> {
    const pointer = await this.#store.get(reverseKey(connection, type, systemId));
    if (!pointer) return undefined;
    const entry = await this.#store.get(pointer.value);
    return entry ? decodeJson<IidRecord>(entry.value) : undefined;
  }

  /** Claims a name; false when a record of that name already exists (even in another process). */
  reserve(record: IidRecord): Promise<boolean> {
    const key = forwardKey(record.connection, record.resourceType, record.owner, record.name);
    return this.#store.commit([{ op: "put", key, value: encodeJson(record) }], {
      conditions: [{ key, revision: null }],
    });
  }

  /** Writes records (and their id index) in one atomic step. */
  async save(...records: IidRecord[]): Promise<void> {
    const ops: StoreOperation[] = [];
    for (const r of records) {
      const key = forwardKey(r.connection, r.resourceType, r.owner, r.name);
      ops.push({ op: "put", key, value: encodeJson(r) });
      if (r.systemId) ops.push({ op: "put", key: reverseKey(r.connection, r.resourceType, r.systemId), value: key });
    }
    await this.#store.commit(ops);
  }

  async remove(...records: IidRecord[]): Promise<void> {
    const ops: StoreOperation[] = [];
    for (const r of records) {
      ops.push({ op: "delete", key: forwardKey(r.connection, r.resourceType, r.owner, r.name) });
      if (r.systemId) ops.push({ op: "delete", key: reverseKey(r.connection, r.resourceType, r.systemId) });
    }
    await this.#store.commit(ops);
  }
}
