import type { Vm } from "../../world/types.js";
import type { WorldTiming } from "../../world/timing.js";
import type { InstanceEntry } from "./instance-book.js";

/** Compute Engine's instance statuses this front shows. */
export type InstanceStatus =
  "PROVISIONING" | "STAGING" | "RUNNING" | "STOPPING" | "TERMINATED" | "SUSPENDING" | "SUSPENDED";

/**
 * The status of a world VM as Compute Engine reports it, or undefined when the instance is gone (a
 * deleted VM, a build that failed). A launch is PROVISIONING for the first half of its boot time and
 * STAGING for the rest; a stopped VM is TERMINATED, or SUSPENDED when it was suspended; a reset keeps
 * the instance RUNNING; a deleting one is STOPPING until it vanishes.
 */
export function instanceStatusOf(
  vm: Vm,
  entry: InstanceEntry | undefined,
  timing: WorldTiming,
  now: number,
): InstanceStatus | undefined {
  switch (vm.state) {
    case "pending":
      return now - vm.stateSince < timing.vmBootMs / 2 ? "PROVISIONING" : "STAGING";
    case "starting":
      return now - vm.stateSince < timing.vmStartMs / 2 ? "PROVISIONING" : "STAGING";
    case "running":
    case "rebooting":
      return "RUNNING";
    case "stopping":
      return entry?.suspended ? "SUSPENDING" : "STOPPING";
    case "stopped":
      return entry?.suspended ? "SUSPENDED" : "TERMINATED";
    case "shutting-down":
      return "STOPPING";
    case "terminated":
    case "error":
      return undefined;
  }
}
