import type { DeclaredRateLimit, RateLimitsByApi } from "../../driver/rate-limits.js";
import { indexRateLimits } from "../../driver/rate-limits.js";
import { abortedError, invalidArgument } from "../../errors.js";
import { onAbort } from "../../util/abort.js";
import type { Clock } from "../../util/clock.js";
import { DeclaredBucket } from "./declared-bucket.js";

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
  /**
   * Slow start: before a key's first throttle, at most `initialWindow` of its calls are in flight,
   * one more for every success (the window doubles per round of calls), so the round that finds the
   * cloud's bucket dry is small (default true).
   */
  slowStart?: boolean;
  /** Calls of an unthrottled key let through at once under slow start (default 4). */
  initialWindow?: number;
  /**
   * The token buckets of a provider's APIs when they are known: they replace what its driver
   * declares (an account whose limits were raised, or an emulated world with other limits). A
   * provider with an empty list has none declared. Default: every driver's own declaration.
   */
  limits?: Readonly<Partial<Record<string, readonly DeclaredRateLimit[]>>>;
}

/** The declared buckets one call takes a token from, and the account they belong to. */
export interface DeclaredUse {
  account: string;
  limits: readonly DeclaredRateLimit[];
}

/** The pacing of throttled calls unless `CloudBaristaOptions.pacing` says otherwise (see docs/pacing.md). */
export const defaultPacing = {
  enabled: true,
  decrease: 0.8,
  increase: 0.01,
  minRatePerSecond: 0.05,
  idleResetMs: 60_000,
  slowStart: true,
  initialWindow: 4,
  limits: {},
} as const satisfies Required<PacingOptions>;

/**
 * A declared key is learned instead once the cloud throttles more of its calls within the measuring
 * window than this share of what its buckets admit there (and more than `minDeclaredThrottles`):
 * uneven arrival explains a few, a lower limit or another client of the account explains more.
 */
const declaredThrottleShare = 0.1;
const minDeclaredThrottles = 3;

/** A cloud's hint longer than this is not a refill interval (e.g. a daily quota): capped. */
const maxHintMs = 60_000;

/** What one paced call is: the key it counts against and when it was let through. */
export interface PaceTicket {
  readonly key: string;
  readonly sentAt: number;
  /** Counted in the key's slow-start window until its outcome is reported. */
  readonly windowed?: boolean;
}

interface Bucket {
  /** Calls per second the cloud is believed to admit; undefined = not throttled yet (unpaced). */
  rate: number | undefined;
  /** Clock time of the next free slot. */
  next: number;
  /** When the rate was last cut: throttles of calls sent before then are already accounted for. */
  cutAt: number;
  /** Last use, for forgetting idle keys. */
  usedAt: number;
  /** Since when the key is used without a break, and the successes since: a first guess. */
  firstUse: number;
  successesSinceFirstUse: number;
  /**
   * Times of the successes since the cloud first throttled, within the measuring window: once the
   * cloud's bucket is dry, every success is one refilled token, so their rate is its refill rate.
   */
  admitted: number[];
  /** When measuring began: the end of the wait the first throttle imposed. */
  learnedAt: number;
  /**
   * When the cloud's bucket was last known dry (the send time of the last call it throttled that
   * cut the rate), and the send times of the successes since.
   */
  dryAt: number;
  sinceDry: number[];
  /** Declared keys: when the cloud throttled calls our copies of its buckets let through lately. */
  declaredThrottles: number[];
  /** Slow start: calls let through and not answered yet, and how many may be. */
  inFlight: number;
  window: number;
  /** Wakes the pump waiting for room in the window. */
  wake: (() => void) | undefined;
  /** Calls waiting for a slot, oldest first (from `head` on); one loop releases them. */
  queue: Waiter[];
  head: number;
  pumping: boolean;
}

interface Waiter {
  release: (ticket: PaceTicket) => void;
  cancelled: boolean;
}

/** How far back successes count when measuring the rate the cloud admits. */
const measureWindowMs = 10_000;

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
  if (typeof o.slowStart !== "boolean") throw invalidArgument("pacing.slowStart", "boolean", "must be true or false");
  number("initialWindow", o.initialWindow, Number.isInteger(o.initialWindow) && o.initialWindow >= 1);
  if (typeof o.limits !== "object" || o.limits === null)
    throw invalidArgument("pacing.limits", "object", "must be an object of provider names to rate limits");
  for (const [provider, limits] of Object.entries(o.limits)) {
    if (!Array.isArray(limits)) throw invalidArgument(`pacing.limits.${provider}`, "array", "must be an array");
    indexRateLimits(limits, `pacing.limits.${provider}`);
  }
  return o;
}

