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

export type StoreOperation = { op: "put"; key: string; value: string; ttlMs?: number } | { op: "delete"; key: string };

export interface StoreCallOptions {
  abortSignal?: AbortSignal | undefined;
}

export interface PutOptions extends StoreCallOptions {
  /** The entry vanishes after this long (an etcd lease, in the etcd store). */
  ttlMs?: number;
}

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
 */
export interface Store {
  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined>;
  /** Writes the value and returns the entry's new revision. */
  put(key: string, value: string, options?: PutOptions): Promise<number>;
  /** Returns whether the key existed. */
  delete(key: string, options?: StoreCallOptions): Promise<boolean>;
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
