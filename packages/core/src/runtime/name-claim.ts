import { randomUUID } from "node:crypto";
import { isBaristaError } from "../errors.js";
import type { LeaseUse } from "../lock/owner-lease.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import type { IidClaim, IidRecord } from "./iid-store.js";

/** A name a create holds: its pending record, and the lease use that shows its creator at work. */
export interface HeldClaim {
  readonly record: IidRecord & { claim: IidClaim };
  readonly use: LeaseUse | undefined;
}

/** How a create's claim ended when the create finished in the cloud. */
export type Completion = { won: true } | { won: false; current: IidRecord | undefined };

/**
 * Claims a name for a create with a pending record (compare-and-set: only if the name is free),
 * kept alive on this instance's store lease while the create runs; undefined when the name is taken.
 */
export async function claimName(
  rt: ConnectionRuntime,
  record: IidRecord,
  abortSignal: AbortSignal,
): Promise<HeldClaim | undefined> {
  const { iids, lease, lock } = rt.shared;
  const claimed = { ...record, claim: { id: randomUUID(), owner: lease?.owner.id ?? lock.owner.id } };
  for (let attempt = 1; ; attempt++) {
    const use = await lease?.use(abortSignal);
    try {
      if (await iids.claim(claimed, use?.lease)) return { record: claimed, use };
      use?.release();
      return undefined;
    } catch (error) {
      use?.release();
      // The lease ended between its last renewal and this write: once more, on a new lease.
      if (use && attempt === 1 && isBaristaError(error, "NotFound") && error.resourceType === "lease") {
        use.ended();
        continue;
      }
      throw error;
    }
  }
}

/**
 * Records what the create made as ready, with `others` made beside it, if the claim still holds
 * the name (compare-and-set on the pending record). Otherwise returns what holds the name now:
 * another process took the claim over, or settled it, while the cloud was creating.
 */
export async function completeClaim(
  rt: ConnectionRuntime,
  claim: HeldClaim,
  ready: IidRecord,
  others: readonly IidRecord[],
): Promise<Completion> {
  const { iids } = rt.shared;
  try {
    for (;;) {
      const stored = await iids.stored(claim.record);
      if (!stored || stored.record.state !== "pending" || stored.record.claim?.id !== claim.record.claim.id) {
        return { won: false, current: stored?.record };
      }
      if (await iids.replace(stored, ready, ...others)) return { won: true };
      // Changed between reading and writing (someone noted the claim released): read again.
    }
  } finally {
    claim.use?.release();
  }
}

/**
 * Gives a claim up after a failed create. When the cloud surely made nothing, the name is free
 * again; when the answer was lost, the record stays pending, marked released now: a request sent
 * until now may still complete in the cloud, so others settle it only `pendingSettleMs` later.
 */
export async function releaseClaim(rt: ConnectionRuntime, claim: HeldClaim, madeNothing: boolean): Promise<void> {
  const { iids, clock } = rt.shared;
  try {
    for (;;) {
      const stored = await iids.stored(claim.record);
      const current = stored?.record.claim;
      if (!stored || current?.id !== claim.record.claim.id) return; // settled by someone else
      const released = { ...stored.record, claim: { ...current, releasedAt: new Date(clock.now()) } };
      if (await (madeNothing ? iids.drop(stored) : iids.replace(stored, released))) return;
    }
  } finally {
    claim.use?.release();
  }
}