/**
 * Client-side token buckets that learn a cloud's rate limits, one per key (provider, credential,
 * region, API), shared by every connection of an SDK instance. Until the cloud first throttles a
 * key, its calls in flight are limited by a window that starts small and grows by one per success
 * (slow start), so few are in flight when the cloud's bucket runs dry; from then on its calls wait in one queue and are released one per slot at
 * the learned rate. The first rate comes from the cloud's Retry-After (a dry bucket's hint is its
 * refill interval) or, without one, from the rate calls went through so far; a throttle of a paced
 * call cuts the rate to what the cloud admitted since it was last known dry (its refill rate) or by
 * `decrease`, once per round of calls in flight; each success raises it a little (additive
 * increase), to follow a limit that grows. Retries take slots like first tries, so the cloud is not
 * hit by a herd of independent backoffs that are all throttled again. Where the cloud's buckets are
 * declared (by the driver or the `limits` option), a key not throttled yet takes a token of each
 * instead of slow-starting: its calls go as fast as the declared buckets allow, and no faster.
 */
export class ThrottlePacer {
  readonly #clock: Clock;
  readonly #options: Required<PacingOptions>;
  readonly #buckets = new Map<string, Bucket>();
  /** Client-side copies of declared buckets, by account and bucket name. */
  readonly #declared = new Map<string, DeclaredBucket>();
  readonly #limitsByProvider = new Map<string, RateLimitsByApi>();
  /** The declared buckets each ticket took a token from (kept off the public ticket type). */
  readonly #declaredOf = new WeakMap<PaceTicket, readonly DeclaredBucket[]>();
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
   * The declared buckets of a provider's APIs: the `limits` option's for the provider, else what
   * its driver declares (indexed once per provider).
   */
  declaredLimits(provider: string, driverLimits: readonly DeclaredRateLimit[] | undefined): RateLimitsByApi {
    let byApi = this.#limitsByProvider.get(provider);
    if (!byApi) {
      const limits = this.#options.limits[provider] ?? driverLimits ?? [];
      byApi = indexRateLimits(limits, `${provider} driver rateLimits`);
      this.#limitsByProvider.set(provider, byApi);
    }
    return byApi;
  }

  /**
   * Waits for the key's next slot (at once while the key is unpaced and nothing is declared) and
   * returns the ticket to report the outcome with. Rejects with Aborted when the signal fires while
   * waiting.
   */
  async acquire(key: string, abortSignal?: AbortSignal, declared?: DeclaredUse): Promise<PaceTicket> {
    if (abortSignal?.aborted) throw abortedError(abortSignal);
    const now = this.#clock.now();
    this.#sweep(now);
    const bucket = this.#bucket(key, now);
    if (now - bucket.usedAt > this.#options.idleResetMs && now >= bucket.next) {
      // Idle for long: the cloud's bucket is full again.
      bucket.rate = undefined;
      bucket.firstUse = now;
      bucket.successesSinceFirstUse = 0;
      bucket.window = this.#options.initialWindow;
    }
    bucket.usedAt = now;
    if (declared && declared.limits.length > 0 && bucket.rate === undefined) {
      return await this.#sendDeclared(key, declared, now, abortSignal);
    }
    if (bucket.queue.length === bucket.head && now >= bucket.next && this.#roomInWindow(bucket)) {
      return this.#send(key, bucket, now);
    }
    // Slots are handed out one at a time, at the rate of the moment: a rate cut or a pause the
    // cloud asks for applies at once to every call still waiting, not only to later ones.
    return await new Promise<PaceTicket>((resolve, reject) => {
      const waiter: Waiter = { release: resolve, cancelled: false };
      const unsubscribe = onAbort(abortSignal, () => {
        waiter.cancelled = true;
        reject(abortedError(abortSignal as AbortSignal));
      });
      waiter.release = (at) => {
        unsubscribe();
        resolve(at);
      };
      bucket.queue.push(waiter);
      if (!bucket.pumping) void this.#pump(key, bucket);
    });
  }

