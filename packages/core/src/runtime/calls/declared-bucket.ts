/**
 * A client-side copy of a cloud's token bucket whose size and refill are known (declared by the
 * driver or the `pacing.limits` option). Calls reserve tokens ahead: the balance may go below zero,
 * and each reservation waits until the refill has covered it, so callers are spaced at the refill
 * rate once the burst is spent.
 */
export class DeclaredBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  #tokens: number;
  #at: number;

  constructor(capacity: number, refillPerSecond: number, now: number) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.#tokens = capacity;
    this.#at = now;
  }

  /** Takes a token; returns how long to wait until it is there (0: at once), in ms. */
  reserve(now: number): number {
    this.#refill(now);
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens * 1000) / this.refillPerSecond);
  }

  /** Gives back the token of a call that never went (aborted while waiting). */
  refund(now: number): void {
    this.#refill(now);
    this.#tokens = Math.min(this.capacity, this.#tokens + 1);
  }

  /**
   * The cloud says its bucket is dry now (less than one token), its next token `nextTokenMs` away
   * when it says so: ours holds no more than that (tokens reserved ahead stay reserved).
   */
  dry(now: number, nextTokenMs: number | undefined): void {
    this.#refill(now);
    const left = nextTokenMs === undefined ? 0 : 1 - (nextTokenMs * this.refillPerSecond) / 1000;
    this.#tokens = Math.min(this.#tokens, left);
  }

  /** Whether the bucket has refilled completely: nothing is left to remember. */
  isFull(now: number): boolean {
    this.#refill(now);
    return this.#tokens >= this.capacity;
  }

  #refill(now: number): void {
    if (now > this.#at) {
      this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.refillPerSecond) / 1000);
      this.#at = now;
    }
  }
}
