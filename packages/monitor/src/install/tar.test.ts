import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tarArchive } from "./tar.js";

describe("tarArchive", () => {
  it("writes an archive the system's tar extracts byte for byte, with modes and directories", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-tar-"));
    try {
      const big = Buffer.alloc(70_000, 7);
      const archive = tarArchive([
        { path: "package.json", data: Buffer.from('{"type":"module"}\n') },
        { path: "dist/src/proc/cpu.js", data: big },
        { path: "start.sh", data: Buffer.from("#!/bin/sh\necho hi\n"), mode: 0o755 },
        { path: "empty", data: Buffer.alloc(0) },
      ]);
      expect(archive.length % 512).toBe(0);
      writeFileSync(join(dir, "a.tar"), archive);
      expect(execFileSync("tar", ["-tf", "a.tar"], { cwd: dir, encoding: "utf8" }).trim().split("\n")).toEqual([
        "package.json",
        "dist/src/proc/cpu.js",
        "start.sh",
        "empty",
      ]);
      execFileSync("tar", ["-xf", "a.tar"], { cwd: dir });
      expect(readFileSync(join(dir, "package.json"), "utf8")).toBe('{"type":"module"}\n');
      expect(readFileSync(join(dir, "dist/src/proc/cpu.js")).equals(big)).toBe(true);
      expect(statSync(join(dir, "start.sh")).mode & 0o777).toBe(0o755);
      expect(statSync(join(dir, "empty")).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a path ustar cannot hold", () => {
    expect(() => tarArchive([{ path: "x".repeat(101), data: Buffer.alloc(1) }])).toThrow(/over 100 bytes/);
  });
});
