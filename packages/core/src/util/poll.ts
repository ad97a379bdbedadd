import { BaristaError } from "../errors.js";
import type { Clock } from "./clock.js";

/** How `poll` waits between checks and for how long. */
export interface PollOptions {
  clock: Clock;
  /** First wait between checks; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Give up (Timeout error) after this long on the clock. */
  timeoutMs: number;
  abortSignal?: AbortSignal | undefined;
  /** Names what is awaited, for the timeout message. */
  description: string;
  /** Source of jitter in [0, 1) (default `Math.random`); tests fix it. */
  random?: () => number;
}

/**
 * Checks until `done` says the value is final. Waits grow exponentially with jitter (between half
 * and all of the current step) and never overshoot the deadline, whose last check runs at it.
 */
export async function pollUntil<T>(
  check: () => Promise<T>,
  done: (value: T) => boolean,
  options: PollOptions,
): Promise<T> {
  const { clock } = options;
  const minDelayMs = options.minDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const random = options.random ?? Math.random;
  const deadline = clock.now() + options.timeoutMs;
  let step = minDelayMs;
  for (;;) {
    const value = await check();
    if (done(value)) return value;
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new BaristaError("Timeout", `timed out after ${options.timeoutMs} ms waiting for ${options.description}`);
    }
    const delay = Math.min(remaining, Math.floor(step / 2 + (random() * step) / 2));
    await clock.sleep(delay, { abortSignal: options.abortSignal });
    step = Math.min(maxDelayMs, step * 2);
  }
}
