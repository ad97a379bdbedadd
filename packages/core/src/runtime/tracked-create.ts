import { BaristaError, alreadyExists, isDefiniteFailure } from "../errors.js";
import type { CallContext } from "../driver/call-context.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import type { IidRecord } from "./iid-store.js";
import { reconcileRecord } from "./reconcile.js";

export interface Created<T> {
  systemId: string;
  result: T;
  zone?: string | undefined;
  /** Records of resources made along with this one (a VPC's subnets). */
  children?: IidRecord[];
}

/**
 * Creates a resource without ever losing track of it: claim the name in the store (pending),
 * ask the cloud, then record the cloud's id. Must run under the name's exclusive lock. A create
 * that names resources made a moment ago (`references`) rides out "not found" while the cloud
 * catches up: a NotFound changed nothing, so asking again is safe.
 */
export async function trackedCreate<T>(
  rt: ConnectionRuntime,
  ctx: CallContext,
  record: IidRecord,
  create: () => Promise<Created<T>>,
  references: readonly IidRecord[] = [],
): Promise<T> {
  const { iids, logger } = rt.shared;
  if (!(await iids.reserve(record))) {
    const existing = await iids.get(record.connection, record.resourceType, record.name, record.owner);
    // A pending record is the trace of an earlier create that ended without an answer: settle it.
    const settled = existing?.state === "pending" ? await reconcileRecord(rt, existing, ctx) : undefined;
    if (settled?.outcome === "pending") {
      throw new BaristaError(
        "Conflict",
        `an earlier create of ${record.resourceType} "${record.name}" may still be in progress in the cloud; try again later`,
        { resourceType: record.resourceType, resourceName: record.name, retryable: true },
      );
    }
    if (settled?.outcome !== "dropped" || !(await iids.reserve(record))) {
      throw alreadyExists(
        record.resourceType,
        record.name,
        record.owner ? `VPC "${record.owner}"` : `connection "${rt.name}"`,
      );
    }
  }
  let created: Created<T>;
  try {
    created = await ctx.whenVisible(
      references.map((r) => r.systemId),
      create,
    );
  } catch (error) {
    if (isDefiniteFailure(error)) {
      await iids.remove(record);
    } else {
      logger.warn("create ended without a definite answer; keeping a pending record", {
        connection: rt.name,
        resourceType: record.resourceType,
        name: record.name,
        cloudName: record.cloudName,
      });
    }
    throw error;
  }
  const children = created.children ?? [];
  // The cloud may not show what it just made for a while: reads of these ids wait that out.
  rt.recent.remember([created.systemId, ...children.map((c) => c.systemId)], rt.shared.clock.now());
  const ready: IidRecord = { ...record, systemId: created.systemId, state: "ready" };
  if (created.zone !== undefined) ready.zone = created.zone;
  await iids.save(ready, ...children);
  return created.result;
}
