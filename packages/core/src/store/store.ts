import type { Clock } from "../util/clock.js";

/**
 * One stored value. `revision` is the store-wide revision of the entry's last write (like etcd's
 * mod_revision), so it changes on every write to the key.
 */
export interface StoreEntry {
  key: string;
  value: string;
  revision: number;
}

/** A precondition of `commit`: the key's current revision, or `null` for "the key is absent". */
export interface StoreCondition {
  key: string;
  revision: number | null;
}

/** One write of a `commit`: a put or a delete. */
export type StoreOperation =
  { op: "put"; key: string; value: string; ttlMs?: number; lease?: string } | { op: "delete"; key: string };

/** Options every store call takes. */
export interface StoreCallOptions {
  abortSignal?: AbortSignal | undefined;
}

/** Options of a put: a TTL or a lease the entry lives by. */
export interface PutOptions extends StoreCallOptions {
  /** The entry vanishes after this long (an etcd lease, in the etcd store). */
  ttlMs?: number;
  /** Attaches the entry to a lease (see `StoreLeases`): it vanishes when the lease ends. Not with `ttlMs`. */
  lease?: string;
}

/** Options of a list: a key range, order and limit. */
export interface ListOptions extends StoreCallOptions {
  /** Only keys strictly greater than this one (for paging and ranges). */
  startAfter?: string;
  /** Only keys strictly less than this one. */
  endBefore?: string;
  /** At most this many entries (taken from the end of the range when `reverse`). */
  limit?: number;
  /** Descending key order. */
  reverse?: boolean;
}

/** A lease as granted: its id and the TTL the store gave it (at least the one asked for). */
export interface StoreLease {
  id: string;
  ttlMs: number;
}

/**
 * Leases, for state that must vanish when the process that keeps it alive stops: Sponge Lock keys
 * across processes and the claims of creates in flight. Entries put with `lease` vanish when the
 * lease expires (not renewed within its TTL) or is revoked; until then they are ordinary entries.
 * Renewing a lease changes no revision. A put or commit naming a lease that has ended fails with
 * NotFound and writes nothing.
 */
export interface StoreLeases {
  /**
   * The clock leases expire on, and so the clock to renew them by. Leases measure whether a
   * process is alive, so this is real time unless a test says otherwise (etcd: the leader's time).
   */
  readonly clock: Clock;
  /**
   * True when other processes can reach this store, and so hold leases and keys in it beside this
   * one (an SQLite file, etcd): the Sponge Lock then also locks in the store.
   */
  readonly shared: boolean;
  /** Starts a lease. The TTL granted may be longer than asked (etcd: whole seconds, a minimum). */
  grant(ttlMs: number, options?: StoreCallOptions): Promise<StoreLease>;
  /** Restarts a lease's TTL; false when the lease has already ended (its entries are gone). */
  keepAlive(lease: string, options?: StoreCallOptions): Promise<boolean>;
  /** Ends a lease now, deleting its entries; a lease that has already ended is left as it is. */
  revoke(lease: string, options?: StoreCallOptions): Promise<void>;
}

/**
 * The metadata store: a small ordered key-value interface that SQLite, memory and etcd all serve.
 *
 * - Keys are "/"-separated paths: non-empty, well-formed Unicode, no U+0000. Values are well-formed
 *   strings (JSON, by convention). Invalid input fails with an InvalidArgument error.
 * - Lists are in key order, which is Unicode code point order (= UTF-8 byte order, as in SQLite and
 *   etcd; see `compareKeys`), not JS string `<` order.
 * - Revisions come from one store-wide counter that grows with every successful write; all writes of
 *   one commit share one revision. Revisions never repeat, even for a deleted and re-created key.
 * - An entry written with `ttlMs` expires that long after the write, on the store's clock; from then
 *   on it is absent for every call (get, list, delete, conditions). A put without `ttlMs` removes
 *   an earlier TTL.
 * - Every call rejects with an Aborted (or Timeout) error when its `abortSignal` has already fired,
 *   and with a Conflict error whose `rule` is "closed" once the store is closed.
 * - `leases` is optional: a store without it serves one process (the SDK then locks in process
 *   memory only, and claims of creates carry no liveness).
 */
export interface Store {
  /** Leases and entries attached to them (MemoryStore, SqliteStore and EtcdStore have them). */
  readonly leases?: StoreLeases;
  /** The live entry under `key`, if any. */
  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined>;
  /** Writes the value and returns the entry's new revision. */
  put(key: string, value: string, options?: PutOptions): Promise<number>;
  /** Returns whether the key existed. */
  delete(key: string, options?: StoreCallOptions): Promise<boolean>;
  /** Live entries under `prefix`, in key order (`options` narrow, reverse and limit). */
  list(prefix: string, options?: ListOptions): Promise<StoreEntry[]>;
  /**
   * Applies all operations atomically, in order, if every condition holds; returns false (changing
   * nothing) otherwise. Compare-and-set is a commit with one condition and one put.
   */
  commit(
    operations: StoreOperation[],
    options?: StoreCallOptions & { conditions?: StoreCondition[] },
  ): Promise<boolean>;
  /** Releases the store's resources; later calls reject. Closing twice is harmless. */
  close(): Promise<void>;
}

/** Writes `value` only if the key is at `expectedRevision` (`null`: absent). */
export function compareAndSet(
  store: Store,
  key: string,
  expectedRevision: number | null,
  value: string,
  options?: StoreCallOptions,
): Promise<boolean> {
  return store.commit([{ op: "put", key, value }], { ...options, conditions: [{ key, revision: expectedRevision }] });
}
