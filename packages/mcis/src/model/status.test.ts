import { describe, expect, it } from "vitest";
import { deriveVmStatus, settleTarget } from "./status.js";

describe("VM status derivation", () => {
  it("maps the cloud's status, and keeps the stored one when the cloud was not read", () => {
    expect(deriveVmStatus({ stored: "Creating", targetAction: "None", cloud: "Running" })).toBe("Running");
    expect(deriveVmStatus({ stored: "Running", targetAction: "None", cloud: "NotExist" })).toBe("Undefined");
    expect(deriveVmStatus({ stored: "Suspended", targetAction: "None", cloud: undefined })).toBe("Suspended");
  });

  it("corrects by the action in progress, as Tumblebug does", () => {
    expect(deriveVmStatus({ stored: "Creating", targetAction: "Create", cloud: "NotExist" })).toBe("Creating");
    expect(deriveVmStatus({ stored: "Terminating", targetAction: "Terminate", cloud: "NotExist" })).toBe("Terminated");
    expect(deriveVmStatus({ stored: "Terminating", targetAction: "Terminate", cloud: "Suspending" })).toBe(
      "Terminating",
    );
    expect(deriveVmStatus({ stored: "Resuming", targetAction: "Resume", cloud: "Creating" })).toBe("Resuming");
    expect(deriveVmStatus({ stored: "Rebooting", targetAction: "Reboot", cloud: "Suspended" })).toBe("Rebooting");
  });

  it("keeps Failed and Terminated whatever the cloud says", () => {
    expect(deriveVmStatus({ stored: "Failed", targetAction: "None", cloud: "Running" })).toBe("Failed");
    expect(deriveVmStatus({ stored: "Terminated", targetAction: "Terminate", cloud: "Running" })).toBe("Terminated");
  });

  it("clears the target once reached, and pins a terminated VM's", () => {
    expect(settleTarget("Suspended", { targetAction: "Suspend", targetStatus: "Suspended" })).toEqual({
      targetAction: "None",
      targetStatus: "None",
    });
    expect(settleTarget("Suspending", { targetAction: "Suspend", targetStatus: "Suspended" })).toEqual({
      targetAction: "Suspend",
      targetStatus: "Suspended",
    });
    expect(settleTarget("Terminated", { targetAction: "None", targetStatus: "None" })).toEqual({
      targetAction: "Terminate",
      targetStatus: "Terminated",
    });
  });
});
