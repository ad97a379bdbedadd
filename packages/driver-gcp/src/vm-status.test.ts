import { describe, expect, it } from "vitest";
import { vmStatusOf } from "./vm-status.js";

describe("vmStatusOf", () => {
  it("maps Compute Engine's instance statuses, a stopped (TERMINATED) instance being Suspended", () => {
    expect(
      ["PROVISIONING", "STAGING", "RUNNING", "STOPPING", "TERMINATED", "SUSPENDING", "SUSPENDED"].map(vmStatusOf),
    ).toEqual(["Creating", "Creating", "Running", "Suspending", "Suspended", "Suspending", "Suspended"]);
  });

  it("reports what it does not know as Unknown, never as a failure", () => {
    expect(vmStatusOf("REPAIRING")).toBe("Unknown");
    expect(vmStatusOf("SOMETHING_NEW")).toBe("Unknown");
    expect(vmStatusOf(undefined)).toBe("Unknown");
  });
});
