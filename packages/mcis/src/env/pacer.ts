import type { Clock } from "@cloud-barista/core";

interface Pace {
  /** Clock time of the next free slot. */
  next: number;
  /** Spacing between slots: the cloud's last retry hint (about one token's refill time). */
  intervalMs: number;
}

/**
 * Spaces out creates in a region whose cloud throttles them. Left alone, the throttled requests of a
 * 1,000-VM create would all retry on their own backoff and mostly be throttled again; once a region
 * has been throttled, each request takes the next slot instead, one per retry hint, which is the
 * rate the cloud's token bucket refills at. A region unused for a while is unpaced again.
 */
export class ThrottlePacer {
  readonly #clock: Clock;
  readonly #paces = new Map<string, Pace>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Waits for the region's next slot, if the region is paced. */
  async turn(region: string, abortSignal?: AbortSignal): Promise<void> {
    const pace = this.#paces.get(region);
    if (!pace) return;
    const now = this.#clock.now();
    // Nobody needed a slot for a good while: the bucket has refilled, stop pacing.
    if (now > pace.next + 10 * pace.intervalMs) {
      this.#paces.delete(region);
      return;
    }
    const at = Math.max(now, pace.next);
    pace.next = at + pace.intervalMs;
    if (at > now) await this.#clock.sleep(at - now, abortSignal ? { abortSignal } : {});
  }

  /** The cloud throttled a request in the region, hinting when to try again. */
  throttled(region: string, retryAfterMs: number | undefined): void {
    const intervalMs = Math.max(10, retryAfterMs ?? 1_000);
    const pace = this.#paces.get(region);
    const next = this.#clock.now() + intervalMs;
    if (pace) {
      pace.intervalMs = intervalMs;
      pace.next = Math.max(pace.next, next);
    } else this.#paces.set(region, { next, intervalMs });
  }
}
