import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cbHome, waitForOutput } from "./cb-process.js";

// The README's `cb` section, run line by line as written (through npm run, scripts/run and the
// build), in a private home: the emulator line in the background until it is ready, `export`
// lines into the environment, every other line to its end with exit code 0.

const root = resolve(import.meta.dirname, "../../..");

/** The shell lines of the first sh block after the "## The `cb` command" heading. */
function readmeLines(): string[] {
  const readme = readFileSync(resolve(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The `cb` command"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "");
}

describe("the README's cb quick start", () => {
  it("runs as written against the emulator it starts", { timeout: 300_000 }, async () => {
    const lines = readmeLines();
    expect(lines[0]).toMatch(/^npm run cb -- emulator /);
    expect(lines).toContain("npm run -s cb -- mcis status fleet");
    const env = cbHome();
    const emulator = spawn("sh", ["-c", lines[0]!], {
      cwd: root,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      await waitForOutput(emulator, "emulator ready", 240_000);
      for (const line of lines.slice(1)) {
        const exported = /^export (\w+)=(\S+)$/.exec(line);
        if (exported) {
          env[exported[1]!] = exported[2]!;
          continue;
        }
        const run = spawnSync("sh", ["-c", line], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
        expect(run.status, `${line}\n${run.stderr}`).toBe(0);
        if (line.includes("mcis status")) {
          expect(run.stdout).toMatch(/MCIS default\/fleet: Running/);
          expect(run.stdout.match(/g1-\d/g)).toEqual(["g1-1", "g1-2"]);
        }
      }
    } finally {
      // The whole group: npm, scripts/run, pnpm and cb (cb stops the emulator on SIGINT).
      if (emulator.pid !== undefined) process.kill(-emulator.pid, "SIGINT");
    }
    await new Promise((done) => emulator.once("close", done));
  });
});
