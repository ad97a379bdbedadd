import type { TrackedType } from "../model/common.js";
import type { Store, StoreEntry, StoreOperation } from "../store/store.js";
import { decodeJson, encodeJson } from "../util/json.js";

/**
 * The create that holds a pending record. The claimer keeps an entry `claim/<id>` alive on its
 * SDK instance's store lease while it works on the create (see `OwnerLease`), so others can tell a
 * create in flight from one whose creator stopped or died.
 */
export interface IidClaim {
  /** Random, one per create. */
  id: string;
  /** The SDK instance that made the claim (`LockOwner.id`). */
  owner: string;
  /**
   * When its creator was known to stop working on it: it gave up without an answer, or someone
   * found its liveness entry gone. A create sent before then may still complete in the cloud for
   * `timeouts.pendingSettleMs`.
   */
  releasedAt?: Date;
}

/**
 * What the runtime remembers of one resource: the user's name, the name it has in the cloud and
 * the cloud's id. A record is "pending" from just before the cloud is asked to create the
 * resource until the cloud has answered with its id, so a crash in between leaves a trace that
 * reconciliation can resolve by the cloud-side name instead of a leaked resource.
 */
export interface IidRecord {
  connection: string;
  resourceType: TrackedType;
  name: string;
  /** The owning VPC's user name, for subnets and security groups. */
  owner?: string;
  cloudName: string;
  systemId: string;
  state: "pending" | "ready";
  zone?: string;
  createdAt: Date;
  /** Pending records written by this SDK: the create that holds the name (older ones have none). */
  claim?: IidClaim;
  /**
   * A pending VPC's subnets as its create asked for them, so that reconcile adopting the VPC (its
   * create lost the answer) adopts the subnets the cloud made with it too.
   */
  subnets?: { name: string; cloudName: string }[];
}

/** A record as stored, with the revision a compare-and-set must name. */
export interface StoredIid {
  record: IidRecord;
  revision: number;
}

const noOwner = "-";

function forwardKey(connection: string, type: TrackedType, owner: string | undefined, name: string): string {
  return `iid/${connection}/${type}/${owner ?? noOwner}/${name}`;
}

function reverseKey(connection: string, type: TrackedType, systemId: string): string {
  return `iid-by-id/${connection}/${type}/${encodeURIComponent(systemId)}`;
}

function recordKey(r: IidRecord): string {
  return forwardKey(r.connection, r.resourceType, r.owner, r.name);
}

/** The entry that lives as long as a claim's creator works on it. */
function claimKey(claimId: string): string {
  return `claim/${claimId}`;
}

/** The writes that store records and their id index. */
function writes(records: readonly IidRecord[]): StoreOperation[] {
  return records.flatMap((r): StoreOperation[] => [
    { op: "put", key: recordKey(r), value: encodeJson(r) },
    ...(r.systemId
      ? [{ op: "put", key: reverseKey(r.connection, r.resourceType, r.systemId), value: recordKey(r) } as const]
      : []),
  ]);
}

/** IID records in the store: by name (per owner for subnets and security groups) and by cloud id. */
export class IidStore {
  readonly #store: Store;
  /**
   * Decoded records of the latest listing of each prefix, by key, with the revision they were
   * decoded at. The store stays the source of truth (every listing reads it, so writes of other
   * processes are seen); only records whose revision is unchanged skip decoding, so a status poll of
   * a connection with 10,000 VMs does not parse 10,000 JSON records. Frozen: callers share them.
   */
  readonly #decoded = new Map<string, Map<string, { revision: number; record: IidRecord }>>();

  constructor(store: Store) {
    this.#store = store;
  }

