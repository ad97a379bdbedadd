import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";

export interface NativeCallOptions<T> {
  /**
   * The call may be repeated without changing the outcome (reads, deletes, creates carrying an
   * idempotency token). Non-idempotent calls are retried only after throttling, which the cloud
   * rejects before doing anything.
   */
  idempotent?: boolean;
  /** Picks the cloud's request id out of a successful result, for call history. */
  requestIdOf?: (result: T) => string | undefined;
}

/**
 * What the runtime hands a driver with every operation. Drivers make every native cloud API call
 * through `call`, so each one is retried by one policy and recorded once in call history.
 */
export interface CallContext {
  readonly abortSignal: AbortSignal;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Runs one native API call named as the cloud names it ("RunInstances"). `fn` must throw
   * BaristaError (the driver's error mapping) so the retry policy can judge the failure.
   */
  call<T>(api: string, fn: (abortSignal: AbortSignal) => Promise<T>, options?: NativeCallOptions<T>): Promise<T>;
}
