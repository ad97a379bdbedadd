import type { VmStatus } from "@cloud-barista/core/driver";
import type { VmState } from "@cloud-barista/emulator";

/** Native VM states of the mock cloud and the portable status each one means. */
export const vmStatusByState: Readonly<Record<VmState, VmStatus>> = {
  pending: "Creating",
  running: "Running",
  stopping: "Suspending",
  stopped: "Suspended",
  starting: "Resuming",
  rebooting: "Rebooting",
  "shutting-down": "Terminating",
  terminated: "Terminated",
  error: "Failed",
};

export function vmStatusOf(state: VmState): VmStatus {
  return vmStatusByState[state];
}
