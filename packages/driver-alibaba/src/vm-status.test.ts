import { describe, expect, it } from "vitest";
import { vmStatusOf } from "./vm-status.js";

describe("vmStatusOf", () => {
  it("maps every ECS instance state", () => {
    expect(["Pending", "Starting", "Running", "Stopping", "Stopped"].map((s) => vmStatusOf(s))).toEqual([
      "Creating",
      "Resuming",
      "Running",
      "Suspending",
      "Suspended",
    ]);
  });

  it("reports a state it does not know as Unknown, never a failure", () => {
    expect(vmStatusOf("Hibernating")).toBe("Unknown");
    expect(vmStatusOf(undefined)).toBe("Unknown");
  });
});
