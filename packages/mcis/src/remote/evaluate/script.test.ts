import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { evaluationCommand } from "./command.js";
import type { EvaluationPeer } from "./command.js";
import { parseEvaluationOutput } from "./parse.js";
import { performanceMetrics } from "../../placement/performance-score.js";

// The SDK's evaluation script run by this machine's own sh (dash on Debian), as a VM would run it.

const run = promisify(execFile);
const small = { cpuOps: 2_000, memoryMB: 32, fileMB: 2, dbTransactions: 3, pingCount: 1 };
const testdata = (name: string): string => new URL(`testdata/${name}`, import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "cb-eval-test-"));
  dirs.push(dir);
  return dir;
}

async function evaluate(peers: EvaluationPeer[], env: NodeJS.ProcessEnv = process.env, workDir = tempDir()) {
  const [cmd = "", ...args] = evaluationCommand({ ...small, workDir }, peers);
  // Spawned by path: the PATH under test may hold no sh (a VM's login shell finds its own).
  expect(cmd).toBe("sh");
  const { stdout } = await run("/bin/sh", args, { env, timeout: 60_000 });
  return {
    stdout,
    parsed: parseEvaluationOutput(
      stdout,
      peers.map((p) => p.vmId),
    ),
  };
}

/** A bin directory holding only links to the named tools of this machine (plus any fakes). */
async function binWith(tools: readonly string[]): Promise<string> {
  const bin = tempDir();
  for (const tool of tools) {
    const { stdout } = await run("sh", ["-c", `command -v ${tool}`]);
    symlinkSync(stdout.trim(), join(bin, tool));
  }
  return bin;
}

function fake(bin: string, name: string, body: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

const basics = ["date", "dd", "awk", "mktemp", "rm", "sed", "head", "getconf"];

describe("the evaluation script on this machine", () => {
  it("measures CPU, memory, file I/O and the database, each with its method, and says why anything was skipped", async () => {
    const { parsed } = await evaluate([{ vmId: "g1-2", host: "127.0.0.1" }]);
    expect(parsed.cores).toBeGreaterThanOrEqual(1);
    const measured = new Map(parsed.measurements.map((m) => [m.metric, m]));
    // Debian has GNU date and dd: these never need to be skipped.
    expect(measured.get("cpu")?.method).toMatch(/^(cpu-loop|sysbench-cpu)$/);
    expect(measured.get("memory")).toMatchObject({ unit: "MB/s", method: "dd-zero" });
    expect(measured.get("fileio-write")?.method).toMatch(/^dd-(direct|fsync)$/);
    for (const m of parsed.measurements) expect(m.value).toBeGreaterThan(0);
    // Every metric and the peer is accounted for exactly once.
    expect([...parsed.measurements.map((m) => m.metric), ...parsed.skipped.map((s) => s.what)].sort()).toEqual(
      expect.arrayContaining([...performanceMetrics].sort()),
    );
    expect(parsed.rtts.length + parsed.skipped.filter((s) => s.what === "rtt:g1-2").length).toBe(1);
  });

  it("uses sysbench and ping when they are there, reading the formats iputils and busybox print", async () => {
    const bin = await binWith(basics);
    fake(bin, "sysbench", `/bin/cat '${testdata("sysbench-cpu.txt")}'`);
    fake(
      bin,
      "ping",
      [
        "for last; do :; done",
        "case $last in",
        `  10.0.0.2) /bin/cat '${testdata("ping-iputils.txt")}' ;;`,
        `  10.0.1.7) /bin/cat '${testdata("ping-busybox.txt")}' ;;`,
        `  *) /bin/cat '${testdata("ping-lost.txt")}'; exit 1 ;;`,
        "esac",
      ].join("\n"),
    );
    const peers = [
      { vmId: "g1-2", host: "10.0.0.2" },
      { vmId: "g2-1", host: "10.0.1.7" },
      { vmId: "g3-1", host: "10.9.9.9" },
    ];
    const { parsed } = await evaluate(peers, { PATH: bin });
    expect(parsed.measurements.find((m) => m.metric === "cpu")).toEqual({
      metric: "cpu",
      value: 812.35,
      unit: "events/s",
      method: "sysbench-cpu",
    });
    expect(parsed.rtts).toEqual([
      { peer: "g1-2", ms: 0.4, method: "ping" },
      { peer: "g2-1", ms: 31.662, method: "ping" },
    ]);
    expect(parsed.skipped).toContainEqual({ what: "rtt:g3-1", reason: "no reply from 10.9.9.9" });
    // No sqlite3 in this PATH.
    expect(parsed.skipped).toContainEqual({ what: "db", reason: "sqlite3 not installed" });
  });

  it("skips what it cannot do and says why: no ping, no sqlite3, no usable work directory", async () => {
    const bin = await binWith(basics);
    const { parsed } = await evaluate([{ vmId: "g1-2", host: "10.0.0.2" }], { PATH: bin }, "/nonexistent/dir");
    expect(parsed.measurements.map((m) => m.metric)).toEqual(["cpu", "memory"]);
    expect(parsed.skipped).toEqual([
      { what: "fileio-write", reason: "cannot create a directory in /nonexistent/dir" },
      { what: "fileio-read", reason: "cannot create a directory in /nonexistent/dir" },
      { what: "db", reason: "cannot create a directory in /nonexistent/dir" },
      { what: "rtt:g1-2", reason: "ping not installed" },
    ]);
  });

  it("skips every timed measurement when date has no nanosecond clock", async () => {
    const bin = await binWith(basics.filter((t) => t !== "date"));
    fake(bin, "date", 'echo "1700000000%N"');
    const { parsed } = await evaluate([], { PATH: bin });
    expect(parsed.measurements).toEqual([]);
    expect(parsed.skipped.map((s) => s.reason)).toEqual(Array(5).fill("date has no nanosecond clock (%N)"));
  });

  it("leaves nothing behind in its work directory", async () => {
    const workDir = tempDir();
    await evaluate([], process.env, workDir);
    const { stdout } = await run("ls", ["-A", workDir]);
    expect(stdout).toBe("");
  });
});
