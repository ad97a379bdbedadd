import type { CallContext } from "../driver/call-context.js";
import { findInCloud, plannedSubnetsInCloud } from "./cloud-resources.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import type { IidRecord } from "./iid-store.js";

/** What reconciling a pending record concluded. */
export type Settlement =
  | { outcome: "adopted"; record: IidRecord }
  | { outcome: "dropped" }
  /**
   * Still pending: its creator is at work on it ("in-progress"), or it stopped too recently to
   * rule out a request still completing in the cloud ("settling", until `until`).
   */
  | { outcome: "pending"; reason: "in-progress" | "settling"; until?: Date };

/**
 * Settles a pending record. A record whose creator is still at work on it (its claim's liveness
 * entry lives) is left alone, however old. Otherwise: if the cloud has the resource, the record
 * becomes ready with its id; if not, the record goes once `pendingSettleMs` have passed since the
 * creator stopped (it released the claim, or the first reconcile found it gone and noted when).
 * Records of older SDKs carry no claim and are settled by their age. A VPC is adopted with the
 * subnets its create asked for that the cloud has. Every change is a
 * compare-and-set on the record as read, so a creator finishing meanwhile wins or loses cleanly.
 */
export async function reconcileRecord(rt: ConnectionRuntime, record: IidRecord, ctx: CallContext): Promise<Settlement> {
  const { iids, clock, timeouts } = rt.shared;
  const stored = await iids.stored(record);
  if (!stored) return { outcome: "dropped" };
  if (stored.record.state === "ready") return { outcome: "adopted", record: stored.record };
  const { claim, subnets: _planned, ...unclaimed } = stored.record;
  if (claim && (await iids.isHeld(claim))) return { outcome: "pending", reason: "in-progress" };

  const found = await findInCloud(rt, stored.record, ctx);
  if (found) {
    const ready: IidRecord = { ...unclaimed, systemId: found.systemId, state: "ready" };
    // A VPC's subnets came with it in the same create: adopted with it, or they would be orphans.
    const children = await plannedSubnetsInCloud(rt, stored.record, found, ctx);
    if (await iids.replace(stored, ready, ...children)) return { outcome: "adopted", record: ready };
    return { outcome: "pending", reason: "settling" };
  }
  if (claim && !claim.releasedAt) {
    // Its creator was alive when it claimed and is gone now: requests it sent until now may land.
    const releasedAt = new Date(clock.now());
    await iids.replace(stored, { ...stored.record, claim: { ...claim, releasedAt } });
    return { outcome: "pending", reason: "settling", until: new Date(releasedAt.getTime() + timeouts.pendingSettleMs) };
  }
  const from = (claim?.releasedAt ?? stored.record.createdAt).getTime();
  const until = new Date(from + timeouts.pendingSettleMs);
  if (clock.now() < until.getTime()) return { outcome: "pending", reason: "settling", until };
  return (await iids.drop(stored)) ? { outcome: "dropped" } : { outcome: "pending", reason: "settling" };
}
