import { closedError } from "../errors.js";
import { systemClock } from "../util/clock.js";
import type { Clock } from "../util/clock.js";
import { compareKeys, prefixEnd } from "./keys.js";
import type {
  ListOptions,
  PutOptions,
  Store,
  StoreCallOptions,
  StoreCondition,
  StoreEntry,
  StoreOperation,
} from "./store.js";
import { checkCommit, checkKey, checkListOptions, checkTtl, checkValue, syncCall } from "./validate.js";

export interface MemoryStoreOptions {
  /** The clock TTLs expire on (default: system time). */
  clock?: Clock;
}

interface Slot {
  value: string;
  revision: number;
  /** Epoch ms on the store's clock; undefined = never. */
  expiresAt: number | undefined;
}

/**
 * A Store in process memory, for unit tests and single-process tools. Every call runs to completion
 * synchronously inside its promise, so commits are atomic with respect to each other.
 */
export class MemoryStore implements Store {
  readonly #clock: Clock;
  readonly #slots = new Map<string, Slot>();
  /** All keys in `compareKeys` order, for range listing by binary search. */
  readonly #keys: string[] = [];
  #revision = 0;
  #closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  get(key: string, options?: StoreCallOptions): Promise<StoreEntry | undefined> {
    return this.#call(options, () => {
      checkKey(key);
      const slot = this.#live(key);
      return slot && { key, value: slot.value, revision: slot.revision };
    });
  }

  put(key: string, value: string, options?: PutOptions): Promise<number> {
    return this.#call(options, () => {
      checkKey(key);
      checkValue(value);
      checkTtl(options?.ttlMs);
      return this.#apply([{ op: "put", key, value, ttlMs: options?.ttlMs }]);
    });
  }

  delete(key: string, options?: StoreCallOptions): Promise<boolean> {
    return this.#call(options, () => {
      checkKey(key);
      if (!this.#live(key)) return false;
      this.#apply([{ op: "delete", key }]);
      return true;
    });
  }

  list(prefix: string, options: ListOptions = {}): Promise<StoreEntry[]> {
    return this.#call(options, () => {
      checkListOptions(prefix, options);
      const { startAfter, endBefore, limit, reverse = false } = options;
      let from = this.#lowerBound(prefix);
      if (startAfter !== undefined && compareKeys(startAfter, prefix) >= 0) from = this.#upperBound(startAfter);
      const end = prefixEnd(prefix);
      let to = end === undefined ? this.#keys.length : this.#lowerBound(end);
      if (endBefore !== undefined) to = Math.min(to, this.#lowerBound(endBefore));

      const out: StoreEntry[] = [];
      const expired: string[] = [];
      const max = limit ?? Infinity;
      const now = this.#clock.now();
      for (let n = 0; n < to - from && out.length < max; n++) {
        const key = this.#keys[reverse ? to - 1 - n : from + n] ?? "";
        const slot = this.#slots.get(key);
        if (!slot) continue;
        if (isExpired(slot, now)) expired.push(key);
        else out.push({ key, value: slot.value, revision: slot.revision });
      }
      for (const key of expired) this.#remove(key);
      return out;
    });
  }

  commit(
    operations: StoreOperation[],
    options?: StoreCallOptions & { conditions?: StoreCondition[] },
  ): Promise<boolean> {
    return this.#call(options, () => {
      const conditions = options?.conditions ?? [];
      checkCommit(operations, conditions);
      for (const condition of conditions) {
        if ((this.#live(condition.key)?.revision ?? null) !== condition.revision) return false;
      }
      if (operations.length > 0) this.#apply(operations);
      return true;
    });
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#slots.clear();
    this.#keys.length = 0;
    return Promise.resolve();
  }

  /** Runs one call: aborted or closed calls fail before touching any data. */
  #call<T>(options: StoreCallOptions | undefined, operation: () => T): Promise<T> {
    return syncCall(options, () => {
      if (this.#closed) throw closedError("MemoryStore");
      return operation();
    });
  }

  /** Applies validated operations under one new revision. */
  #apply(operations: readonly StoreOperation[]): number {
    const revision = ++this.#revision;
    const now = this.#clock.now();
    for (const operation of operations) {
      if (operation.op === "delete") {
        this.#remove(operation.key);
        continue;
      }
      const expiresAt = operation.ttlMs === undefined ? undefined : now + operation.ttlMs;
      if (!this.#slots.has(operation.key)) this.#keys.splice(this.#lowerBound(operation.key), 0, operation.key);
      this.#slots.set(operation.key, { value: operation.value, revision, expiresAt });
    }
    return revision;
  }

  /** The key's slot unless absent or expired (an expired slot is dropped on the way). */
  #live(key: string): Slot | undefined {
    const slot = this.#slots.get(key);
    if (slot && isExpired(slot, this.#clock.now())) {
      this.#remove(key);
      return undefined;
    }
    return slot;
  }

  #remove(key: string): void {
    if (!this.#slots.delete(key)) return;
    this.#keys.splice(this.#lowerBound(key), 1);
  }

  /** Index of the first key >= `key`. */
  #lowerBound(key: string): number {
    return this.#search((k) => compareKeys(k, key) < 0);
  }

  /** Index of the first key > `key`. */
  #upperBound(key: string): number {
    return this.#search((k) => compareKeys(k, key) <= 0);
  }

  /** The first index whose key does not satisfy `before` (keys satisfying it form a prefix). */
  #search(before: (key: string) => boolean): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (before(this.#keys[mid] ?? "")) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function isExpired(slot: Slot, now: number): boolean {
  return slot.expiresAt !== undefined && slot.expiresAt <= now;
}
