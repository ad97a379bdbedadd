import type { VmStatus } from "@cloud-barista/core/driver";

/**
 * The one table from an instance's status to the portable one. Compute Engine calls a stopped
 * instance TERMINATED (its disks kept, no compute billed): that is Suspended, not Terminated; a
 * deleted instance is gone (404). A status the table does not know is Unknown, never a failure.
 */
const table: Readonly<Record<string, VmStatus>> = {
  PROVISIONING: "Creating",
  STAGING: "Creating",
  RUNNING: "Running",
  STOPPING: "Suspending",
  SUSPENDING: "Suspending",
  STOPPED: "Suspended",
  SUSPENDED: "Suspended",
  TERMINATED: "Suspended",
  REPAIRING: "Unknown",
};

export function vmStatusOf(status: string | null | undefined): VmStatus {
  return table[status ?? ""] ?? "Unknown";
}
