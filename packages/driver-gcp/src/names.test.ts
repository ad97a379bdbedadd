import { describe, expect, it } from "vitest";
import { checkLabels } from "./labels.js";
import { checkName } from "./names.js";
import { requestIdOf } from "./handlers/vm.js";
import { parseImageId } from "./handlers/image.js";

describe("checkName", () => {
  it("takes RFC 1035 lower-case names of at most 63 characters", () => {
    expect(checkName("a")).toBe("a");
    expect(checkName(`a${"b".repeat(61)}c`)).toHaveLength(63);
    for (const bad of ["", "9a", "A", "a_b", "a-", `a${"b".repeat(63)}`]) {
      expect(() => checkName(bad)).toThrow(expect.objectContaining({ code: "InvalidArgument", rule: "gcp-name" }));
    }
  });
});

describe("checkLabels", () => {
  it("keeps lower-case labels, keys like toString included as own keys", () => {
    expect(checkLabels({ team: "web", env_1: "" })).toEqual({ team: "web", env_1: "" });
  });

  it("refuses upper case and other characters rather than folding them", () => {
    expect(() => checkLabels({ Team: "web" })).toThrow(expect.objectContaining({ rule: "gcp-label-key" }));
    expect(() => checkLabels({ team: "Web" })).toThrow(expect.objectContaining({ rule: "gcp-label-value" }));
    expect(() => checkLabels(Object.fromEntries([["__proto__", "x"]]))).toThrow(
      expect.objectContaining({ rule: "gcp-label-key" }),
    );
  });
});

describe("requestIdOf", () => {
  it("makes one UUID per token, the same every time", () => {
    const id = requestIdOf("cf-vm");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestIdOf("cf-vm")).toBe(id);
    expect(requestIdOf("cf-vm-2")).not.toBe(id);
  });
});

describe("parseImageId", () => {
  it("takes an image or a family of a project, as a path or a URL", () => {
    expect(parseImageId("projects/debian-cloud/global/images/debian-12-bookworm-v20240110")).toEqual({
      project: "debian-cloud",
      name: "debian-12-bookworm-v20240110",
    });
    expect(
      parseImageId("https://compute.googleapis.com/compute/v1/projects/debian-cloud/global/images/family/debian-12"),
    ).toEqual({
      project: "debian-cloud",
      family: "debian-12",
    });
    expect(() => parseImageId("debian-12")).toThrow(expect.objectContaining({ rule: "gcp-image-id" }));
  });
});
