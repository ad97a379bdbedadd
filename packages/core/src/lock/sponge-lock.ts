import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Semaphore } from "async-mutex";
import { BaristaError, abortedError, invalidArgument, isBaristaError } from "../errors.js";
import { neverAbortingSignal, onAbort } from "../util/abort.js";
import { formatLockKey, lockLayers } from "./lock-key.js";
import type { LockKey, LockMode } from "./lock-key.js";
import type { LeaseUse, LockOwner, OwnerLease } from "./owner-lease.js";
import { StoreLock } from "./store-lock.js";
import type { LockHolder } from "./store-lock.js";

export type { LockMode } from "./lock-key.js";

/** One key to hold for the duration of a `SpongeLock.run`. */
export interface LockRequest {
  key: LockKey;
  mode: LockMode;
}

/** A snapshot of one key, as returned by `SpongeLock.inspect`. */
export interface LockKeyState {
  key: LockKey;
  /** Number of shared holders right now. */
  sharedHolders: number;
  /** True while one exclusive holder has the key. */
  exclusiveHolder: boolean;
  /** Shared requests queued behind the current holders. */
  waitingShared: number;
  /** Exclusive requests queued behind the current holders. */
  waitingExclusive: number;
}

/** Options of the Sponge Lock. */
export interface SpongeLockOptions {
  /**
   * Most shared holders one key admits at once (default 128, at most 1024); further readers queue.
   * It is also the semaphore weight of an exclusive hold, and async-mutex walks every weight from the
   * semaphore's current value down to 1 on each release, so a release costs O(maxSharedHolders):
   * keep it small (at 1024 a burst of 100 five-key operations already spends ~3 ms in that loop).
   */
  maxSharedHolders?: number;
  /**
   * Also take every key in this lease's store, so the lock holds across the processes sharing the
   * store (each key is taken here first, then in the store). Without it, the lock is this
   * process's alone.
   */
  storeLease?: OwnerLease;
}

/** Options of one locked run. */
export interface LockRunOptions {
  /**
   * Aborts waiting for keys; keys already taken for this call are released. Once `fn` runs, it is
   * part of the signal `fn` is given.
   */
  abortSignal?: AbortSignal | undefined;
  /** What the run is for, e.g. "vm.create": shown by `holders()`. */
  operation?: string | undefined;
}

/** See `SpongeLockOptions.maxSharedHolders` for why both stay small. */
const defaultMaxSharedHolders = 128;
const maxMaxSharedHolders = 1024;

/** A requested key with its place in the global order: by layer, then by path. */
interface Wanted {
  readonly key: LockKey;
  /** `formatLockKey(key)`: the key's identity in the entry map and in messages. */
  readonly id: string;
  readonly rank: number;
  mode: LockMode;
}

/** One key's RW lock plus the sponge's reference counts (count = holders + waiters). */
interface Entry {
  readonly key: LockKey;
  readonly rank: number;
  readonly semaphore: Semaphore;
  sharedHolders: number;
  exclusiveHolder: boolean;
  waitingShared: number;
  waitingExclusive: number;
}

/** One key held by one `run` (in this process or in the store); `release` undoes it exactly once. */
interface Held {
  readonly release: () => void | Promise<void>;
}

/** The keys one `run` holds while its `fn` executes, chained to the run it is nested in. */
interface Context {
  readonly keys: readonly Wanted[];
  readonly parent: Context | undefined;
  /** The store lease the run's keys are attached to; nested runs use it too. */
  readonly lease: LeaseUse | undefined;
  /** Set when the run releases; continuations that outlive `fn` then no longer count as holders. */
  released: boolean;
}

/** A key a run of this process holds or awaits, for `holders()` without a store. */
interface LocalHold {
  readonly key: LockKey;
  readonly mode: LockMode;
  readonly operation: string | undefined;
  readonly since: Date;
  state: "holding" | "waiting";
}

const neverAborted = neverAbortingSignal();

