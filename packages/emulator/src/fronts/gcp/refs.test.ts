import { describe, expect, it } from "vitest";
import { parseRef } from "./refs.js";

describe("resource references", () => {
  it("reads full URLs, project-relative and scope-relative names", () => {
    const full = "https://www.googleapis.com/compute/v1/projects/p1/regions/us-east1/subnetworks/s1";
    expect(parseRef(full, "subnetworks", "f")).toEqual({
      project: "p1",
      path: "regions/us-east1/subnetworks/s1",
      collection: "subnetworks",
      name: "s1",
      scope: "us-east1",
    });
    expect(parseRef("projects/p1/global/networks/n", "networks", "f")).toMatchObject({ project: "p1", name: "n" });
    expect(parseRef("global/networks/n", "networks", "f")).toMatchObject({ project: undefined, name: "n" });
    expect(parseRef("http://127.0.0.1:9/compute/v1/projects/p/zones/z/disks/d", "disks", "f")).toMatchObject({
      scope: "z",
    });
  });

  it("refuses a reference to another collection or a bare name", () => {
    expect(() => parseRef("global/firewalls/n", "networks", "resource.network")).toThrow(/resource.network/);
    expect(() => parseRef("n", "networks", "resource.network")).toThrow(/malformed/);
  });
});
