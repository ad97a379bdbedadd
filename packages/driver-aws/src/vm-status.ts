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

/** The portable status of an EC2 state name; a state this table does not know is Failed. */
export function vmStatusOf(state: string | undefined): VmStatus {
  return (state === undefined ? undefined : vmStatusByState[state]) ?? "Failed";
}
