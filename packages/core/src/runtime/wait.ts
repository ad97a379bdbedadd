import { BaristaError, isBaristaError } from "../errors.js";
import type { CallContext } from "../driver/call-context.js";
import type { VmStatus } from "../model/vm.js";
import { pollUntil } from "../util/poll.js";

export interface WaitSpec<T> {
  ctx: CallContext;
  description: string;
  timeoutMs: number;
  check: () => Promise<T>;
  done: (value: T) => boolean;
  /** A value after which waiting is pointless (the resource failed). */
  failed?: (value: T) => boolean;
}

/** Polls the cloud with backoff and a deadline (on the runtime's clock) until `done`. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<T> {
  const value = await pollUntil(spec.check, (v) => spec.done(v) || (spec.failed?.(v) ?? false), {
    clock: spec.ctx.clock,
    timeoutMs: spec.timeoutMs,
    abortSignal: spec.ctx.abortSignal,
    description: spec.description,
  });
  if (!spec.done(value)) {
    throw new BaristaError("ProviderError", `${spec.description} failed: ${JSON.stringify(value)}`, { retryable: false });
  }
  return value;
}

/** A status read where "not found" means the VM is gone. */
export async function vmStatusOrGone(read: () => Promise<VmStatus>): Promise<VmStatus> {
  try {
    return await read();
  } catch (error) {
    if (isBaristaError(error, "NotFound")) return "NotExist";
    throw error;
  }
}
