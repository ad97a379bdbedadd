/** One stored value. `revision` changes on every write to the key (like etcd's mod_revision). */
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

export type StoreOperation =
  | { op: "put"; key: string; value: string; ttlMs?: number }
  | { op: "delete"; key: string };

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
  limit?: number;
  /** Newest key first. */
  reverse?: boolean;
}

/**
 * The metadata store: a small ordered key-value interface that SQLite, memory and etcd all serve.
 * Keys are "/"-separated paths; values are strings (JSON, by convention). Lists are in key order.
 */
export interface Store {
  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined>;
  /** Writes the value and returns the entry's new revision. */
  put(key: string, value: string, options?: PutOptions): Promise<number>;
  /** Returns whether the key existed. */
  delete(key: string, options?: StoreCallOptions): Promise<boolean>;
  list(prefix: string, options?: ListOptions): Promise<StoreEntry[]>;
  /**
   * Applies all operations atomically if every condition holds; returns false (changing nothing)
   * otherwise. Compare-and-set is a commit with one condition and one put.
   */
  commit(
    operations: StoreOperation[],
    options?: StoreCallOptions & { conditions?: StoreCondition[] },
  ): Promise<boolean>;
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
