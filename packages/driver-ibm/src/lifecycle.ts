import { isBaristaError } from "@cloud-barista/core/driver";
import type { CallContext, WaitDeadline } from "@cloud-barista/core/driver";

/** The state a read stands for once the resource 404s. */
export const gone = "gone";

/**
 * Waits, through the runtime's waiter, until a resource IBM is deleting (`deleting`,
 * `pending_deletion`, `delete_pending`) is gone: its read answers 404. A `failed` state ends the
 * wait as a failure; any other state is polled again.
 */
export function awaitGone(
  ctx: CallContext,
  what: string,
  deadline: WaitDeadline,
  read: () => Promise<string | undefined>,
): Promise<unknown> {
  return ctx.waitUntil<string | undefined>({
    description: `${what} to be deleted`,
    deadline,
    read,
    whenNotFound: gone,
    accept: (state) => (state === gone ? "success" : state === "failed" ? "failure" : "retry"),
  });
}

/** Waits until a resource's state is one of `ready` (a `failed` state ends the wait as a failure). */
export function awaitState(
  ctx: CallContext,
  what: string,
  deadline: WaitDeadline,
  ready: readonly string[],
  read: () => Promise<string | undefined>,
): Promise<unknown> {
  return ctx.waitUntil<string | undefined>({
    description: `${what} to be ${ready.join(" or ")}`,
    deadline,
    read,
    accept: (state) =>
      state !== undefined && ready.includes(state) ? "success" : state === "failed" ? "failure" : "retry",
  });
}

/**
 * Sends a call that needs another resource to be ready (a subnet in a VPC still `pending`, a
 * floating IP on an instance still starting): when IBM refuses it as a Conflict, waits for that
 * resource to reach one of `ready` and sends it once more. A conflict that waiting does not mend
 * stands.
 */
export async function whenReady<T>(
  ctx: CallContext,
  what: string,
  ready: readonly string[],
  read: () => Promise<string | undefined>,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (!isBaristaError(error, "Conflict")) throw error;
    await awaitState(ctx, what, "vmControl", ready, read);
    return send();
  }
}

/**
 * Waits until a resource being deleted no longer appears in its collection. Undos use it instead of
 * `awaitGone`: a list that lacks the resource is a success, where a read's 404 would be recorded as
 * a failed compensating call.
 */
export function awaitAbsent(
  ctx: CallContext,
  what: string,
  deadline: WaitDeadline,
  present: () => Promise<boolean>,
): Promise<unknown> {
  return ctx.waitUntil<boolean>({
    description: `${what} to be deleted`,
    deadline,
    read: present,
    accept: (here) => (here ? "retry" : "success"),
  });
}
