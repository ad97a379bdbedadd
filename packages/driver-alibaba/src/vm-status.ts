import type { VmStatus } from "@cloud-barista/core/driver";

// ECS instance states (DescribeInstances' Status); Deleted instances are gone from the answer.
const table: Readonly<Record<string, VmStatus>> = {
  Pending: "Creating",
  Starting: "Resuming",
  Running: "Running",
  Stopping: "Suspending",
  Stopped: "Suspended",
  Deleted: "Terminated",
};

/**
 * The one table from an ECS instance state to the portable status (a fresh instance goes Pending,
 * Starting, Running). A state the table does not know is Unknown, never a failure.
 */
export function vmStatusOf(state: string | undefined): VmStatus {
  return (state === undefined ? undefined : table[state]) ?? "Unknown";
}
