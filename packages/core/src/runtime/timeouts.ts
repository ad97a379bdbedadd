/** How long long-running operations wait for the cloud, on the runtime's clock. */
export interface OperationTimeouts {
  /**
   * How long after a create's creator stopped (released its claim without an answer, or was found
   * gone) its outcome may still be unknown: a request it sent can still complete in the cloud until
   * then, so reconcile does not conclude "never made" sooner. A claim whose creator is still at work
   * is never settled, however old. Records of older SDKs count from when they were claimed.
   */
  pendingSettleMs: number;
  /** How long after a create "not found" may mean "not visible yet" (eventual consistency). */
  readAfterCreateMs: number;
  vmRunningMs: number;
  vmTerminatedMs: number;
  vmControlMs: number;
  diskMs: number;
  myImageMs: number;
  nlbMs: number;
  /** Cluster create, delete, upgrade and node-group changes (managed Kubernetes takes 10-20 minutes). */
  clusterMs: number;
}

export const defaultOperationTimeouts: OperationTimeouts = {
  pendingSettleMs: 2 * 60_000,
  readAfterCreateMs: 60_000,
  vmRunningMs: 10 * 60_000,
  vmTerminatedMs: 10 * 60_000,
  vmControlMs: 10 * 60_000,
  diskMs: 5 * 60_000,
  myImageMs: 30 * 60_000,
  nlbMs: 10 * 60_000,
  clusterMs: 40 * 60_000,
};
