import { closedError } from "../errors.js";
import { systemClock } from "../util/clock.js";
import type { Clock } from "../util/clock.js";
import { compareKeys, prefixEnd } from "./keys.js";
import { OrderedKeys } from "./ordered-keys.js";
import type { KeyBound } from "./ordered-keys.js";
import type {
  ListOptions,
  PutOptions,
  Store,
  StoreCallOptions,
  StoreCondition,
  StoreEntry,
  StoreLease,
  StoreLeases,
  StoreOperation,
} from "./store.js";
import {
  checkCommit,
  checkKey,
  checkLease,
  checkLeaseTtl,
  checkListOptions,
  checkTtl,
  checkValue,
  leaseEnded,
  syncCall,
} from "./validate.js";

/** Options of a `MemoryStore`. */
export interface MemoryStoreOptions {
  /** The clock TTLs expire on (default: system time). */
  clock?: Clock;
  /** The clock leases expire on (default: system time; tests of expiry pass a virtual one). */
  leaseClock?: Clock;
}

interface Slot {
  value: string;
  revision: number;
  /** Epoch ms on the store's clock; undefined = never. */
  expiresAt: number | undefined;
  /** The lease the entry is attached to, if any. */
  lease: string | undefined;
}

interface Lease {
  ttlMs: number;
  /** Epoch ms on the lease clock. */
  expiresAt: number;
  /** The entries attached to it, deleted with it. */
  keys: Set<string>;
}

/**
 * A Store in process memory, for unit tests and single-process tools. Every call runs to completion
 * synchronously inside its promise, so commits are atomic with respect to each other. Its leases
 * are not `shared`: no other process can see them.
 */
export class MemoryStore implements Store {
  readonly leases: StoreLeases;
  readonly #clock: Clock;
  readonly #leaseClock: Clock;
  readonly #leases = new Map<string, Lease>();
  #leaseSeq = 0;
  readonly #slots = new Map<string, Slot>();
  /** All keys in `compareKeys` order (a skip list: logarithmic inserts), for range listing. */
  readonly #keys = new OrderedKeys();
  #revision = 0;
  #closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    const leaseClock = (this.#leaseClock = options.leaseClock ?? systemClock);
    this.leases = {
      clock: leaseClock,
      shared: false,
      grant: (ttlMs, options) => this.#call(options, () => this.#grant(ttlMs)),
      keepAlive: (lease, options) =>
        this.#call(options, () => {
          const live = this.#liveLease(lease);
          if (live) live.expiresAt = leaseClock.now() + live.ttlMs;
          return live !== undefined;
        }),
      revoke: (lease, options) => this.#call(options, () => this.#endLease(lease)),
    };
  }

  /** The live entry under `key`, if any. */
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
      checkLease(options?.lease, options?.ttlMs);
      const put: StoreOperation = { op: "put", key, value, ttlMs: options?.ttlMs, lease: options?.lease };
      this.#requireLeases([put]);
      return this.#apply([put]);
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

  /** Live entries under `prefix`, in key order. */
  list(prefix: string, options: ListOptions = {}): Promise<StoreEntry[]> {
    return this.#call(options, () => {
      checkListOptions(prefix, options);
      const { startAfter, endBefore, limit, reverse = false } = options;
      let from: KeyBound = { key: prefix, inclusive: true };
      if (startAfter !== undefined && compareKeys(startAfter, prefix) >= 0)
        from = { key: startAfter, inclusive: false };
      const end = prefixEnd(prefix);
      let to: KeyBound | undefined = end === undefined ? undefined : { key: end, inclusive: false };
      if (endBefore !== undefined && (to === undefined || compareKeys(endBefore, to.key) < 0))
        to = { key: endBefore, inclusive: false };

      const out: StoreEntry[] = [];
      const expired: string[] = [];
      const max = limit ?? Infinity;
      const now = this.#clock.now();
      for (const key of this.#keys.range(from, to, reverse)) {
        if (out.length >= max) break;
        const slot = this.#slots.get(key);
        if (!slot) continue;
        if (this.#isGone(slot, now)) expired.push(key);
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
      this.#requireLeases(operations);
      if (operations.length > 0) this.#apply(operations);
      return true;
    });
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#slots.clear();
    this.#leases.clear();
    this.#keys.clear();
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
      const old = this.#slots.get(operation.key);
      if (!old) this.#keys.add(operation.key);
      else if (old.lease !== undefined) this.#leases.get(old.lease)?.keys.delete(operation.key);
      const lease = operation.lease;
      if (lease !== undefined) this.#leases.get(lease)?.keys.add(operation.key);
      this.#slots.set(operation.key, { value: operation.value, revision, expiresAt, lease });
    }
    return revision;
  }

  /** The key's slot unless absent or expired (an expired slot is dropped on the way). */
  #live(key: string): Slot | undefined {
    const slot = this.#slots.get(key);
    if (slot && this.#isGone(slot, this.#clock.now())) {
      this.#remove(key);
      return undefined;
    }
    return slot;
  }

  /** Past its TTL, or attached to a lease that has ended. Changes nothing (lists call it mid-walk). */
  #isGone(slot: Slot, now: number): boolean {
    if (isExpired(slot, now)) return true;
    if (slot.lease === undefined) return false;
    const lease = this.#leases.get(slot.lease);
    return !lease || lease.expiresAt <= this.#leaseClock.now();
  }

  #remove(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    this.#slots.delete(key);
    if (slot.lease !== undefined) this.#leases.get(slot.lease)?.keys.delete(key);
    this.#keys.delete(key);
  }

  #grant(ttlMs: number): StoreLease {
    checkLeaseTtl(ttlMs);
    // Leases nobody asks about again end here, so the map follows the leases alive.
    for (const id of [...this.#leases.keys()]) this.#liveLease(id);
    const id = String(++this.#leaseSeq);
    this.#leases.set(id, { ttlMs, expiresAt: this.#leaseClock.now() + ttlMs, keys: new Set() });
    return { id, ttlMs };
  }

  /** The lease unless it has ended; an expired one ends here, taking its entries along. */
  #liveLease(id: string): Lease | undefined {
    const lease = this.#leases.get(id);
    if (lease && lease.expiresAt <= this.#leaseClock.now()) {
      this.#endLease(id);
      return undefined;
    }
    return lease;
  }

  #endLease(id: string): void {
    const lease = this.#leases.get(id);
    if (!lease) return;
    this.#leases.delete(id);
    for (const key of lease.keys) this.#remove(key);
  }

  /** Refuses a write that attaches an entry to a lease that has ended, before anything is written. */
  #requireLeases(operations: readonly StoreOperation[]): void {
    for (const operation of operations) {
      if (operation.op === "put" && operation.lease !== undefined && !this.#liveLease(operation.lease)) {
        throw leaseEnded(operation.lease);
      }
    }
  }
}

function isExpired(slot: Slot, now: number): boolean {
  return slot.expiresAt !== undefined && slot.expiresAt <= now;
}
