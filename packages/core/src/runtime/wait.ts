import { BaristaError, isBaristaError } from "../errors.js";
import type { CallContext } from "../driver/call-context.js";
import type { VmStatus } from "../model/vm.js";
import { pollUntil } from "../util/poll.js";

/** How long a resource just created may stay invisible to reads (eventual consistency). */
export const notFoundGraceMs = 120_000;

export interface WaitSpec<T> {
  ctx: CallContext;
  description: string;
  timeoutMs: number;
  check: () => Promise<T>;
  done: (value: T) => boolean;
  /** A value after which waiting is pointless (the resource failed). */
  failed?: (value: T) => boolean;
  /** The resource was just created: "not found" means "not yet" for `notFoundGraceMs`. */
  appearing?: boolean;
}

const notYet = Symbol("not yet visible");

/** Polls the cloud with backoff and a deadline (on the runtime's clock) until `done`. */
export async function waitFor<T>(spec: WaitSpec<T>): Promise<T> {
  const { clock } = spec.ctx;
  const since = clock.now();
  const check = async (): Promise<T | typeof notYet> => {
    try {
      return await spec.check();
    } catch (error) {
      if (spec.appearing && isBaristaError(error, "NotFound") && clock.now() - since < notFoundGraceMs) return notYet;
      throw error;
    }
  };
  const value = await pollUntil(check, (v) => v !== notYet && (spec.done(v) || (spec.failed?.(v) ?? false)), {
    clock,
    timeoutMs: spec.timeoutMs,
    abortSignal: spec.ctx.abortSignal,
    description: spec.description,
  });
  if (value === notYet || !spec.done(value)) {
    throw new BaristaError("ProviderError", `${spec.description} failed: ${JSON.stringify(value)}`, {
      retryable: false,
    });
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
