import { BaristaError, abortedError, isBaristaError, onAbort } from "@cloud-barista/core";
import type { Clock, Connection, Logger, VmStatus } from "@cloud-barista/core";

/** How long a VM just created may be missing from listings (eventual consistency), as in core. */
const appearGraceMs = 120_000;

interface Waiter {
  name: string;
  until: (status: VmStatus) => boolean;
  failed: (status: VmStatus) => boolean;
  deadline: number;
  appearingUntil: number;
  resolve: (status: VmStatus) => void;
  reject: (error: Error) => void;
}

export interface WatchOptions {
  /** The status that ends the wait. */
  until: (status: VmStatus) => boolean;
  /** Statuses after which waiting is pointless. */
  failed?: (status: VmStatus) => boolean;
  timeoutMs: number;
  /** The VM was just created: "not listed" means "not yet" for a while. */
  appearing?: boolean;
  abortSignal?: AbortSignal | undefined;
}

/**
 * Waits for VMs of one connection to reach a status, with one paginated status listing per poll for
 * all of them, instead of one status call per VM: 1,000 booting VMs cost a listing every
 * `intervalMs`, not 1,000 polls. The loop runs only while someone waits, and each listing asks only
 * about the VMs still awaited (it ends early once it has seen them all).
 */
export class StatusWatcher {
  readonly #conn: Connection;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #intervalMs: number;
  readonly #waiters = new Set<Waiter>();
  #running = false;

  constructor(options: { conn: Connection; clock: Clock; logger: Logger; intervalMs: number }) {
    this.#conn = options.conn;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#intervalMs = options.intervalMs;
  }

  /** Resolves with the VM's status once `until` holds; rejects on a failed status, timeout or abort. */
  wait(name: string, options: WatchOptions): Promise<VmStatus> {
    const signal = options.abortSignal;
    if (signal?.aborted) return Promise.reject(abortedError(signal));
    return new Promise<VmStatus>((resolve, reject) => {
      const now = this.#clock.now();
      // One subscription per wait on the operation's signal, in constant time (see onAbort).
      let unsubscribe = (): void => undefined;
      const waiter: Waiter = {
        name,
        until: options.until,
        failed: options.failed ?? (() => false),
        deadline: now + options.timeoutMs,
        appearingUntil: options.appearing ? now + appearGraceMs : 0,
        resolve: (status) => {
          unsubscribe();
          resolve(status);
        },
        reject: (error: Error) => {
          unsubscribe();
          reject(error);
        },
      };
      unsubscribe = onAbort(signal, () => {
        this.#waiters.delete(waiter);
        reject(abortedError(signal as AbortSignal));
      });
      this.#waiters.add(waiter);
      if (!this.#running) void this.#loop();
    });
  }

  async #loop(): Promise<void> {
    this.#running = true;
    try {
      while (this.#waiters.size > 0) {
        await this.#clock.sleep(this.#intervalMs);
        if (this.#waiters.size === 0) break;
        // What the listing shows is the cloud as it was when the listing began, and only for the VMs
        // asked about: under load a listing can outlast a VM's grace to appear.
        const asked = new Set(this.#waiters);
        const lookedAt = this.#clock.now();
        const statuses = await this.#poll(asked);
        if (statuses) this.#settle(statuses, asked, lookedAt);
        else this.#expire();
      }
    } finally {
      this.#running = false;
    }
  }

  async #poll(asked: ReadonlySet<Waiter>): Promise<Map<string, VmStatus> | undefined> {
    try {
      // Only the VMs still awaited: those already settled are neither mapped nor waited for.
      const names = [...new Set([...asked].map((w) => w.name))];
      const statuses = new Map<string, VmStatus>();
      for await (const s of this.#conn.vm.listStatus({ names })) statuses.set(s.iid.nameId, s.status);
      return statuses;
    } catch (error) {
      // A failed listing (throttled beyond retries, a 5xx) is tried again next round; waiters keep their deadlines.
      this.#logger.warn("VM status listing failed", {
        connection: this.#conn.name,
        code: isBaristaError(error) ? error.code : "Unknown",
      });
      return undefined;
    }
  }

  /**
   * Judges the waiters by a listing that began at `lookedAt`. Waiters that came during the listing
   * were not asked about: only their deadline counts. A VM missing from a listing that began within
   * its grace to appear is not there yet, however late the listing ended.
   */
  #settle(statuses: ReadonlyMap<string, VmStatus>, asked: ReadonlySet<Waiter>, lookedAt: number): void {
    const now = this.#clock.now();
    for (const waiter of [...this.#waiters]) {
      if (!asked.has(waiter)) {
        if (now >= waiter.deadline) this.#finish(waiter, () => waiter.reject(this.#timeout(waiter, undefined)));
        continue;
      }
      const status = statuses.get(waiter.name) ?? "NotExist";
      if (waiter.until(status)) this.#finish(waiter, () => waiter.resolve(status));
      else if (status === "NotExist" && lookedAt < waiter.appearingUntil) {
        if (now >= waiter.deadline) this.#finish(waiter, () => waiter.reject(this.#timeout(waiter, undefined)));
      } else if (status === "NotExist" || waiter.failed(status)) {
        const error = new BaristaError(
          "ProviderError",
          `VM "${waiter.name}" became ${status} in connection "${this.#conn.name}"`,
          {
            provider: this.#conn.provider,
            retryable: false,
          },
        );
        this.#finish(waiter, () => waiter.reject(error));
      } else if (now >= waiter.deadline) this.#finish(waiter, () => waiter.reject(this.#timeout(waiter, status)));
    }
  }

  #expire(): void {
    const now = this.#clock.now();
    for (const waiter of [...this.#waiters]) {
      if (now >= waiter.deadline) this.#finish(waiter, () => waiter.reject(this.#timeout(waiter, undefined)));
    }
  }

  #timeout(waiter: Waiter, status: VmStatus | undefined): BaristaError {
    const last = status === undefined ? "" : ` (last seen ${status})`;
    return new BaristaError(
      "Timeout",
      `timed out waiting for VM "${waiter.name}" in connection "${this.#conn.name}"${last}`,
    );
  }

  #finish(waiter: Waiter, settle: () => void): void {
    this.#waiters.delete(waiter);
    settle();
  }
}
