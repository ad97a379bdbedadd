import { BaristaError } from "../errors.js";
import type { Clock } from "../util/clock.js";
import { noopLogger } from "../util/logger.js";
import type { CallContext } from "./call-context.js";

/**
 * A CallContext for work outside the runtime, such as a driver's vendor-client accessor fetching a
 * token: every call runs once, unrecorded; nothing waits or compensates.
 */
export function detachedContext(clock: Clock, abortSignal: AbortSignal = new AbortController().signal): CallContext {
  return {
    abortSignal,
    clock,
    logger: noopLogger,
    call: (_api, fn) => fn(abortSignal),
    created: () => undefined,
    whenVisible: (_ids, fn) => fn(),
    waitUntil: (spec) =>
      Promise.reject(new BaristaError("NotSupported", `waiting for ${spec.description} outside the runtime`)),
    compensate: (operation) => operation(() => undefined),
  };
}
