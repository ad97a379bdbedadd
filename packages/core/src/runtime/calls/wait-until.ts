import { BaristaError, isBaristaError } from "../../errors.js";
import type { WaitSpec, WaitState } from "../../driver/call-context.js";
import type { Clock } from "../../util/clock.js";

export interface WaiterOptions {
  clock: Clock;
  abortSignal: AbortSignal;
  timeoutMs: number;
  random?: (() => number) | undefined;
  /** First wait between polls; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

const describe = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
};

/**
 * The one long-running-operation waiter: polls with capped exponential backoff and jitter (between
 * half and all of the current step), never sleeps past the deadline but polls once more at it, and
 * waits at least as long as the cloud asked (`retryAfterMs`).
 */
export async function waitUntil<T>(spec: WaitSpec<T>, options: WaiterOptions): Promise<T> {
  const { clock } = options;
  const random = options.random ?? Math.random;
  const maxDelayMs = options.maxDelayMs ?? 15_000;
  const deadline = clock.now() + options.timeoutMs;
  let step = options.minDelayMs ?? 1_000;
  for (;;) {
    let value: T;
    let state: WaitState;
    try {
      value = await spec.read();
      state = spec.accept(value);
    } catch (error) {
      if (!("whenNotFound" in spec) || !isBaristaError(error, "NotFound")) throw error;
      value = spec.whenNotFound as T;
      state = spec.accept(value);
    }
    if (state === "success") return value;
    if (state === "failure") {
      const why = spec.describeFailure?.(value) ?? describe(value);
      throw new BaristaError("ProviderError", `${spec.description} failed: ${why}`, { retryable: false });
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      throw new BaristaError("Timeout", `timed out after ${options.timeoutMs} ms waiting for ${spec.description}`);
    }
    const asked = spec.retryAfterMs?.(value) ?? 0;
    const delay = Math.min(remaining, Math.max(asked, Math.floor(step / 2 + (random() * step) / 2)));
    await clock.sleep(delay, { abortSignal: options.abortSignal });
    step = Math.min(maxDelayMs, step * 2);
  }
}
