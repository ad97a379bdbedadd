import type { VmStatus } from "@cloud-barista/core/driver";

// Instance `status` values of the VPC API (an instance goes pending, starting, running; stopping,
// stopped; restarting; deleting until it is gone).
const table: Readonly<Record<string, VmStatus>> = {
  pending: "Creating",
  starting: "Resuming",
  running: "Running",
  stopping: "Suspending",
  stopped: "Suspended",
  restarting: "Rebooting",
  resuming: "Resuming",
  pausing: "Suspending",
  paused: "Suspended",
  suspended: "Suspended",
  deleting: "Terminating",
  failed: "Failed",
};

/**
 * The one table from an instance's status to the portable status. A state the table does not
 * know is Unknown, never a failure.
 */
export function vmStatusOf(status: string | undefined): VmStatus {
  return (status === undefined || !Object.hasOwn(table, status) ? undefined : table[status]) ?? "Unknown";
}
