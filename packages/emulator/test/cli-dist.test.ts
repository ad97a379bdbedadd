import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// Front discovery reads the directory its module sits in, so it must work on the built JavaScript
// as well as on the sources Vitest runs: build the package (incremental, quick when up to date) and
// run the command as a user does.

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

describe("the cloud-barista-emulator command, built", () => {
  it("discovers and serves every front from dist/", { timeout: 180_000 }, async () => {
    await promisify(execFile)(process.execPath, [tsc, "-b", packageDir]);
    const child = spawn(process.execPath, ["dist/src/cli.js", "--seed", "3"], { cwd: packageDir });
    const exited = once(child, "exit") as Promise<[number | null]>;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      let stdout = "";
      child.stdout.setEncoding("utf8");
      for await (const chunk of child.stdout) {
        stdout += String(chunk);
        if (stdout.includes("Press Ctrl-C")) break;
      }
      for (const front of ["AWS (aws)", "MOCK (mock)", "OPENSTACK (openstack)"])
        expect(stdout, stderr).toContain(front);
      const aws = /AWS \(aws\) {2}(\S+)/.exec(stdout)?.[1] ?? "";
      const unsigned = await fetch(aws, { method: "POST", body: "Action=DescribeRegions&Version=2016-11-15" });
      expect(await unsigned.text()).toMatch(/<Code>/);
    } finally {
      child.kill("SIGTERM");
    }
    const [code] = await exited;
    expect(code, stderr).toBe(0);
  });
});
