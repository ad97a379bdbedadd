import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { quickStart } from "../src/quick-start.js";

describe("the README quick start", () => {
  it("runs: a VM comes up Running, its calls are in history, and the clean-up leaves nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-quick-start-"));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const { vm, summary, report } = await quickStart(join(dir, "quick.db"));
      expect(vm.status).toBe("Running");
      expect(vm.iid.nameId).toBe("web-1");
      expect(summary["RunInstances"]?.count).toBe(1);
      expect(report.allDestroyed).toBe(true);
      expect(report.byType.find((t) => t.resourceType === "vm")?.deleted).toEqual(["web-1"]);
      expect(log).toHaveBeenCalledWith("Running", vm.publicIp, summary);
      expect(log).toHaveBeenCalledWith("all deleted");
    } finally {
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs twice in a row in one directory, as its own process with no Node flag, printing nothing on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-quick-start-twice-"));
    // Node strips the types of the sources; the hooks only map ".js" imports to ".ts" files.
    const hooks = fileURLToPath(new URL("../../scripts/ts-source-hooks.mjs", import.meta.url));
    const main = fileURLToPath(new URL("../src/quick-start.ts", import.meta.url));
    const run = () =>
      promisify(execFile)(process.execPath, ["--conditions=source", "--import", hooks, main], {
        cwd: dir,
        env: { ...process.env, NODE_OPTIONS: "" },
      });
    try {
      for (const attempt of [1, 2]) {
        const { stdout, stderr } = await run(); // rejects on a non-zero exit
        expect({ attempt, stderr }).toEqual({ attempt, stderr: "" });
        expect(stdout).toContain("all deleted");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is the code the README shows", () => {
    const source = readFileSync(new URL("../src/quick-start.ts", import.meta.url), "utf8");
    const region = /\/\/ #region quick-start\n([\s\S]*?)\n\s*\/\/ #endregion/.exec(source)?.[1] ?? "";
    const body = region.replace(/^ {2}/gm, "");
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(body.length).toBeGreaterThan(500);
    expect(readme).toContain(body);
  });
});
