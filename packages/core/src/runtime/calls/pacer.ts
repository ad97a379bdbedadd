import { invalidArgument } from "../../errors.js";
import type { Clock } from "../../util/clock.js";

/** How the runtime paces native calls a cloud throttles (see docs/pacing.md). */
export interface PacingOptions {
  /** Pace at all (default true). When false, a throttled call only backs off on its own. */
  enabled?: boolean;
  /** Factor the learned rate is multiplied by when the cloud throttles again (default 0.8). */
  decrease?: number;
  /**
   * Additive increase: each success raises the rate by `increase / rate` calls per second, about
   * `increase` calls per second for every second of steady pacing (default 0.01).
   */
  increase?: number;
  /** The rate never drops below this, in calls per second (default 0.05: one call every 20 s). */
  minRatePerSecond?: number;
  /** A paced key nobody used for this long is unpaced again: the cloud's bucket has refilled (default 60 000). */
  idleResetMs?: number;
}

export const defaultPacing = {
  enabled: true,
  decrease: 0.8,
  increase: 0.01,
  minRatePerSecond: 0.05,
  idleResetMs: 60_000,
} as const satisfies Required<PacingOptions>;

/** A cloud's hint longer than this is not a refill interval (e.g. a daily quota): capped. */
const maxHintMs = 60_000;

/** What one paced call is: the key it counts against and when it was let through. */
export interface PaceTicket {
  readonly key: string;
  readonly sentAt: number;
}

interface Bucket {
  /** Calls per second the cloud is believed to admit; undefined = not throttled yet (unpaced). */
  rate: number | undefined;
  /** Clock time of the next free slot. */
  next: number;
  /** Since when the key is paced, and how many calls went through since. */
  learnedAt: number;
  successes: number;
  /** When the rate was last cut: throttles of calls sent before then are already accounted for. */
  cutAt: number;
  /** Last use, for forgetting idle keys. */
  usedAt: number;
  /** Successes in the current second, to guess a first rate when the cloud gives no hint. */
  windowStart: number;
  windowCount: number;
  lastWindowCount: number;
}

/** Checks and fills pacing options (InvalidArgument names the field). */
export function resolvePacing(options: PacingOptions | undefined): Required<PacingOptions> {
  const o = { ...defaultPacing, ...options };
  if (typeof o.enabled !== "boolean") throw invalidArgument("pacing.enabled", "boolean", "must be true or false");
  const number = (field: keyof PacingOptions, value: number, ok: boolean): void => {
    if (typeof value !== "number" || !Number.isFinite(value) || !ok)
      throw invalidArgument(`pacing.${field}`, "range", `out of range: ${String(value)}`);
  };
  number("decrease", o.decrease, o.decrease > 0 && o.decrease < 1);
  number("increase", o.increase, o.increase >= 0);
  number("minRatePerSecond", o.minRatePerSecond, o.minRatePerSecond > 0);
  number("idleResetMs", o.idleResetMs, o.idleResetMs > 0);
  return o;
}

/**
 * Client-side token buckets that learn a cloud's rate limits, one per key (provider, credential,
 * region, API), shared by every connection of an SDK instance. A key is unpaced until the cloud
 * first throttles it; from then on calls take slots spaced at the learned rate: the cloud's
 * Retry-After sets it (a hint of h ms after the bucket ran dry means one token every h ms), further
 * throttles cut it (multiplicative decrease, once per round of calls in flight), each success
 * raises it a little (additive increase), so the rate follows the cloud's limit without a burst of
 * retries that are all throttled again. Retries go through the same slots as first tries.
 */
export class ThrottlePacer {
  readonly #clock: Clock;
  readonly #options: Required<PacingOptions>;
  readonly #buckets = new Map<string, Bucket>();
  #sweptAt = 0;

  constructor(clock: Clock, options?: PacingOptions) {
    this.#clock = clock;
    this.#options = resolvePacing(options);
  }

  get enabled(): boolean {
    return this.#options.enabled;
  }

  /** The learned rate of a key in calls per second; undefined while unpaced. */
  rate(key: string): number | undefined {
    return this.#buckets.get(key)?.rate;
  }