  /** A key with declared buckets, not throttled yet: goes once each bucket has a token for it. */
  async #sendDeclared(key: string, declared: DeclaredUse, now: number, abortSignal?: AbortSignal): Promise<PaceTicket> {
    let waitMs = 0;
    const taken: DeclaredBucket[] = [];
    for (const limit of declared.limits) {
      const id = `${declared.account}|${limit.bucket}`;
      let bucket = this.#declared.get(id);
      if (!bucket) {
        bucket = new DeclaredBucket(limit.capacity, limit.refillPerSecond, now);
        this.#declared.set(id, bucket);
      }
      waitMs = Math.max(waitMs, bucket.reserve(now));
      taken.push(bucket);
    }
    if (waitMs > 0) {
      try {
        await this.#clock.sleep(waitMs, { abortSignal });
      } catch (error) {
        for (const bucket of taken) bucket.refund(this.#clock.now());
        throw abortSignal?.aborted ? abortedError(abortSignal) : error;
      }
    }
    const ticket = { key, sentAt: this.#clock.now() };
    this.#declaredOf.set(ticket, taken);
    return ticket;
  }

  /**
   * The cloud throttled a call our copies of its buckets let through: its bucket was dry where
   * ours had a token. A few such throttles come from calls reaching the cloud unevenly (sent one
   * refill apart, arriving closer); our copies are emptied (and held for the hint) and the key
   * stays declared, its retry taking a token like any call. More than a few mean the cloud admits
   * less than declared (a lowered limit, another client of the account): false, learn it instead.
   */
  #resyncDeclared(bucket: Bucket, taken: readonly DeclaredBucket[], now: number, hintMs: number | undefined): boolean {
    bucket.declaredThrottles = bucket.declaredThrottles.filter((t) => t > now - measureWindowMs);
    bucket.declaredThrottles.push(now);
    const admitted = Math.min(...taken.map((b) => b.refillPerSecond)) * (measureWindowMs / 1000);
    if (bucket.declaredThrottles.length > Math.max(minDeclaredThrottles, admitted * declaredThrottleShare))
      return false;
    for (const declared of taken) declared.dry(now, hintMs);
    return true;
  }

