import type { CallContext, WaitSpec } from "../driver/call-context.js";
import type { IidRecord } from "./iid-store.js";

/**
 * Waits for a tracked resource to reach a state. A resource created a moment ago may not be
 * visible yet: each poll rides out "not found" within the read-after-create window.
 */
export function waitForState<T>(ctx: CallContext, record: IidRecord, spec: WaitSpec<T>): Promise<T> {
  return ctx.waitUntil({ ...spec, read: () => ctx.whenVisible([record.systemId], spec.read) });
}