/**
 * A keyed, reference-counted async read/write lock (CB-Spider's SPLock, "Sponge Lock").
 *
 * One entry per key is created on demand and deleted as soon as nobody holds or awaits it. Each key is
 * an async-mutex `Semaphore`: a shared hold weighs 1, an exclusive one weighs `maxSharedHolders`. The
 * semaphore queue is FIFO, so a queued writer blocks readers that arrive after it (writer preference).
 * Multi-key requests take their keys one at a time in one global order (by layer, see `lockLayers`,
 * then by path), so two requests never deadlock. A nested `run` inside `fn` must only ask for keys
 * that come strictly after every key the enclosing runs hold: a later layer, or a later path in the
 * same layer. Anything else (including re-entering a held key) fails fast with "Conflict" instead of
 * deadlocking. Nesting is tracked per instance: two `SpongeLock`s do not see each other.
 *
 * An aborted waiter cannot be removed from the semaphore queue (async-mutex has no per-waiter cancel),
 * so it stays queued, still counted as waiting, and releases the key the moment it is granted.
 *
 * With a `storeLease`, every key is then also taken in the lease's store (see `StoreLock`), so
 * processes sharing the store exclude each other too; in the same global order, so they cannot
 * deadlock either. The store's keys are attached to the owner's lease: should it be lost, `fn`'s
 * abort signal fires and the run rejects with Conflict (rule "lease-lost").
 */
export class SpongeLock {
  readonly owner: LockOwner;
  readonly #maxSharedHolders: number;
  readonly #entries = new Map<string, Entry>();
  readonly #context = new AsyncLocalStorage<Context>();
  readonly #store: StoreLock | undefined;
  readonly #local = new Set<LocalHold>();

  constructor(options: SpongeLockOptions = {}) {
    const max = options.maxSharedHolders ?? defaultMaxSharedHolders;
    if (!Number.isInteger(max) || max < 1 || max > maxMaxSharedHolders) {
      throw invalidArgument("maxSharedHolders", "range", `must be an integer from 1 to ${maxMaxSharedHolders}`);
    }
    this.#maxSharedHolders = max;
    this.#store = options.storeLease && new StoreLock(options.storeLease);
    this.owner = options.storeLease?.owner ?? { id: randomUUID(), host: hostname(), pid: process.pid };
  }

  /** True when keys are also taken in a store that other processes share. */
  get distributed(): boolean {
    return this.#store !== undefined;
  }

  /**
   * Runs `fn` while holding every requested key; releases all of them, in reverse order, when `fn`
   * settles (also when it throws). Duplicate keys are merged; exclusive wins. `fn` is given an
   * abort signal that fires when `options.abortSignal` does or when the keys are lost in the store.
   *
   * @throws BaristaError "Conflict" when called inside another `run` of this lock for a key that run
   *   holds, or for a key that does not come after all held keys (a lock-order violation).
   * @throws BaristaError "Conflict" with rule "lease-lost" when the store lease holding the keys
   *   ended before `fn` settled (whatever `fn` returned: the keys did not exclude others to the end).
   * @throws BaristaError "InvalidArgument" for a key of an unknown layer or a mode other than the two.
   * @throws BaristaError "Aborted" (or "Timeout", per the signal's reason) when aborted while waiting.
   */
  async run<T>(
    requests: readonly LockRequest[],
    fn: (abortSignal: AbortSignal) => Promise<T>,
    options: LockRunOptions = {},
  ): Promise<T> {
    const signal = options.abortSignal;
    if (signal?.aborted) throw abortedError(signal);
    const wanted = normalize(requests);
    const parent = this.#context.getStore();
    checkNesting(parent, wanted);

    // A nested run attaches its keys to the lease of the run it is nested in.
    const inherited = leaseOf(parent);
    if (inherited?.lost.aborted) throw lostError(inherited, undefined);
    const own = this.#store && !inherited && wanted.length > 0 ? await this.#store.lease.use(signal) : undefined;
    const lease = inherited ?? own;
    try {
      const held = await this.#acquireAll(wanted, signal, lease, options.operation);
      const context: Context = { keys: wanted, parent, lease, released: false };
      const signals = [signal, lease?.lost].filter((s): s is AbortSignal => s !== undefined);
      const stop = signals.length === 0 ? neverAborted : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
      try {
        const result = await this.#context.run(context, () => fn(stop as AbortSignal));
        if (lease?.lost.aborted) throw lostError(lease, undefined);
        return result;
      } catch (error) {
        throw lease?.lost.aborted && !isLeaseLost(error) ? lostError(lease, error) : error;
      } finally {
        context.released = true;
        await this.#releaseAll(held);
      }
    } finally {
      own?.release();
    }
  }

