import { describe, expect, it } from "vitest";
import { vmStatusOf } from "./vm-status.js";

const view = (...codes: string[]) => ({ statuses: codes.map((code) => ({ code })) });

describe("vmStatusOf", () => {
  it.each([
    [["ProvisioningState/creating", "PowerState/starting"], "Creating"],
    [["ProvisioningState/succeeded", "PowerState/running"], "Running"],
    [["ProvisioningState/updating", "PowerState/deallocating"], "Suspending"],
    [["ProvisioningState/succeeded", "PowerState/deallocated"], "Suspended"],
    [["ProvisioningState/succeeded", "PowerState/stopped"], "Suspended"],
    [["ProvisioningState/updating", "PowerState/starting"], "Resuming"],
    [["ProvisioningState/deleting", "PowerState/deallocating"], "Terminating"],
    [["ProvisioningState/failed/AllocationFailed"], "Failed"],
    [["ProvisioningState/succeeded", "PowerState/hibernated"], "Unknown"],
  ])("%j is %s", (codes, status) => {
    expect(vmStatusOf(view(...codes))).toBe(status);
  });
});
