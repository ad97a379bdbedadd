import { isBaristaError } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { mcisVmStatuses } from "./status.js";
import { planAction, vmVerdict } from "./transitions.js";
import type { ControlAction, McisVmStatus, TargetAction } from "./status.js";

const actions: ControlAction[] = ["Suspend", "Resume", "Reboot", "Terminate"];
const idle: TargetAction = "None";

// Tumblebug HEAD's rules, one row per VM status: the verdict for Suspend, Resume, Reboot, Terminate
// when the VM is idle (targetAction None).
const table: Record<McisVmStatus, [string, string, string, string]> = {
  Running: ["apply", "skip", "apply", "apply"],
  Suspended: ["skip", "apply", "reject", "apply"],
  Creating: ["reject", "reject", "reject", "reject"],
  Suspending: ["reject", "reject", "reject", "reject"],
  Resuming: ["reject", "reject", "reject", "reject"],
  Rebooting: ["reject", "reject", "reject", "reject"],
  Terminating: ["reject", "reject", "reject", "reject"],
  Terminated: ["skip", "skip", "skip", "noop"],
  Failed: ["skip", "skip", "skip", "apply"],
  Undefined: ["skip", "skip", "skip", "apply"],
};

describe("transitions", () => {
  for (const status of mcisVmStatuses) {
    it(`${status}: ${table[status].join(", ")}`, () => {
      expect(actions.map((a) => vmVerdict(status, idle, a).kind)).toEqual(table[status]);
    });
  }

  it("accepts only a retry of the same action in a transitional status", () => {
    expect(vmVerdict("Suspending", "Suspend", "Suspend").kind).toBe("retry");
    expect(vmVerdict("Resuming", "Resume", "Resume").kind).toBe("retry");
    expect(vmVerdict("Rebooting", "Reboot", "Reboot").kind).toBe("retry");
    expect(vmVerdict("Terminating", "Terminate", "Terminate").kind).toBe("retry");
    expect(vmVerdict("Suspending", "Suspend", "Terminate").kind).toBe("reject");
    expect(vmVerdict("Suspending", "Suspend", "Resume").kind).toBe("reject");
    // Creating is refused even when asked again.
    expect(vmVerdict("Creating", "Create", "Terminate").kind).toBe("reject");
  });

  const vm = (id: string, status: McisVmStatus, targetAction: TargetAction = "None") => ({ id, status, targetAction });
  const conflictOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      if (isBaristaError(error, "Conflict")) return error.message;
      throw error;
    }
    throw new Error("expected a Conflict");
  };

  it("passes over VMs a group action does not concern, and refuses when nothing is left", () => {
    expect(
      planAction(
        "MCIS x",
        [vm("a-1", "Running"), vm("a-2", "Terminated"), vm("a-3", "Failed"), vm("a-4", "Suspended")],
        "Suspend",
        false,
      ),
    ).toEqual({
      apply: ["a-1"],
      retry: [],
    });
    expect(
      conflictOf(() => planAction("MCIS x", [vm("a-1", "Suspended"), vm("a-2", "Terminated")], "Suspend", false)),
    ).toMatch(/nothing to suspend in MCIS x: VM a-1 is already Suspended; VM a-2 is Terminated/);
  });

  it("refuses a group action while a VM is being created or busy with another action", () => {
    expect(
      conflictOf(() => planAction("MCIS x", [vm("a-1", "Running"), vm("a-2", "Creating", "Create")], "Reboot", false)),
    ).toMatch(/cannot reboot MCIS x: VM a-2 is still being created/);
    expect(
      conflictOf(() =>
        planAction("MCIS x", [vm("a-1", "Running"), vm("a-2", "Suspending", "Suspend")], "Reboot", false),
      ),
    ).toMatch(/VM a-2 is Suspending \(Suspend in progress\)/);
    expect(
      conflictOf(() => planAction("MCIS x", [vm("a-1", "Suspended"), vm("a-2", "Running")], "Reboot", false)),
    ).toMatch(/VM a-1 is Suspended: resume or terminate it/);
  });

  it("refuses, for one VM, what a group action would pass over", () => {
    expect(conflictOf(() => planAction("VM a-1", [vm("a-1", "Running")], "Resume", true))).toMatch(
      /cannot resume VM a-1: VM a-1 is already Running/,
    );
    expect(conflictOf(() => planAction("VM a-1", [vm("a-1", "Terminated")], "Reboot", true))).toMatch(
      /Terminated, which is final/,
    );
    expect(planAction("VM a-1", [vm("a-1", "Terminated")], "Terminate", true)).toEqual({ apply: [], retry: [] });
    expect(planAction("MCIS x", [vm("a-1", "Suspending", "Suspend"), vm("a-2", "Running")], "Suspend", false)).toEqual({
      apply: ["a-2"],
      retry: ["a-1"],
    });
  });
});
