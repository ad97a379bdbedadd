import { BaristaError, isBaristaError } from "@cloud-barista/core";
import type { BaristaErrorOptions, Clock } from "@cloud-barista/core";
import type { McisAction } from "../model/status.js";
import type { FailureReason } from "../model/types.js";
import type { StoredReason } from "../store/records.js";

/** The reason kept on a VM for an error of one of its actions. */
export function reasonOf(
  error: unknown,
  where: { action: McisAction; connection: string; zone?: string | undefined },
  clock: Clock,
): StoredReason {
  const e = isBaristaError(error)
    ? error
    : new BaristaError("ProviderError", error instanceof Error ? error.message : String(error), { cause: error });
  return {
    code: e.code,
    message: e.message,
    ...(e.nativeCode ? { nativeCode: e.nativeCode } : {}),
    action: where.action,
    connection: where.connection,
    ...(where.zone ? { zone: where.zone } : {}),
    at: new Date(clock.now()).toISOString(),
  };
}

export function toFailureReason(stored: StoredReason): FailureReason {
  return { ...stored, at: new Date(stored.at) };
}

/** The error an operation throws for a VM failure it cannot report otherwise (e.g. after a rollback). */
export function errorOf(
  reason: StoredReason,
  message: string,
  options: Pick<BaristaErrorOptions, "leftovers" | "retryable"> = {},
): BaristaError {
  return new BaristaError(reason.code, `${message}: ${reason.message}`, {
    ...(reason.nativeCode ? { nativeCode: reason.nativeCode } : {}),
    resourceType: "mcis",
    ...options,
  });
}
