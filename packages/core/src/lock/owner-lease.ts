import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { BaristaError, abortedError, invalidArgument } from "../errors.js";
import type { Store, StoreLeases } from "../store/store.js";
import { noopLogger } from "../util/logger.js";
import type { Logger } from "../util/logger.js";

/** Who holds keys and claims in a store: one SDK instance, in one process on one host. */
export interface LockOwner {
  /** Random, one per instance. */
  id: string;
  host: string;
  pid: number;
}

/** Options of an instance's lease in a shared store. */
export interface OwnerLeaseOptions {
  /** The store to hold the lease in; it must have `leases`. */
  store: Store;
  /**
   * How long the owner's keys and claims outlive it when its process dies or loses the store
   * (default 15 000 ms). The lease is renewed every third of it while something is held.
   */
  ttlMs?: number;
  logger?: Logger;
}

/** One use of the owner's lease, from taking a key or claim until giving it back. */
export interface LeaseUse {
  /** The lease id to attach entries to. */
  readonly lease: string;
  /** Fires when the lease ends while in use; its reason is a Conflict error with rule "lease-lost". */
  readonly lost: AbortSignal;
  /** Gives the use back: the lease is no longer renewed for it. Calling it again does nothing. */
  release(): void;
  /** Tells the owner that the store refused the lease as ended, so every use of it is lost. */
  ended(): void;
}

/** One lease the owner was granted; a new one replaces it once it is lost. */
interface Generation {
  readonly id: string;
  readonly ttlMs: number;
  /** On the lease clock: the lease surely lasts until then (last renewal sent + TTL). */
  deadline: number;
  readonly lost: AbortController;
}

const defaultTtlMs = 15_000;
/** After a failed renewal, try again this soon (bounded by the deadline). */
const retryRenewalMs = 500;

/**
 * The owner gives its lease up this long before the store could end it: a process that is slow to
 * run its timers (a busy machine, a pause) still stops before another can take its keys.
 */
function safetyMarginMs(ttlMs: number): number {
  return Math.min(1000, Math.floor(ttlMs / 10));
}

/** When the owner counts a lease as lost unless a renewal got through. */
function stopAt(generation: Generation): number {
  return generation.deadline - safetyMarginMs(generation.ttlMs);
}

/**
 * The lease of one SDK instance (its owner) in a store. It is granted when first needed, renewed in
 * the background while anything holds it (a Sponge Lock key, the claim of a create in flight) and
 * revoked on close. Its entries vanish when it ends, so a process that dies holds nothing for
 * longer than the TTL. The owner counts the lease lost when the store says it has ended, or when
 * no renewal got through in time: by a safety margin (a tenth of the TTL, at most 1 s) before the
 * deadline the store could end it at (the last renewal sent + TTL); every use is told through its
 * `lost` signal, and the next use gets a new lease.
 */
export class OwnerLease {
  readonly owner: LockOwner;
  readonly store: Store;
  readonly ttlMs: number;
  readonly #leases: StoreLeases;
  readonly #logger: Logger;
  #current: Generation | undefined;
  #starting: Promise<Generation> | undefined;
  #uses = 0;
  #renewing = false;
  /** Wakes the renewal loop when the last use ends or the owner closes. */
  #wake = new AbortController();
  #closed = false;

  constructor(options: OwnerLeaseOptions) {
    if (!options.store.leases) throw invalidArgument("store", "leases", "the store has no leases");
    const ttlMs = options.ttlMs ?? defaultTtlMs;
    if (!Number.isSafeInteger(ttlMs) || ttlMs < 100) {
      throw invalidArgument("leaseTtlMs", "range", "must be a whole number of milliseconds, at least 100");
    }
    this.store = options.store;
    this.#leases = options.store.leases;
    this.ttlMs = ttlMs;
    this.#logger = options.logger ?? noopLogger;
    this.owner = { id: randomUUID(), host: hostname(), pid: process.pid };
  }

