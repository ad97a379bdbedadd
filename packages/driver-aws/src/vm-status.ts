import type { VmStatus } from "@cloud-barista/core/driver";

/** EC2 instance states and the portable status each one means. */
export const vmStatusByState: Readonly<Record<string, VmStatus>> = {
  pending: "Creating",
  running: "Running",
  stopping: "Suspending",
  stopped: "Suspended",
  "shutting-down": "Terminating",
  terminated: "Terminated",
};

/**
 * The portable status of an EC2 state name. A state this table does not know, or none at all (an
 * answer without a current state), is Unknown: nothing says the VM failed.
 */
export function vmStatusOf(state: string | undefined): VmStatus {
  return (state === undefined ? undefined : vmStatusByState[state]) ?? "Unknown";
}
