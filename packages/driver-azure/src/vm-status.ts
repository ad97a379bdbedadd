import type { VmStatus } from "@cloud-barista/core/driver";

/** A VM's statuses as instanceView reports them: `ProvisioningState/...` and `PowerState/...`. */
export interface InstanceStatuses {
  statuses?: { code?: string }[];
}

/**
 * The one table from a VM's instanceView to the portable status: the provisioning state says
 * whether it is being made, changed, deleted or failed, the power state where it is.
 * A failed provisioning is Failed whatever the power state; a power state the table does not know
 * is Unknown, never a failure.
 */
export function vmStatusOf(view: InstanceStatuses | undefined): VmStatus {
  const codes = (view?.statuses ?? []).map((s) => (s.code ?? "").toLowerCase());
  const provisioning = codes.find((c) => c.startsWith("provisioningstate/"))?.split("/")[1];
  const power = codes.find((c) => c.startsWith("powerstate/"))?.split("/")[1];
  if (provisioning === "failed") return "Failed";
  if (provisioning === "deleting") return "Terminating";
  if (provisioning === "creating") return "Creating";
  switch (power) {
    case "starting":
      return "Resuming";
    case "running":
      return "Running";
    case "stopping":
    case "deallocating":
      return "Suspending";
    case "stopped":
    case "deallocated":
      return "Suspended";
    case undefined:
      return provisioning === "succeeded" ? "Running" : "Unknown";
    default:
      return "Unknown";
  }
}

/** The raw states, for `extra.nativeState`. */
export function nativeStateOf(view: InstanceStatuses | undefined): string {
  return (view?.statuses ?? []).map((s) => s.code ?? "").join(",");
}