  /** Takes a use of the lease, granting or renewing it first when it is not fresh. */
  async use(abortSignal?: AbortSignal): Promise<LeaseUse> {
    if (abortSignal?.aborted) throw abortedError(abortSignal);
    if (this.#closed) throw closedError();
    this.#uses++;
    let generation: Generation;
    try {
      generation = await this.#fresh();
      if (abortSignal?.aborted) throw abortedError(abortSignal);
    } catch (error) {
      this.#giveBack();
      throw error;
    }
    if (!this.#renewing) void this.#renew();
    let released = false;
    return {
      lease: generation.id,
      lost: generation.lost.signal,
      release: () => {
        if (released) return;
        released = true;
        this.#giveBack();
      },
      ended: () => this.#lose(generation, "the store says it has ended"),
    };
  }

  /** Revokes the lease (its entries go at once); uses still running are told it is lost. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake.abort();
    const generation = this.#current;
    if (generation) {
      this.#lose(generation, "the SDK instance was closed", false);
      await this.#leases.revoke(generation.id).catch(() => undefined);
    }
  }

  #giveBack(): void {
    this.#uses--;
    if (this.#uses === 0) this.#wake.abort();
  }

  /** The current lease if it was confirmed within a third of its TTL; otherwise renewed or new. */
  #fresh(): Promise<Generation> {
    const current = this.#current;
    const clock = this.#leases.clock;
    if (current && current.deadline - clock.now() > (current.ttlMs * 2) / 3) return Promise.resolve(current);
    // One grant or renewal at a time, shared by the uses that wait for it.
    this.#starting ??= (async () => {
      if (current && this.#current === current) {
        const sentAt = clock.now();
        if (await this.#leases.keepAlive(current.id)) {
          current.deadline = Math.max(current.deadline, sentAt + current.ttlMs);
          return current;
        }
        this.#lose(current, "it expired while idle", false, this.#uses > 1);
      }
      const sentAt = clock.now();
      const granted = await this.#leases.grant(this.ttlMs);
      const generation: Generation = {
        id: granted.id,
        ttlMs: granted.ttlMs,
        deadline: sentAt + granted.ttlMs,
        lost: new AbortController(),
      };
      if (this.#closed) {
        await this.#leases.revoke(granted.id).catch(() => undefined);
        throw closedError();
      }
      this.#current = generation;
      return generation;
    })().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  /** Renews the current lease every third of its TTL while it is in use. */
  async #renew(): Promise<void> {
    this.#renewing = true;
    const clock = this.#leases.clock;
    try {
      for (let generation = this.#current; generation && this.#uses > 0 && !this.#closed; generation = this.#current) {
        if (this.#wake.signal.aborted) this.#wake = new AbortController();
        const last = generation.deadline - generation.ttlMs;
        const wait = Math.min(last + generation.ttlMs / 3, stopAt(generation)) - clock.now();
        await clock.sleep(Math.max(0, wait), { abortSignal: this.#wake.signal }).catch(() => undefined);
        if (this.#uses === 0 || this.#closed || this.#current !== generation) continue;
        if (clock.now() >= stopAt(generation)) {
          this.#lose(generation, "no renewal reached the store in time");
          continue;
        }
        const sentAt = clock.now();
        const alive = await this.#keepAlive(generation);
        if (alive === true) generation.deadline = Math.max(generation.deadline, sentAt + generation.ttlMs);
        else if (alive === false) this.#lose(generation, "the store says it has ended");
        else await clock.sleep(Math.min(retryRenewalMs, Math.max(0, stopAt(generation) - clock.now())));
      }
    } finally {
      this.#renewing = false;
    }
  }

  /** One renewal, given up when the lease would be counted lost; undefined when the store did not answer. */
  async #keepAlive(generation: Generation): Promise<boolean | undefined> {
    const clock = this.#leases.clock;
    const timer = new AbortController();
    const deadline = new AbortController();
    void clock
      .sleep(Math.max(0, stopAt(generation) - clock.now()), { abortSignal: timer.signal })
      .then(() => deadline.abort(new BaristaError("Timeout", "lease renewal passed the lease's deadline")))
      .catch(() => undefined);
    try {
      return await this.#leases.keepAlive(generation.id, { abortSignal: deadline.signal });
    } catch (error) {
      this.#logger.warn("lease renewal failed", { lease: generation.id, error: String(error) });
      return undefined;
    } finally {
      timer.abort();
    }
  }

  /** Counts a lease as lost: its uses are told, and the next use gets a new lease. */
  #lose(generation: Generation, why: string, revoke = true, inUse = this.#uses > 0): void {
    if (generation.lost.signal.aborted) return;
    const message =
      `the store lease of SDK instance ${this.owner.id} (${this.owner.host}, pid ${this.owner.pid}) ended ` +
      `while in use (${why}): the keys and claims it held may now be held by others`;
    generation.lost.abort(new BaristaError("Conflict", message, { rule: "lease-lost" }));
    if (this.#current === generation) this.#current = undefined;
    if (inUse) this.#logger.warn("store lease lost", { lease: generation.id, why });
    // The store may still think it alive (no renewal got through): end it there too when possible.
    if (revoke) void this.#leases.revoke(generation.id).catch(() => undefined);
  }
}

function closedError(): BaristaError {
  return new BaristaError("Conflict", "this CloudBarista instance is closed: create a new one to go on", {
    rule: "closed",
  });
}
