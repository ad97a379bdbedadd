import { BaristaError, abortedError, isBaristaError } from "../errors.js";
import type { CallContext, NativeCallOptions } from "../driver/call-context.js";
import type { CallRecord } from "../history/call-record.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import { retry } from "../util/retry.js";
import type { RetryPolicy } from "../util/retry.js";
import type { Redactor } from "./redact.js";

export interface CallScope {
  provider: string;
  connection: string;
  region: string;
  zone?: string | undefined;
  resourceType: string;
  resourceName?: string | undefined;
}

export interface NativeCallDeps {
  clock: Clock;
  logger: Logger;
  retryPolicy: RetryPolicy;
  redact: Redactor;
  record: (record: CallRecord) => void;
  random?: () => number;
}

/** Anything a driver throws becomes a BaristaError with secrets removed from its message. */
function normalize(error: unknown, provider: string, signal: AbortSignal, redact: Redactor): BaristaError {
  if (signal.aborted && !isBaristaError(error)) return abortedError(signal);
  const e = isBaristaError(error)
    ? error
    : new BaristaError("ProviderError", error instanceof Error ? error.message : String(error), {
        provider,
        cause: error,
      });
  e.message = redact(e.message);
  return e;
}

/**
 * The CallContext for one operation: every native call is retried by one policy (idempotent calls
 * on any retryable error, others only after throttling, which clouds reject before acting) and
 * recorded in call history once per attempt.
 */
export function createCallContext(scope: CallScope, abortSignal: AbortSignal, deps: NativeCallDeps): CallContext {
  const { clock, logger, redact } = deps;
  return {
    abortSignal,
    clock,
    logger,
    call<T>(api: string, fn: (signal: AbortSignal) => Promise<T>, options: NativeCallOptions<T> = {}): Promise<T> {
      const shouldRetry = (error: unknown): boolean =>
        isBaristaError(error) && error.retryable && (options.idempotent === true || error.code === "Throttled");
      return retry(
        async (attempt) => {
          if (abortSignal.aborted) throw abortedError(abortSignal);
          const time = new Date(clock.now());
          const started = performance.now();
          const base = { ...scope, time, api, attempt };
          try {
            const result = await fn(abortSignal);
            const requestId = options.requestIdOf?.(result);
            deps.record({ ...base, elapsedMs: performance.now() - started, ...(requestId ? { requestId } : {}) });
            return result;
          } catch (raw) {
            const error = normalize(raw, scope.provider, abortSignal, redact);
            deps.record({
              ...base,
              elapsedMs: performance.now() - started,
              error: { code: error.code, message: error.message },
              ...(error.requestId ? { requestId: error.requestId } : {}),
            });
            logger.debug("cloud call failed", { provider: scope.provider, api, attempt, code: error.code });
            throw error;
          }
        },
        { policy: deps.retryPolicy, clock, abortSignal, shouldRetry, random: deps.random },
      );
    },
  };
}
