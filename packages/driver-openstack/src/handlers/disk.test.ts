import { describe, expect, it } from "vitest";
import { diskStatusOf } from "./disk.js";

describe("Cinder volume statuses", () => {
  it("maps the reference's statuses, and one the driver does not know to Unknown", () => {
    expect(diskStatusOf("extending")).toBe("Available");
    expect(diskStatusOf("in-use")).toBe("Attached");
    expect(diskStatusOf("error_extending")).toBe("Error");
    expect(diskStatusOf("some-vendor-state")).toBe("Unknown");
  });
});