  /** The records of a listing, decoding only those written since the prefix was last listed. */
  #records(prefix: string, entries: readonly StoreEntry[]): IidRecord[] {
    const before = this.#decoded.get(prefix);
    const now = new Map<string, { revision: number; record: IidRecord }>();
    const records = entries.map((e) => {
      let known = before?.get(e.key);
      if (known?.revision !== e.revision) {
        known = { revision: e.revision, record: Object.freeze(decodeJson<IidRecord>(e.value)) };
      }
      now.set(e.key, known);
      return known.record;
    });
    // Only the last listing of a prefix is kept, so forgotten records do not linger.
    this.#decoded.set(prefix, now);
    return records;
  }

  async get(connection: string, type: TrackedType, name: string, owner?: string): Promise<IidRecord | undefined> {
    const entry = await this.#store.get(forwardKey(connection, type, owner, name));
    return entry ? decodeJson<IidRecord>(entry.value) : undefined;
  }

  /** Records of a type, optionally of one owner. */
  async list(connection: string, type: TrackedType, owner?: string): Promise<IidRecord[]> {
    const prefix = owner === undefined ? `iid/${connection}/${type}/` : `iid/${connection}/${type}/${owner}/`;
    return this.#records(prefix, await this.#store.list(prefix));
  }

  /** Records of every type in a connection. */
  async listConnection(connection: string): Promise<IidRecord[]> {
    const prefix = `iid/${connection}/`;
    return this.#records(prefix, await this.#store.list(prefix));
  }

  async bySystemId(connection: string, type: TrackedType, systemId: string): Promise<IidRecord | undefined> {
    const pointer = await this.#store.get(reverseKey(connection, type, systemId));
    if (!pointer) return undefined;
    const entry = await this.#store.get(pointer.value);
    return entry ? decodeJson<IidRecord>(entry.value) : undefined;
  }

  /** A record with its revision, for a compare-and-set. */
  async stored(record: IidRecord): Promise<StoredIid | undefined> {
    const entry = await this.#store.get(recordKey(record));
    return entry && { record: decodeJson<IidRecord>(entry.value), revision: entry.revision };
  }

  /**
   * Claims a name with a pending record, and (with a lease) the entry that says its creator is at
   * work; false when a record of that name already exists (even in another process).
   */
  claim(record: IidRecord & { claim: IidClaim }, lease: string | undefined): Promise<boolean> {
    const key = recordKey(record);
    const alive = { owner: record.claim.owner, record: key };
    return this.#store.commit(
      [
        { op: "put", key, value: encodeJson(record) },
        ...(lease === undefined
          ? []
          : [{ op: "put", key: claimKey(record.claim.id), value: encodeJson(alive), lease } as const]),
      ],
      { conditions: [{ key, revision: null }] },
    );
  }

  /** Whether the creator of a claim is still at work on it (its lease lives and it has not let go). */
  async isHeld(claim: IidClaim): Promise<boolean> {
    return (await this.#store.get(claimKey(claim.id))) !== undefined;
  }

  /**
   * Replaces a stored record, only if it is still at the revision read (compare-and-set), with
   * `records` (it and others, such as a VPC's subnets); the claim's liveness entry goes too.
   */
  replace(expected: StoredIid, ...records: IidRecord[]): Promise<boolean> {
    const key = recordKey(expected.record);
    const claim = expected.record.claim;
    const done: StoreOperation[] = claim ? [{ op: "delete", key: claimKey(claim.id) }] : [];
    return this.#store.commit([...writes(records), ...done], { conditions: [{ key, revision: expected.revision }] });
  }

  /** Deletes a stored record (and its claim's liveness entry), only if it is still at the revision read. */
  drop(expected: StoredIid): Promise<boolean> {
    const key = recordKey(expected.record);
    const claim = expected.record.claim;
    const ops: StoreOperation[] = [{ op: "delete", key }];
    if (claim) ops.push({ op: "delete", key: claimKey(claim.id) });
    return this.#store.commit(ops, { conditions: [{ key, revision: expected.revision }] });
  }

  /** Adds ready records (adopted from the cloud) and their id index; false when one name is taken. */
  insert(...records: IidRecord[]): Promise<boolean> {
    return this.#store.commit(writes(records), {
      conditions: records.map((r) => ({ key: recordKey(r), revision: null })),
    });
  }

  /** Forgets records (deleted or unregistered resources, whose operations hold their keys). */
  async remove(...records: IidRecord[]): Promise<void> {
    const ops: StoreOperation[] = [];
    for (const r of records) {
      ops.push({ op: "delete", key: recordKey(r) });
      if (r.systemId) ops.push({ op: "delete", key: reverseKey(r.connection, r.resourceType, r.systemId) });
    }
    await this.#store.commit(ops);
  }
}
