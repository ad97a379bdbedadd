import { describe, expect, it } from "vitest";
import { computeVersionUrl, versioned } from "./catalog.js";

const project = "3f0e9c";

describe("versioned service roots from catalog URLs", () => {
  it.each([
    ["https://cloud.example/volume/v3/3f0e9c", "current volumev3 / block-storage"],
    ["https://cloud.example/volume/v3", "a project-less v3 URL"],
    ["https://cloud.example/volume/v3/%(project_id)s", "an unsubstituted %(project_id)s template"],
    ["https://cloud.example/volume/v3/$(tenant_id)s", "a $(tenant_id)s template"],
    ["https://cloud.example/volume/v2/3f0e9c", "volumev2"],
    ["https://cloud.example/volume/v1/3f0e9c", "the legacy volume type"],
    ["https://cloud.example/volume/", "an unversioned root"],
  ])("Block Storage from %s (%s) is <root>/v3/<project>", (url) => {
    expect(versioned("volumev3", url, project)).toBe(`https://cloud.example/volume/v3/${project}`);
  });

  it("keeps a port-rooted Cinder and drops its listed project for the token's", () => {
    expect(versioned("volumev3", "http://10.0.0.5:8776/v2/other", project)).toBe(`http://10.0.0.5:8776/v3/${project}`);
  });

  it.each([
    ["https://cloud.example/compute/v2.1", "https://cloud.example/compute/v2.1"],
    ["https://cloud.example/compute/v2.1/%(tenant_id)s", `https://cloud.example/compute/v2.1/${project}`],
    ["https://cloud.example/compute/v2/{project_id}", `https://cloud.example/compute/v2/${project}`],
    ["https://cloud.example/compute/", "https://cloud.example/compute/v2.1"],
  ])("Nova from %s is %s", (url, root) => {
    expect(versioned("compute", url, project)).toBe(root);
  });

  it("adds the version the unversioned services lack, once", () => {
    expect(versioned("network", "https://cloud.example:9696/", project)).toBe("https://cloud.example:9696/v2.0");
    expect(versioned("network", "https://cloud.example:9696/v2.0", project)).toBe("https://cloud.example:9696/v2.0");
    expect(versioned("image", "https://cloud.example/image", project)).toBe("https://cloud.example/image/v2");
    expect(versioned("load-balancer", "https://lb.example", project)).toBe("https://lb.example/v2");
    expect(versioned("identity", "https://id.example/identity/v3/", project)).toBe("https://id.example/identity/v3");
  });

  it("finds Nova's version document without the project", () => {
    expect(computeVersionUrl(`https://c.example/compute/v2.1/${project}`)).toBe("https://c.example/compute/v2.1/");
    expect(computeVersionUrl("https://c.example/compute/v2.1")).toBe("https://c.example/compute/v2.1/");
    expect(computeVersionUrl(`https://c.example/v2/${project}`)).toBe("https://c.example/v2/");
  });
});
