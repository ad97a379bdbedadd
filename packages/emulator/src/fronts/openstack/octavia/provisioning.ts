import { currentState, moveTo } from "../../../world/resources/lifecycle.js";
import type { Nlb } from "../../../world/types.js";
import { FrontError } from "../http.js";
import type { LoadBalancerEntry, OctaviaObject, ProvisioningStatus } from "./graph.js";

// Octavia's provisioning state machine. A load balancer is PENDING_CREATE until provisioned (the
// world's nlbProvisionMs), then ACTIVE. Any change to it or to a child puts the load balancer and
// the objects on the way (listener, pool) in PENDING_UPDATE and the changed object in
// PENDING_CREATE, PENDING_UPDATE or PENDING_DELETE for the world's nlbUpdateMs; then they are
// ACTIVE again (a deleted object is gone). When the work fails (a "background" fault) the changed
// object ends in ERROR and the others ACTIVE. While a load balancer is not ACTIVE, Octavia refuses
// every change with 409 (only ERROR load balancers may still be deleted or failed over).

/** The load balancer's status: its world lifecycle first (provisioning, failed, deleting). */
export function lbStatus(entry: LoadBalancerEntry, nlb: Nlb, now: number): ProvisioningStatus {
  if (nlb.state === "provisioning") return "PENDING_CREATE";
  // A failed creation leaves the whole graph in ERROR (MarkLBActiveInDB's revert).
  if (nlb.state === "failed") return "ERROR";
  if (nlb.state === "deleting") return "PENDING_DELETE";
  return currentState(entry.provisioning, now).state;
}

/** A child's status: the load balancer's while it is created or broken, its own afterwards. */
export function childStatus(object: OctaviaObject, nlb: Nlb, now: number): ProvisioningStatus {
  if (nlb.state === "provisioning") return "PENDING_CREATE";
  if (nlb.state === "failed") return "ERROR";
  return currentState(object.provisioning, now).state;
}

export type ChangeKind = "PENDING_CREATE" | "PENDING_UPDATE" | "PENDING_DELETE";

export interface Change {
  now: number;
  /** How long the change takes (the world's nlbUpdateMs). */
  afterMs: number;
  failsLater: boolean;
}

/**
 * Starts a change of `target` (the load balancer itself, or a child) that locks `parents` (the
 * load balancer and the listener or pool on the way) in PENDING_UPDATE.
 */
export function beginChange(
  change: Change,
  target: OctaviaObject | LoadBalancerEntry,
  kind: ChangeKind,
  parents: readonly (OctaviaObject | LoadBalancerEntry)[],
): void {
  const { now, afterMs, failsLater } = change;
  const done: ProvisioningStatus = failsLater ? "ERROR" : kind === "PENDING_DELETE" ? "DELETED" : "ACTIVE";
  moveTo(target.provisioning, kind, now, { state: done, afterMs });
  target.updatedAt = now;
  for (const parent of parents) {
    if (parent === target) continue;
    moveTo(parent.provisioning, "PENDING_UPDATE", now, { state: "ACTIVE", afterMs });
    parent.updatedAt = now;
  }
}

/** Octavia's LBPendingStateError: the load balancer itself is not in a state that allows this. */
export function invalidState(status: ProvisioningStatus, id: string): FrontError {
  return new FrontError(409, `Invalid state ${status} of loadbalancer resource ${id}`);
}

/** Octavia's ImmutableObject: a parent of the object to change is locked. */
export function immutable(resource: "Load Balancer" | "Pool", id: string): FrontError {
  return new FrontError(409, `${resource} ${id} is immutable and cannot be updated.`);
}

/** A change of the load balancer itself (PUT, failover when `orError`) needs it ACTIVE (or ERROR). */
export function requireLbChangeable(entry: LoadBalancerEntry, nlb: Nlb, now: number, orError = false): void {
  const status = lbStatus(entry, nlb, now);
  if (status !== "ACTIVE" && !(orError && status === "ERROR")) throw invalidState(status, nlb.id);
}

/**
 * A change below the load balancer: members and health monitors first need their pool ACTIVE,
 * then everyone needs the load balancer ACTIVE.
 */
export function requireChildChangeable(entry: LoadBalancerEntry, nlb: Nlb, now: number, throughPool: boolean): void {
  if (throughPool && childStatus(entry.pool, nlb, now) !== "ACTIVE") throw immutable("Pool", entry.pool.id);
  if (lbStatus(entry, nlb, now) !== "ACTIVE") throw immutable("Load Balancer", nlb.id);
}
