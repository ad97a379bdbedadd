import { isBaristaError } from "../errors.js";
import type { Store } from "../store/store.js";
import { formatLockKey, lockLayers } from "./lock-key.js";
import type { LockKey, LockLayer, LockMode } from "./lock-key.js";
import type { LeaseUse, LockOwner, OwnerLease } from "./owner-lease.js";

/** Who holds or awaits a key, as `SpongeLock.holders` reports it. */
export interface LockHolder {
  key: LockKey;
  mode: LockMode;
  owner: LockOwner;
  /** What the hold is for, e.g. "vm.create" (as the run named it). */
  operation?: string;
  /** When the hold was asked for (on the clock of the store's leases). */
  since: Date;
  /** "waiting" while an earlier conflicting hold is ahead of it. */
  state: "holding" | "waiting";
}

/** What a ticket's value says; its place in the queue is its revision. */
interface Ticket {
  mode: LockMode;
  owner: LockOwner;
  operation?: string;
  since: string;
}

/** Polling for a turn starts fast and slows down to this (no watch streams in the Store). */
const firstPollMs = 5;
const maxPollMs = 200;
const root = "lock/";

/**
 * The Sponge Lock's keys in a store that other processes share. Every hold, or wait, is a ticket:
 * an entry `lock/<layer>/<path>/<owner>.<n>` attached to the owner's lease, whose revision is its
 * place in the key's queue (tickets are never rewritten, and renewing a lease changes no
 * revision). A ticket holds its key once no earlier ticket conflicts with it (an exclusive one
 * conflicts with all, a shared one with exclusive ones); until then its owner polls the key's
 * tickets. A process that dies holds its tickets until its lease expires.
 */
export class StoreLock {
  readonly lease: OwnerLease;
  readonly #store: Store;
  #seq = 0;

  constructor(lease: OwnerLease) {
    this.lease = lease;
    this.#store = lease.store;
  }