  /**
   * Who holds or awaits which key, since when and for what: with a store, every process's holds
   * (read from the store); without one, this process's.
   */
  async holders(options: { abortSignal?: AbortSignal } = {}): Promise<LockHolder[]> {
    if (this.#store) return this.#store.holders(options.abortSignal);
    return [...this.#local].map((hold) => ({
      key: { ...hold.key },
      mode: hold.mode,
      owner: this.owner,
      ...(hold.operation === undefined ? {} : { operation: hold.operation }),
      since: hold.since,
      state: hold.state,
    }));
  }

  /** Keys currently held or awaited, in the global order (like CB-Spider's `/splockinfo`). */
  inspect(): LockKeyState[] {
    return [...this.#entries.values()]
      .sort((a, b) => compareKeys(a, b))
      .map((e) => ({
        key: { ...e.key },
        sharedHolders: e.sharedHolders,
        exclusiveHolder: e.exclusiveHolder,
        waitingShared: e.waitingShared,
        waitingExclusive: e.waitingExclusive,
      }));
  }

  /** Number of entries in the key map (0 when nobody holds or waits). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Takes the keys one by one in sorted order, each here and then (with a lease) in the store; on
   * failure gives back what it already took.
   */
  async #acquireAll(
    wanted: readonly Wanted[],
    signal: AbortSignal | undefined,
    lease: LeaseUse | undefined,
    operation: string | undefined,
  ): Promise<Held[]> {
    const held: Held[] = [];
    try {
      for (const request of wanted) {
        const hold = this.#track(request, operation);
        held.push(hold);
        const next = this.#acquire(request, signal);
        // Uncontended keys come back synchronously: no promise turn per key.
        held.push(next instanceof Promise ? await next : next);
        if (this.#store && lease) {
          held.push({ release: await this.#store.acquire(request.key, request.mode, lease, operation, signal) });
        }
        hold.holding();
      }
      return held;
    } catch (error) {
      await this.#releaseAll(held);
      throw error;
    }
  }

  /** Records a key a run awaits, for `holders()`; releasing the record forgets it. */
  #track(wanted: Wanted, operation: string | undefined): Held & { holding(): void } {
    const hold: LocalHold = { key: wanted.key, mode: wanted.mode, operation, since: new Date(), state: "waiting" };
    this.#local.add(hold);
    return {
      holding: () => (hold.state = "holding"),
      release: () => void this.#local.delete(hold),
    };
  }

  /** Takes one key: at once if the semaphore grants it synchronously, else once it is granted. */
  #acquire(wanted: Wanted, signal: AbortSignal | undefined): Held | Promise<Held> {
    if (signal?.aborted) throw abortedError(signal);
    const { id, mode } = wanted;
    const entry = this.#enter(wanted);
    const weight = mode === "exclusive" ? this.#maxSharedHolders : 1;
    const held = this.#holding(id, entry, mode, weight);
    const { semaphore } = entry;
    // Every task in the semaphore's queue is counted as waiting here; if only this request waits,
    // nothing is queued ahead of it. Take the weight at once then, as acquire() would, but without
    // its promise: async-mutex has no weighted try-acquire, and uncontended keys are the common case.
    if (entry.waitingShared + entry.waitingExclusive === 1 && semaphore.getValue() >= weight) {
      semaphore.setValue(semaphore.getValue() - weight);
      this.#grant(entry, mode);
      return held;
    }

    const granted = semaphore.acquire(weight);
    return new Promise<Held>((resolve, reject) => {
      let aborted = false;
      const unsubscribe = onAbort(signal, () => {
        aborted = true;
        reject(abortedError(signal as AbortSignal));
      });
      granted.then(
        () => {
          unsubscribe();
          this.#grant(entry, mode);
          // Granted after the caller gave up: hand the key straight on (a local key: no promise).
          if (aborted) void held.release();
          else resolve(held);
        },
        (error: unknown) => {
          // Only Semaphore.cancel() rejects, which this class never calls; keep the counts right anyway.
          unsubscribe();
          if (mode === "exclusive") entry.waitingExclusive--;
          else entry.waitingShared--;
          this.#leaveIfIdle(id, entry);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Counts a new waiter on a key, creating the entry on demand. */
  #enter({ key, id, rank, mode }: Wanted): Entry {
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = {
        key,
        rank,
        semaphore: new Semaphore(this.#maxSharedHolders),
        sharedHolders: 0,
        exclusiveHolder: false,
        waitingShared: 0,
        waitingExclusive: 0,
      };
      this.#entries.set(id, entry);
    }
    if (mode === "exclusive") entry.waitingExclusive++;
    else entry.waitingShared++;
    return entry;
  }

  /** Moves one waiter of `mode` to the holders. */
  #grant(entry: Entry, mode: LockMode): void {
    if (mode === "exclusive") {
      entry.waitingExclusive--;
      entry.exclusiveHolder = true;
    } else {
      entry.waitingShared--;
      entry.sharedHolders++;
    }
  }

  /** The hold `#acquire` hands out; releasing it (once) gives the weight back to the semaphore. */
  #holding(id: string, entry: Entry, mode: LockMode, weight: number): Held {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (mode === "exclusive") entry.exclusiveHolder = false;
        else entry.sharedHolders--;
        this.#leaveIfIdle(id, entry);
        entry.semaphore.release(weight);
      },
    };
  }

  /** The sponge: drop the entry the moment nobody holds or waits for it. */
  #leaveIfIdle(id: string, entry: Entry): void {
    const count = entry.sharedHolders + (entry.exclusiveHolder ? 1 : 0) + entry.waitingShared + entry.waitingExclusive;
    if (count === 0 && this.#entries.get(id) === entry) this.#entries.delete(id);
  }

  /** Releases in reverse order; waits for the store's keys, which go in parallel. */
  async #releaseAll(held: readonly Held[]): Promise<void> {
    const pending: Promise<void>[] = [];
    for (let i = held.length - 1; i >= 0; i--) {
      const done = held[i]?.release();
      if (done) pending.push(done);
    }
    await Promise.all(pending);
  }
}

