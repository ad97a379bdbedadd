import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { capabilityMatrixDocument } from "../src/capability-matrix.js";

describe("docs/capability-matrix.md", () => {
  it("matches the drivers' declared capabilities (run `scripts/run capability-matrix` to regenerate)", () => {
    const doc = readFileSync(new URL("../../../docs/capability-matrix.md", import.meta.url), "utf8");
    expect(doc).toBe(capabilityMatrixDocument());
  });
});
