import { describe, expect, it } from "vitest";
import { vmStatusOf } from "./vm-status.js";

const state = (InstanceState: string, LatestOperation?: string, LatestOperationState?: string) =>
  vmStatusOf({ InstanceState, LatestOperation, LatestOperationState });

describe("vmStatusOf", () => {
  it("maps every CVM instance state", () => {
    const states = ["PENDING", "RUNNING", "STOPPING", "STOPPED", "STARTING", "REBOOTING", "TERMINATING", "SHUTDOWN"];
    expect(states.map((s) => state(s))).toEqual([
      "Creating",
      "Running",
      "Suspending",
      "Suspended",
      "Resuming",
      "Rebooting",
      "Terminating",
      "Terminated",
    ]);
  });

  it("reports LAUNCH_FAILED as Failed, terminal, never as pending", () => {
    expect(state("LAUNCH_FAILED")).toBe("Failed");
    expect(state("LAUNCH_FAILED", "RunInstances", "FAILED")).toBe("Failed");
    expect(state("PENDING", "RunInstances", "FAILED")).toBe("Failed");
  });

  it("follows an operation still OPERATING over the state it has not left yet", () => {
    expect(state("RUNNING", "StopInstances", "OPERATING")).toBe("Suspending");
    expect(state("STOPPED", "StartInstances", "OPERATING")).toBe("Resuming");
    expect(state("RUNNING", "RebootInstances", "OPERATING")).toBe("Rebooting");
    expect(state("RUNNING", "TerminateInstances", "OPERATING")).toBe("Terminating");
    // Once the operation is SUCCESS (or FAILED), the state says where the instance is.
    expect(state("RUNNING", "StopInstances", "FAILED")).toBe("Running");
    expect(state("STOPPED", "StopInstances", "SUCCESS")).toBe("Suspended");
    expect(state("RUNNING", "ResetInstance", "OPERATING")).toBe("Running");
    expect(state("SHUTDOWN", "TerminateInstances", "OPERATING")).toBe("Terminated");
  });

  it("reports a state it does not know as Unknown, never a failure", () => {
    expect(state("ENTER_RESCUE_MODE")).toBe("Unknown");
    expect(vmStatusOf(undefined)).toBe("Unknown");
  });
});