  /** Slow start: whether another call of a key not throttled yet may go. */
  #roomInWindow(bucket: Bucket): boolean {
    return bucket.rate !== undefined || !this.#options.slowStart || bucket.inFlight < bucket.window;
  }

  /** Lets a call go now: takes the next slot (paced) or a place in the window (slow start). */
  #send(key: string, bucket: Bucket, now: number): PaceTicket {
    bucket.usedAt = now;
    if (bucket.rate !== undefined) {
      bucket.next = now + 1000 / bucket.rate;
      return { key, sentAt: now };
    }
    if (!this.#options.slowStart) return { key, sentAt: now };
    bucket.inFlight++;
    return { key, sentAt: now, windowed: true };
  }

  /** The call's outcome is known: its place in the window is free again. */
  #answered(bucket: Bucket, ticket: PaceTicket): void {
    if (!ticket.windowed) return;
    bucket.inFlight = Math.max(0, bucket.inFlight - 1);
    const wake = bucket.wake;
    bucket.wake = undefined;
    wake?.();
  }

  /** Releases a bucket's waiting calls, each at its slot. */
  async #pump(key: string, bucket: Bucket): Promise<void> {
    bucket.pumping = true;
    try {
      while (bucket.head < bucket.queue.length) {
        const now = this.#clock.now();
        if (now < bucket.next) {
          await this.#clock.sleep(bucket.next - now);
          continue;
        }
        if (!this.#roomInWindow(bucket)) {
          // Slow start: the next call goes when one in flight is answered (or the key is throttled).
          await new Promise<void>((resolve) => (bucket.wake = resolve));
          continue;
        }
        const waiter = bucket.queue[bucket.head++] as Waiter;
        if (bucket.head > 64 && bucket.head * 2 > bucket.queue.length) {
          bucket.queue = bucket.queue.slice(bucket.head);
          bucket.head = 0;
        }
        if (waiter.cancelled) continue;
        waiter.release(this.#send(key, bucket, now));
      }
    } finally {
      bucket.queue = [];
      bucket.head = 0;
      bucket.pumping = false;
    }
  }

  /** The call went through: raise the rate a little (additive increase). */
  succeeded(ticket: PaceTicket): void {
    const bucket = this.#buckets.get(ticket.key);
    if (!bucket) return;
    const now = this.#clock.now();
    bucket.successesSinceFirstUse++;
    if (bucket.rate === undefined) {
      // Slow start: every success widens the window by one, doubling it per round.
      bucket.window++;
      this.#answered(bucket, ticket);
      return;
    }
    this.#answered(bucket, ticket);
    // Calls sent during the first wait would count a burst of tokens refilled meanwhile.
    // Send times, not answer times: the answers lag by the call's latency, the sends do not.
    if (ticket.sentAt >= bucket.learnedAt) bucket.admitted.push(ticket.sentAt);
    if (ticket.sentAt > bucket.dryAt) bucket.sinceDry.push(ticket.sentAt);
    if (bucket.sinceDry.length > 64 && (bucket.sinceDry[0] ?? now) < now - measureWindowMs) {
      bucket.sinceDry = bucket.sinceDry.filter((t) => t >= now - measureWindowMs);
    }
    if (bucket.admitted.length > 64 && (bucket.admitted[0] ?? now) < now - measureWindowMs) {
      bucket.admitted = bucket.admitted.filter((t) => t >= now - measureWindowMs);
    }
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
    // A dry bucket's hint is the time to its next token, so one call per hint is its refill rate.
    // HTTP's Retry-After counts whole seconds, rounded up: such a hint bounds the wait, not the rate.
    const hinted = hint === undefined || hint % 1000 === 0 ? undefined : 1000 / hint;
    const { minRatePerSecond, decrease } = this.#options;
    const taken = this.#declaredOf.get(ticket);
    if (taken && bucket.rate === undefined && this.#resyncDeclared(bucket, taken, now, hint)) {
      bucket.usedAt = now;
      this.#answered(bucket, ticket);
      return;
    }
    if (bucket.rate === undefined) {
      // First throttle. Without a usable hint, start from the rate calls went through so far: too
      // high (it includes the cloud's burst), so the next round measures and cuts it.
      const sinceFirstUse = Math.max(1_000, now - bucket.firstUse);
      bucket.rate = hinted ?? Math.max(1, (bucket.successesSinceFirstUse * 1000) / sinceFirstUse);
      bucket.cutAt = now;
      bucket.admitted = [];
      bucket.dryAt = ticket.sentAt;
      bucket.sinceDry = [];
    } else if (ticket.sentAt > bucket.cutAt) {
      // Throttled although paced: the rate is too high. What the cloud admitted lately, measured
      // since it was first throttled (its bucket dry, so at its refill rate), is the new rate; when
      // too little is known for that, cut by `decrease`. Cutting below what it admits would leave
      // its capacity unused; cutting once per round of calls keeps the rate from collapsing.
      const admitted = this.#refillRate(bucket, ticket.sentAt) ?? this.#admittedRate(bucket, now);
      bucket.dryAt = ticket.sentAt;
      bucket.rate = Math.min(
        hinted ?? Infinity,
        admitted !== undefined && admitted < bucket.rate ? admitted : bucket.rate * decrease,
      );
      bucket.cutAt = now;
    } else if (hinted !== undefined) {
      // Sent before the last cut, under the old rate: its hint still refines the estimate.
      bucket.rate = Math.min(bucket.rate, hinted);
    }
    bucket.rate = Math.max(minRatePerSecond, bucket.rate);
    const first = bucket.admitted.length === 0 && bucket.cutAt === now;
    bucket.next = Math.max(bucket.next, now + (hint ?? 1000 / bucket.rate));
    if (first) bucket.learnedAt = bucket.next;
    bucket.usedAt = now;
    this.#answered(bucket, ticket);
  }

  /** The call failed otherwise (not throttled): only its place in the slow-start window is freed. */
  failed(ticket: PaceTicket): void {
    const bucket = this.#buckets.get(ticket.key);
    if (bucket) this.#answered(bucket, ticket);
  }

  /**
   * The cloud's refill rate between two moments its bucket was dry: when the call that last cut the
   * rate was sent, and `dryAgain`, when a call it throttled now was sent. Every call it admitted
   * in between took one refilled token, the tokens that refilled during the wait and the first
   * slots included, so this is known one round after the first throttle. Undefined when the
   * moments are less than a second apart (or more than the measuring window).
   */
  #refillRate(bucket: Bucket, dryAgain: number): number | undefined {
    const span = dryAgain - bucket.dryAt;
    if (span < 1_000 || span > measureWindowMs) return undefined;
    const admitted = bucket.sinceDry.filter((t) => t > bucket.dryAt && t < dryAgain).length;
    // The throttled call found less than one token: the refill lies between admitted and admitted + 1.
    return ((admitted + 0.5) * 1000) / span;
  }

  /**
   * Calls per second that went through, by when they were sent, over the measuring window since
   * the first throttle (from the first such send to the last); undefined while too few are known.
   */
  #admittedRate(bucket: Bucket, now: number): number | undefined {
    const from = Math.max(bucket.learnedAt, now - measureWindowMs);
    const sent = bucket.admitted.filter((t) => t >= from);
    const first = sent[0];
    const last = sent[sent.length - 1];
    if (first === undefined || last === undefined || sent.length < 3 || last - first < 1_000) return undefined;
    return ((sent.length - 1) * 1000) / (last - first);
  }

  #bucket(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = {
        rate: undefined,
        next: now,
        cutAt: now,
        usedAt: now,
        firstUse: now,
        successesSinceFirstUse: 0,
        admitted: [],
        learnedAt: now,
        dryAt: now,
        sinceDry: [],
        declaredThrottles: [],
        inFlight: 0,
        window: this.#options.initialWindow,
        wake: undefined,
        queue: [],
        head: 0,
        pumping: false,
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
    for (const [id, bucket] of this.#declared) if (bucket.isFull(now)) this.#declared.delete(id);
  }
}
