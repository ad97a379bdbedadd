import { describe, expect, it } from "vitest";
import { vmStatusOf } from "./vm-status.js";

describe("vmStatusOf", () => {
  it.each([
    ["pending", "Creating"],
    ["starting", "Resuming"],
    ["running", "Running"],
    ["stopping", "Suspending"],
    ["stopped", "Suspended"],
    ["restarting", "Rebooting"],
    ["deleting", "Terminating"],
    ["failed", "Failed"],
  ] as const)("%s is %s", (state, status) => expect(vmStatusOf(state)).toBe(status));

  it("reports a state it does not know as Unknown, never a failure", () => {
    expect(vmStatusOf("migrating")).toBe("Unknown");
    expect(vmStatusOf("toString")).toBe("Unknown");
    expect(vmStatusOf(undefined)).toBe("Unknown");
  });
});