/** The lease of the innermost enclosing run that still holds its keys. */
function leaseOf(context: Context | undefined): LeaseUse | undefined {
  for (let c = context; c; c = c.parent) if (!c.released && c.lease) return c.lease;
  return undefined;
}

function isLeaseLost(error: unknown): boolean {
  return isBaristaError(error, "Conflict") && error.rule === "lease-lost";
}

/** The run's own copy of its lease's error, with what `fn` ended with as the cause. */
function lostError(lease: LeaseUse, cause: unknown): BaristaError {
  const reason: unknown = lease.lost.reason;
  const message = reason instanceof Error ? reason.message : "the store lease holding the keys was lost";
  return new BaristaError("Conflict", message, { rule: "lease-lost", ...(cause === undefined ? {} : { cause }) });
}

const layerRanks = new Map<string, number>(lockLayers.map((layer, rank) => [layer, rank]));

/** The global order: layer first, then path in plain code-unit order (never locale-dependent). */
function compareKeys(a: { rank: number; key: LockKey }, b: { rank: number; key: LockKey }): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  return a.key.path < b.key.path ? -1 : a.key.path > b.key.path ? 1 : 0;
}

/** Checks the requests, merges duplicate keys (exclusive wins) and sorts them into the global order. */
function normalize(requests: readonly LockRequest[]): Wanted[] {
  const wanted = new Map<string, Wanted>();
  for (const { key, mode } of requests) {
    const rank = layerRanks.get(key?.layer);
    if (rank === undefined || typeof key.path !== "string") {
      throw invalidArgument(
        "key",
        "lock-key",
        `lock keys are { layer, path } with a layer of ${lockLayers.join(", ")}`,
      );
    }
    const id = formatLockKey(key);
    if (mode !== "shared" && mode !== "exclusive") {
      throw invalidArgument("mode", "enum", `lock mode for "${id}" must be "shared" or "exclusive"`);
    }
    const known = wanted.get(id);
    // A copy, so a caller changing its key object later cannot move a held key in the order.
    if (!known) wanted.set(id, { key: { layer: key.layer, path: key.path }, id, rank, mode });
    else if (mode === "exclusive") known.mode = mode;
  }
  return [...wanted.values()].sort(compareKeys);
}

/**
 * Fails fast where waiting could deadlock: a nested run may only take keys that come strictly after
 * every key its enclosing runs still hold.
 */
function checkNesting(context: Context | undefined, wanted: readonly Wanted[]): void {
  let highest: Wanted | undefined;
  const held = new Set<string>();
  for (let c = context; c; c = c.parent) {
    if (c.released) continue;
    for (const k of c.keys) {
      held.add(k.id);
      if (!highest || compareKeys(k, highest) > 0) highest = k;
    }
  }
  if (!highest) return;
  for (const k of wanted) {
    if (held.has(k.id)) {
      throw new BaristaError("Conflict", `lock "${k.id}" is already held by this operation (locks are not re-entrant)`);
    }
    if (compareKeys(k, highest) < 0) {
      throw new BaristaError(
        "Conflict",
        `lock "${k.id}" requested while holding "${highest.id}": nested locks must come after all held keys ` +
          `(a later layer of ${lockLayers.join(" < ")}, or a later path in the same layer)`,
      );
    }
  }
}
