import { isBaristaError } from "../errors.js";
import type { Clock } from "./clock.js";

/** How many times, and how far apart, failed retryable calls are tried again. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The retry policy unless `CloudBaristaOptions.retryPolicy` says otherwise. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 20_000 };

/**
 * Delay before retry number `retry` (1-based): "full jitter" over a capped exponential window,
 * so many clients retrying at once spread out. A Retry-After from the cloud is a floor.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.floor(random() * window);
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, policy.maxDelayMs));
}

/** Options of `withRetry`. */
export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  abortSignal?: AbortSignal | undefined;
  /** The jitter source, a number in [0, 1); `Math.random` unless a test pins it. */
  random?: () => number;
  /** Whether this failure may be retried; by default, BaristaErrors marked retryable. */
  shouldRetry?: (error: unknown) => boolean;
  /** Told about every failed attempt, before any wait. */
  onAttemptFailed?: (error: unknown, attempt: number) => void;
  /**
   * The wait before retrying after `error`, instead of the policy's backoff: the runtime's pacer
   * spaces throttled retries itself, so they wait for a slot rather than here.
   */
  delayMs?: (error: unknown, attempt: number) => number | undefined;
}

/** Runs `fn` until it succeeds, fails for good, or runs out of attempts; waits on the clock. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  const shouldRetry = options.shouldRetry ?? ((e: unknown) => isBaristaError(e) && e.retryable);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      options.onAttemptFailed?.(error, attempt);
      if (attempt >= options.policy.maxAttempts || !shouldRetry(error) || options.abortSignal?.aborted) throw error;
      const retryAfterMs = isBaristaError(error) ? error.retryAfterMs : undefined;
      const delay = options.delayMs?.(error, attempt) ?? backoffDelayMs(options.policy, attempt, random, retryAfterMs);
      if (delay <= 0) continue;
      await options.clock.sleep(delay, {
        abortSignal: options.abortSignal,
      });
    }
  }
}