  /**
   * Waits for the key's next slot (at once while the key is unpaced) and returns the ticket to
   * report the outcome with. Rejects with Aborted when the signal fires while waiting.
   */
  async acquire(key: string, abortSignal?: AbortSignal): Promise<PaceTicket> {
    const now = this.#clock.now();
    this.#sweep(now);
    const bucket = this.#bucket(key, now);
    if (bucket.rate !== undefined && now - bucket.usedAt > this.#options.idleResetMs && now >= bucket.next) {
      bucket.rate = undefined; // idle for long: the cloud's bucket is full again
    }
    bucket.usedAt = now;
    if (bucket.rate === undefined) return { key, sentAt: Math.max(now, bucket.next) };
    const at = Math.max(now, bucket.next);
    bucket.next = at + 1000 / bucket.rate;
    if (at > now) await this.#clock.sleep(at - now, abortSignal ? { abortSignal } : {});
    return { key, sentAt: at };
  }

  /** The call went through: raise the rate a little. */
  succeeded(ticket: PaceTicket): void {
    const bucket = this.#buckets.get(ticket.key);
    if (!bucket) return;
    const now = this.#clock.now();
    if (now - bucket.windowStart >= 1000) {
      bucket.lastWindowCount = now - bucket.windowStart >= 2000 ? 0 : bucket.windowCount;
      bucket.windowStart = now;
      bucket.windowCount = 0;
    }
    bucket.windowCount++;
    if (bucket.rate === undefined) return;
    bucket.successes++;
    bucket.rate += this.#options.increase / bucket.rate;
  }

  /**
   * The cloud throttled the call, maybe saying when to try again: no call of the key goes before
   * then, and the rate is learned (first throttle) or cut (later ones, once per round).
   */
  throttled(ticket: PaceTicket, retryAfterMs: number | undefined): void {
    const now = this.#clock.now();
    const bucket = this.#bucket(ticket.key, now);
    const hint =
      retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0
        ? Math.min(maxHintMs, retryAfterMs)
        : undefined;
    const { minRatePerSecond, decrease } = this.#options;
    const hinted = hint === undefined ? Infinity : 1000 / hint;
    if (bucket.rate === undefined) {
      // First throttle: the bucket is dry, so it refills about one token per hint; without a hint,
      // guess from the successes of the last second.
      bucket.rate = hint === undefined ? Math.max(1, bucket.lastWindowCount) * decrease : hinted;
      bucket.cutAt = now;
      bucket.learnedAt = now;
      bucket.successes = 0;
    } else if (ticket.sentAt > bucket.cutAt) {
      // Throttled although paced: the rate is too high; cut it, but not below the rate the cloud
      // has let calls through since pacing began (its refill rate while we kept it busy):
      // cutting below that would only leave the cloud's capacity unused.
      const elapsedMs = now - bucket.learnedAt;
      const admitted = elapsedMs >= 5_000 ? (bucket.successes * 1000) / elapsedMs : 0;
      bucket.rate = Math.min(bucket.rate, Math.max(bucket.rate * decrease, admitted));
      bucket.cutAt = now;
    } else {
      // Sent before the last cut, under the old rate: cutting again for each call of that round
      // would collapse the rate. Its hint still refines the estimate.
      bucket.rate = Math.min(bucket.rate, hinted);
    }
    bucket.rate = Math.max(minRatePerSecond, bucket.rate);
    bucket.next = Math.max(bucket.next, now + (hint ?? 1000 / bucket.rate));
    bucket.usedAt = now;
  }

  #bucket(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = {
        rate: undefined,
        next: now,
        cutAt: now,
        learnedAt: now,
        successes: 0,
        usedAt: now,
        windowStart: now,
        windowCount: 0,
        lastWindowCount: 0,
      };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Forgets keys idle for long (at most once per idle period), so the map follows the keys in use. */
  #sweep(now: number): void {
    if (now - this.#sweptAt < this.#options.idleResetMs) return;
    this.#sweptAt = now;
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.usedAt > this.#options.idleResetMs && now >= bucket.next) this.#buckets.delete(key);
    }
  }
}
