import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// What npm shows and installs for each public package: the metadata is complete and the same
// everywhere (docs/support-policy.md says why the Node range is what it is).

const root = fileURLToPath(new URL("../../../", import.meta.url));

interface Manifest {
  name: string;
  private?: boolean;
  description?: string;
  keywords?: string[];
  license?: string;
  homepage?: string;
  bugs?: string;
  repository?: { type: string; url: string; directory: string };
  type?: string;
  sideEffects?: boolean | string[];
  engines?: { node?: string };
  files?: string[];
  exports?: Record<string, { types?: string; default?: string }>;
  publishConfig?: { access?: string };
}

const read = (path: string): Manifest => JSON.parse(readFileSync(join(root, path), "utf8")) as Manifest;
const rootManifest = read("package.json");
const publicPackages = readdirSync(join(root, "packages"))
  .filter((dir) => existsSync(join(root, "packages", dir, "package.json")))
  .map((dir) => ({ dir, manifest: read(`packages/${dir}/package.json`) }))
  .filter(({ manifest }) => !manifest.private);

describe("public package metadata", () => {
  it("covers every public package", () => {
    expect(publicPackages.map((p) => p.manifest.name)).toContain("@cloud-barista/core");
  });

  it.each(publicPackages)("$manifest.name is complete and consistent", ({ dir, manifest }) => {
    const repository = publicPackages[0]?.manifest.repository?.url;
    expect(manifest.name).toBe(`@cloud-barista/${dir}`);
    expect(manifest.description?.length).toBeGreaterThan(20);
    expect(manifest.keywords).toContain("cloud-barista");
    expect(manifest.license).toBe(rootManifest.license);
    expect(manifest.repository).toEqual({ type: "git", url: repository, directory: `packages/${dir}` });
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.bugs).toMatch(/^https:\/\/.*\/issues$/);
    expect(manifest.type).toBe("module");
    expect(manifest.sideEffects).toBeDefined();
    expect(manifest.engines?.node).toBe(rootManifest.engines?.node);
    expect(manifest.files).toEqual(expect.arrayContaining(["dist/src", "!**/*.test.*"]));
    expect(manifest.publishConfig?.access).toBe("public");
    for (const target of Object.values(manifest.exports ?? {})) {
      expect(target.types).toMatch(/^\.\/dist\/src\/.*\.d\.ts$/);
      expect(target.default).toMatch(/^\.\/dist\/src\/.*\.js$/);
    }
  });
});
