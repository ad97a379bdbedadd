import type { VmStatus } from "@cloud-barista/core/driver";

// CVM instance states (DescribeInstances' InstanceState). LAUNCH_FAILED is terminal: the instance
// never ran and never will; SHUTDOWN is a pay-as-you-go instance terminated into the recycle bin.
const table: Readonly<Record<string, VmStatus>> = {
  PENDING: "Creating",
  LAUNCH_FAILED: "Failed",
  RUNNING: "Running",
  STOPPED: "Suspended",
  STARTING: "Resuming",
  STOPPING: "Suspending",
  REBOOTING: "Rebooting",
  SHUTDOWN: "Terminated",
  TERMINATING: "Terminating",
};

// What an operation still OPERATING turns an instance into, whatever its state says yet (an
// instance just asked to stop may still read RUNNING).
const operating: Readonly<Record<string, VmStatus>> = {
  RunInstances: "Creating",
  StartInstances: "Resuming",
  StopInstances: "Suspending",
  RebootInstances: "Rebooting",
  TerminateInstances: "Terminating",
};

/** An instance as its status needs it. */
export interface InstanceState {
  InstanceState?: string | null;
  LatestOperation?: string | null;
  LatestOperationState?: string | null;
}

/**
 * The one table from a CVM instance to the portable status: its InstanceState, unless its latest
 * operation is still OPERATING (then what that operation is doing). A RunInstances that FAILED
 * is Failed whatever the state reads. A state the table does not know is Unknown, never a failure.
 */
export function vmStatusOf(instance: InstanceState | undefined): VmStatus {
  const state = instance?.InstanceState ?? undefined;
  const operation = instance?.LatestOperation ?? undefined;
  const progress = instance?.LatestOperationState ?? undefined;
  if (state === "LAUNCH_FAILED") return "Failed";
  if (operation === "RunInstances" && progress === "FAILED") return "Failed";
  if (progress === "OPERATING" && operation !== undefined && Object.hasOwn(operating, operation)) {
    // A terminated instance stays terminated, whatever the operation says.
    if (state !== "SHUTDOWN") return operating[operation] ?? "Unknown";
  }
  return (state !== undefined && Object.hasOwn(table, state) ? table[state] : undefined) ?? "Unknown";
}
