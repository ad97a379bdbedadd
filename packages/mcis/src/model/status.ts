import type { VmStatus } from "@cloud-barista/core";

/** The status of an MCIS VM (Tumblebug's set). */
export type McisVmStatus =
  | "Creating"
  | "Running"
  | "Suspending"
  | "Suspended"
  | "Resuming"
  | "Rebooting"
  | "Terminating"
  | "Terminated"
  | "Failed"
  | "Undefined";

/** Every status an MCIS VM can have. */
export const mcisVmStatuses: readonly McisVmStatus[] = [
  "Creating",
  "Running",
  "Suspending",
  "Suspended",
  "Resuming",
  "Rebooting",
  "Terminating",
  "Terminated",
  "Failed",
  "Undefined",
];

/** What an MCIS, sub-group or VM is being asked to do. */
export type McisAction = "Create" | "Suspend" | "Resume" | "Reboot" | "Terminate" | "Refine" | "Reconcile";

/** The control actions of `suspend`, `resume`, `reboot` and `terminate`. */
export type ControlAction = "Suspend" | "Resume" | "Reboot" | "Terminate";

/** The action in progress; "None" when idle. */
export type TargetAction = McisAction | "None";

/** The status the action in progress should reach; "None" when idle. */
export type TargetStatus = "Running" | "Suspended" | "Terminated" | "None";

/** The end state of each action that changes VM status. */
export const targetOf: Readonly<Record<"Create" | ControlAction, Exclude<TargetStatus, "None">>> = {
  Create: "Running",
  Suspend: "Suspended",
  Resume: "Running",
  Reboot: "Running",
  Terminate: "Terminated",
};

/** The state a VM passes through while an action runs (Tumblebug's transitional statuses). */
export const transitionalOf: Readonly<Record<"Create" | ControlAction, McisVmStatus>> = {
  Create: "Creating",
  Suspend: "Suspending",
  Resume: "Resuming",
  Reboot: "Rebooting",
  Terminate: "Terminating",
};

/** The statuses of a VM on its way to another (Creating, Suspending, ...). */
export const transitionalStatuses: readonly McisVmStatus[] = [
  "Creating",
  "Suspending",
  "Resuming",
  "Rebooting",
  "Terminating",
];

const fromCore: Readonly<Record<VmStatus, McisVmStatus>> = {
  Creating: "Creating",
  Running: "Running",
  Suspending: "Suspending",
  Suspended: "Suspended",
  Resuming: "Resuming",
  Rebooting: "Rebooting",
  Terminating: "Terminating",
  Terminated: "Terminated",
  NotExist: "Undefined",
  Failed: "Failed",
  Unknown: "Undefined",
};

/** The cloud's status (as core reports it) on the MCIS set, with nothing corrected: NotExist reads Undefined. */
export function statusOfCloud(cloud: VmStatus): McisVmStatus {
  return fromCore[cloud];
}

/** What the engine knows of one VM when it derives its status. */
export interface VmStatusInput {
  /** The last status stored. */
  stored: McisVmStatus;
  targetAction: TargetAction;
  /** The cloud's status now; undefined when the VM was not read (or is not in the cloud yet). */
  cloud: VmStatus | undefined;
}

/**
 * A VM's status, after Tumblebug's `GetVmStatus`: the cloud's status mapped onto the MCIS set,
 * then corrected by the action in progress, because clouds report odd interim states (a VM being
 * created may not be listed yet; one being resumed may read "pending"). Failed and Terminated are
 * sticky: a Failed VM stays Failed (its reason kept) until refine, terminate or delete removes it,
 * and Terminated is final.
 */
export function deriveVmStatus(input: VmStatusInput): McisVmStatus {
  const { stored, targetAction, cloud } = input;
  if (stored === "Terminated" || stored === "Failed") return stored;
  let status: McisVmStatus = cloud === undefined ? stored : fromCore[cloud];
  switch (targetAction) {
    case "Create":
      if (status === "Undefined") status = "Creating";
      break;
    case "Terminate":
      if (status === "Undefined") status = "Terminated";
      // Some clouds stop a VM on the way to termination; Tumblebug shows it terminated, we show it terminating.
      else if (status === "Suspending") status = "Terminating";
      break;
    case "Resume":
      if (status === "Undefined" || status === "Creating") status = "Resuming";
      break;
    case "Reboot":
      if (["Undefined", "Suspending", "Suspended", "Creating", "Resuming"].includes(status)) status = "Rebooting";
      break;
    default:
      break;
  }
  return status;
}

/**
 * The target fields once the status is known: cleared when the target is reached, pinned to
 * Terminate/Terminated for a terminated VM (only deletion is left to do).
 */
export function settleTarget(
  status: McisVmStatus,
  target: { targetStatus: TargetStatus; targetAction: TargetAction },
): { targetStatus: TargetStatus; targetAction: TargetAction } {
  if (status === "Terminated") return { targetStatus: "Terminated", targetAction: "Terminate" };
  if (status === "Failed" || target.targetStatus === status) return { targetStatus: "None", targetAction: "None" };
  // A copy of just these two fields: callers spread the result over a whole record.
  return { targetStatus: target.targetStatus, targetAction: target.targetAction };
}
