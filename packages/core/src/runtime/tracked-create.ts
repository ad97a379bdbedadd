import { BaristaError, alreadyExists, isDefiniteFailure } from "../errors.js";
import type { CallContext } from "../driver/call-context.js";
import { deleteInCloud } from "./cloud-resources.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import type { IidRecord } from "./iid-store.js";
import { claimName, completeClaim, releaseClaim } from "./name-claim.js";
import type { HeldClaim } from "./name-claim.js";
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
 * ask the cloud, then record the cloud's id, only if the claim still holds the name. Must run
 * under the name's exclusive lock. A create that names resources made a moment ago (`references`)
 * rides out "not found" while the cloud catches up: a NotFound changed nothing, so asking again is
 * safe. A create whose claim another process took over meanwhile deletes what it made and fails
 * with Conflict (rule "claim-lost"): it never reports another create's resource as its own.
 */
export async function trackedCreate<T>(
  rt: ConnectionRuntime,
  ctx: CallContext,
  record: IidRecord,
  create: () => Promise<Created<T>>,
  references: readonly IidRecord[] = [],
): Promise<T> {
  const claim = await claimOrSettle(rt, ctx, record);
  let created: Created<T>;
  try {
    created = await ctx.whenVisible(
      references.map((r) => r.systemId),
      create,
    );
  } catch (error) {
    const madeNothing = isDefiniteFailure(error);
    if (!madeNothing) {
      rt.shared.logger.warn("create ended without a definite answer; keeping a pending record", {
        connection: rt.name,
        resourceType: record.resourceType,
        name: record.name,
        cloudName: record.cloudName,
      });
    }
    await releaseClaim(rt, claim, madeNothing).catch((cause: unknown) =>
      rt.shared.logger.warn("could not release a claim; reconcile will settle it", { error: String(cause) }),
    );
    throw error;
  }
  const children = created.children ?? [];
  // The cloud may not show what it just made for a while: reads of these ids wait that out.
  rt.recent.remember([created.systemId, ...children.map((c) => c.systemId)], rt.shared.clock.now());
  const { claim: _, subnets: _planned, ...unclaimed } = claim.record;
  const ready: IidRecord = { ...unclaimed, systemId: created.systemId, state: "ready" };
  if (created.zone !== undefined) ready.zone = created.zone;
  const completion = await completeClaim(rt, claim, ready, children);
  if (completion.won) return created.result;
  // Reconciling elsewhere found what this create made and adopted it: it is tracked, and ours.
  if (completion.current?.state === "ready" && completion.current.systemId === created.systemId) return created.result;
  return ctx.compensate((undo) => {
    undo(`${record.resourceType} ${record.cloudName} (${created.systemId})`, (c) => deleteInCloud(rt, ready, c));
    return Promise.reject(
      new BaristaError(
        "Conflict",
        `the claim on ${record.resourceType} "${record.name}" was taken over while the cloud was creating it ` +
          "(this SDK instance lost its store lease, or was thought gone): what this call made was deleted again",
        { rule: "claim-lost", resourceType: record.resourceType, resourceName: record.name },
      ),
    );
  });
}

/**
 * Claims the name; when a pending record has it, settles that record first (see
 * `reconcileRecord`) and claims the name if the record went.
 */
async function claimOrSettle(rt: ConnectionRuntime, ctx: CallContext, record: IidRecord): Promise<HeldClaim> {
  const claim = await claimName(rt, record, ctx.abortSignal);
  if (claim) return claim;
  const existing = await rt.shared.iids.get(record.connection, record.resourceType, record.name, record.owner);
  // A pending record is the trace of a create in flight elsewhere or one that ended without an answer.
  const settled = existing?.state === "pending" ? await reconcileRecord(rt, existing, ctx) : undefined;
  if (settled?.outcome === "pending") {
    const what = `${record.resourceType} "${record.name}"`;
    const message =
      settled.reason === "in-progress"
        ? `${what} is being created by another operation (SDK instance ${existing?.claim?.owner ?? "unknown"})`
        : `an earlier create of ${what} may still be in progress in the cloud; try again` +
          (settled.until ? ` after ${settled.until.toISOString()}` : " later");
    throw new BaristaError("Conflict", message, {
      resourceType: record.resourceType,
      resourceName: record.name,
      retryable: true,
    });
  }
  const again = settled?.outcome === "dropped" ? await claimName(rt, record, ctx.abortSignal) : undefined;
  if (!again) {
    throw alreadyExists(
      record.resourceType,
      record.name,
      record.owner ? `VPC "${record.owner}"` : `connection "${rt.name}"`,
    );
  }
  return again;
}