  /**
   * Queues a ticket for `key` and resolves, with its release, when the ticket holds the key.
   * Rejects with the lease's error when the lease is lost, or with Aborted when `abortSignal` fires;
   * the ticket is removed then.
   */
  async acquire(
    key: LockKey,
    mode: LockMode,
    use: LeaseUse,
    operation: string | undefined,
    abortSignal: AbortSignal | undefined,
  ): Promise<() => Promise<void>> {
    const clock = this.#store.leases?.clock;
    if (!clock) throw new Error("the store has no leases");
    const prefix = ticketPrefix(key);
    const ticketKey = `${prefix}${this.lease.owner.id}.${++this.#seq}`;
    const ticket: Ticket = {
      mode,
      owner: this.lease.owner,
      ...(operation === undefined ? {} : { operation }),
      since: new Date(clock.now()).toISOString(),
    };
    const stop = abortSignal ? AbortSignal.any([abortSignal, use.lost]) : use.lost;
    const release = (): Promise<void> => this.#remove(ticketKey);
    let revision: number;
    try {
      revision = await this.#store.put(ticketKey, JSON.stringify(ticket), { lease: use.lease, abortSignal: stop });
    } catch (error) {
      // A write that failed in flight may still have been applied: never leave a ticket queued.
      await release();
      throw lostOr(use, error);
    }
    try {
      for (let pollMs = firstPollMs; ; pollMs = Math.min(maxPollMs, pollMs * 2)) {
        const tickets = await this.#store.list(prefix, { abortSignal: stop }).catch((error: unknown) => {
          // A store briefly unable to answer (an etcd leader election) does not end the wait:
          // the ticket stays queued while the lease lives, and the lease is the limit.
          if (isBaristaError(error) && error.retryable && !stop.aborted) return undefined;
          throw error;
        });
        if (tickets === undefined) {
          await clock.sleep(maxPollMs, { abortSignal: stop });
          continue;
        }
        if (!tickets.some((t) => t.key === ticketKey)) {
          // Our ticket went with our lease.
          use.ended();
          throw use.lost.reason;
        }
        if (!tickets.some((t) => t.revision < revision && conflicts(mode, parseTicket(t.value).mode))) return release;
        await clock.sleep(pollMs * (0.5 + Math.random() / 2), { abortSignal: stop });
      }
    } catch (error) {
      await release();
      throw lostOr(use, error);
    }
  }

  /** Every ticket in the store, of every owner: who holds or awaits which key, since when. */
  async holders(abortSignal?: AbortSignal): Promise<LockHolder[]> {
    const entries = await this.#store.list(root, abortSignal ? { abortSignal } : {});
    const byKey = new Map<string, { key: LockKey; tickets: { ticket: Ticket; revision: number }[] }>();
    for (const entry of entries) {
      const key = keyOfTicket(entry.key);
      if (!key) continue;
      const id = formatLockKey(key);
      const group = byKey.get(id) ?? { key, tickets: [] };
      group.tickets.push({ ticket: parseTicket(entry.value), revision: entry.revision });
      byKey.set(id, group);
    }
    const holders: LockHolder[] = [];
    for (const { key, tickets } of byKey.values()) {
      tickets.sort((a, b) => a.revision - b.revision);
      tickets.forEach(({ ticket }, i) => {
        const waiting = tickets.slice(0, i).some((earlier) => conflicts(ticket.mode, earlier.ticket.mode));
        holders.push({
          key,
          mode: ticket.mode,
          owner: ticket.owner,
          ...(ticket.operation === undefined ? {} : { operation: ticket.operation }),
          since: new Date(ticket.since),
          state: waiting ? "waiting" : "holding",
        });
      });
    }
    return holders;
  }

  /**
   * Deletes a ticket. When the store fails, tries again in the background for up to one lease TTL:
   * the lease may be renewed for other holds meanwhile, and the ticket would keep its key from
   * everyone else.
   */
  async #remove(ticketKey: string): Promise<void> {
    if (
      await this.#store.delete(ticketKey).then(
        () => true,
        () => false,
      )
    )
      return;
    const clock = this.#store.leases?.clock;
    if (!clock) return;
    const giveUpAt = clock.now() + this.lease.ttlMs;
    void (async () => {
      for (let delayMs = 50; clock.now() + delayMs < giveUpAt; delayMs = Math.min(this.lease.ttlMs / 3, delayMs * 2)) {
        await clock.sleep(delayMs);
        if (
          await this.#store.delete(ticketKey).then(
            () => true,
            () => false,
          )
        )
          return;
      }
    })();
  }
}

function conflicts(mode: LockMode, other: LockMode): boolean {
  return mode === "exclusive" || other === "exclusive";
}

/** Error from a store call of a hold: the lease's own error once it is lost or has ended. */
function lostOr(use: LeaseUse, error: unknown): unknown {
  if (isBaristaError(error, "NotFound") && error.resourceType === "lease") use.ended();
  return use.lost.aborted ? use.lost.reason : error;
}

/** One prefix per key; the path is encoded so that no key's tickets fall under another key's prefix. */
function ticketPrefix(key: LockKey): string {
  return `${root}${key.layer}/${encodeURIComponent(key.path)}/`;
}

function keyOfTicket(ticketKey: string): LockKey | undefined {
  const [layer, path] = ticketKey.slice(root.length).split("/");
  if (!lockLayers.includes(layer as LockLayer) || path === undefined) return undefined;
  return { layer: layer as LockLayer, path: decodeURIComponent(path) };
}

/** A ticket that cannot be read counts as exclusive: waiting is safer than trespassing. */
function parseTicket(value: string): Ticket {
  try {
    const ticket = JSON.parse(value) as Ticket;
    if (ticket.mode === "shared" || ticket.mode === "exclusive") return ticket;
  } catch {
    // fall through
  }
  return { mode: "exclusive", owner: { id: "unknown", host: "unknown", pid: 0 }, since: new Date(0).toISOString() };
}
