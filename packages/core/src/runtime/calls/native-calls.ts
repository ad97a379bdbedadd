import { BaristaError, abortedError, isBaristaError } from "../../errors.js";
import type { ApiTable } from "../../driver/api-table.js";
import { isRepeatable } from "../../driver/api-table.js";
import type { CallContext, NativeCallOptions } from "../../driver/call-context.js";
import type { CallRecord } from "../../history/call-record.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import { retry } from "../../util/retry.js";
import type { RetryPolicy } from "../../util/retry.js";
import type { OperationTimeouts } from "../timeouts.js";
import { redactError } from "../redact.js";
import type { Redactor } from "../redact.js";
import { neverAbortingSignal } from "../../util/abort.js";
import { compensate } from "./compensate.js";
import type { PaceTicket, ThrottlePacer } from "./pacer.js";
import type { RateLimitsByApi } from "../../driver/rate-limits.js";
import type { RecentCreates } from "./recent-creates.js";
import { waitUntil } from "./wait-until.js";

export interface CallScope {
  provider: string;
  connection: string;
  region: string;
  zone?: string | undefined;
  resourceType: string;
  resourceName?: string | undefined;
  /** The calls undo a failed operation's steps (see `CallContext.compensate`). */
  compensating?: boolean;
}

export interface NativeCallDeps {
  clock: Clock;
  logger: Logger;
  retryPolicy: RetryPolicy;
  redact: Redactor;
  record: (record: CallRecord) => void;
  /** The driver's API table: every native API it calls, with its retry safety. */
  apis: ApiTable;
  recent: RecentCreates;
  timeouts: OperationTimeouts;
  random?: () => number;
  /**
   * The pacer shared by every connection of the SDK instance, and the part of its key that names
   * this connection's account and region (the API name completes it), with the cloud's declared
   * buckets by API; none: no pacing.
   */
  pacing?: { pacer: ThrottlePacer; account: string; declared?: RateLimitsByApi | undefined } | undefined;
}

const neverAborted = neverAbortingSignal();

/** Anything a driver throws becomes a BaristaError with secrets removed from its message. */
function normalize(error: unknown, provider: string, signal: AbortSignal, redact: Redactor): BaristaError {
  if (signal.aborted && !isBaristaError(error)) return abortedError(signal);
  const e = isBaristaError(error)
    ? error
    : new BaristaError("ProviderError", error instanceof Error ? error.message : String(error), {
        provider,
        cause: error,
      });
  return redactError(e, redact);
}

/**
 * The CallContext of one operation. Every native call is retried by one policy (calls safe to
 * repeat on any retryable error; others only after throttling, which clouds refuse before acting,
 * or when the request never left) and recorded in call history once per attempt.
 */
export function createCallContext(scope: CallScope, abortSignal: AbortSignal, deps: NativeCallDeps): CallContext {
  const { clock, logger, redact, recent } = deps;
  const ctx: CallContext = {
    abortSignal,
    clock,
    logger,
    call<T>(api: string, fn: (signal: AbortSignal) => Promise<T>, options: NativeCallOptions<T> = {}): Promise<T> {
      const safety = deps.apis[api];
      if (safety === undefined) {
        return Promise.reject(
          new BaristaError(
            "ProviderError",
            `driver bug: ${scope.provider} API "${api}" is not in the driver's API table`,
            {
              provider: scope.provider,
              retryable: false,
            },
          ),
        );
      }
      const shouldRetry = (error: unknown): boolean =>
        isBaristaError(error) &&
        error.retryable &&
        (isRepeatable(safety) || error.code === "Throttled" || error.unsent);
      const pacing = deps.pacing?.pacer.enabled ? deps.pacing : undefined;
      const paceKey = pacing ? `${pacing.account}|${api}` : "";
      const limits = pacing?.declared?.get(api);
      const declared = pacing && limits ? { account: pacing.account, limits } : undefined;
      return retry(
        async (attempt) => {
          if (abortSignal.aborted) throw abortedError(abortSignal);
          // Every attempt, retries included, takes a slot of the account-region's learned rate.
          const ticket: PaceTicket | undefined = pacing
            ? await pacing.pacer.acquire(paceKey, abortSignal, declared)
            : undefined;
          const time = new Date(clock.now());
          const started = performance.now();
          const base = { ...scope, time, api, attempt };
          try {
            const result = await fn(abortSignal);
            if (ticket) pacing?.pacer.succeeded(ticket);
            const requestId = options.requestIdOf?.(result);
            deps.record({ ...base, elapsedMs: performance.now() - started, ...(requestId ? { requestId } : {}) });
            return result;
          } catch (raw) {
            const error = normalize(raw, scope.provider, abortSignal, redact);
            if (ticket && error.code === "Throttled") pacing?.pacer.throttled(ticket, error.retryAfterMs);
            else if (ticket) pacing?.pacer.failed(ticket);
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
        {
          policy: deps.retryPolicy,
          clock,
          abortSignal,
          shouldRetry,
          random: deps.random,
          // A throttled retry waits for the pacer's next slot, which already honours Retry-After.
          ...(pacing ? { delayMs: (e: unknown) => (isBaristaError(e, "Throttled") ? 0 : undefined) } : {}),
        },
      );
    },

    created(...ids) {
      recent.remember(ids, clock.now());
    },

    async whenVisible(ids, fn) {
      for (let delayMs = 250; ; delayMs = Math.min(4_000, delayMs * 2)) {
        try {
          return await fn();
        } catch (error) {
          const remaining = isBaristaError(error, "NotFound") ? recent.remainingMs(ids, clock.now()) : 0;
          if (remaining <= 0) throw error;
          await clock.sleep(Math.min(delayMs, remaining), { abortSignal });
        }
      }
    },

    waitUntil(spec) {
      const timeoutMs = deps.timeouts[`${spec.deadline}Ms`];
      return waitUntil(spec, { clock, abortSignal, timeoutMs, random: deps.random });
    },

    compensate(operation) {
      return compensate(
        operation,
        () => createCallContext({ ...scope, compensating: true }, neverAborted, deps),
        logger,
      );
    },
  };
  return ctx;
}
