import type { VmStatus } from "@cloud-barista/core/driver";

/** Nova server statuses and the portable status each one means. */
export const vmStatusByServerStatus: Readonly<Record<string, VmStatus>> = {
  BUILD: "Creating",
  REBUILD: "Creating",
  ACTIVE: "Running",
  PASSWORD: "Running",
  RESCUE: "Running",
  RESIZE: "Running",
  VERIFY_RESIZE: "Running",
  REVERT_RESIZE: "Running",
  MIGRATING: "Running",
  SHUTOFF: "Suspended",
  SUSPENDED: "Suspended",
  PAUSED: "Suspended",
  SHELVED: "Suspended",
  SHELVED_OFFLOADED: "Suspended",
  REBOOT: "Rebooting",
  HARD_REBOOT: "Rebooting",
  DELETED: "Terminated",
  SOFT_DELETED: "Terminated",
  ERROR: "Failed",
  UNKNOWN: "Failed",
};

/**
 * Task states that say a transition is under way while the status still shows the old state
 * (Nova keeps a stopping server ACTIVE until it is SHUTOFF).
 */
export const vmStatusByTaskState: Readonly<Record<string, VmStatus>> = {
  deleting: "Terminating",
  "soft-deleting": "Terminating",
  "powering-off": "Suspending",
  suspending: "Suspending",
  pausing: "Suspending",
  shelving: "Suspending",
  "powering-on": "Resuming",
  resuming: "Resuming",
  unpausing: "Resuming",
  unshelving: "Resuming",
  rebooting: "Rebooting",
  reboot_pending: "Rebooting",
  reboot_started: "Rebooting",
  rebooting_hard: "Rebooting",
  reboot_pending_hard: "Rebooting",
  reboot_started_hard: "Rebooting",
};

/** The portable status of a server: its task state first, then its status; unknown ones are Failed. */
export function vmStatusOf(status: string, taskState?: string | null): VmStatus {
  const task = taskState ? vmStatusByTaskState[taskState] : undefined;
  return task ?? vmStatusByServerStatus[status.toUpperCase()] ?? "Failed";
}
