import type { CallContext, WaitDeadline } from "@cloud-barista/core/driver";
import { isBusy } from "../errors.js";

/**
 * Runs an action Tencent may refuse while its resource is busy (ResourceBusy: a disk still being
 * made; another operation on the instance or load balancer still running); when it does, tries
 * it again through the runtime's waiter, with backoff, until the resource takes it or the
 * deadline passes. The refusal changed nothing, so even a call that is not idempotent may repeat.
 */
export async function whenNotBusy<T>(
  ctx: CallContext,
  description: string,
  deadline: WaitDeadline,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
  let result: { value: T } | undefined;
  await ctx.waitUntil<boolean>({
    description,
    deadline,
    read: async () => {
      try {
        result = { value: await action() };
        return true;
      } catch (error) {
        if (isBusy(error)) return false;
        throw error;
      }
    },
    accept: (done) => (done ? "success" : "retry"),
  });
  return (result as { value: T }).value;
}
