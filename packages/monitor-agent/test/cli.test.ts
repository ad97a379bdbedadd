import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startWriteServer, until } from "./write-server.js";
import type { WriteServer } from "./write-server.js";

// The CLI runs from its TypeScript source (Node strips the types; the workspace's hook maps the
// sources' ".js" imports to ".ts"), as a child process with its own signals.
const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const hooks = fileURLToPath(new URL("../../../scripts/ts-source-hooks.mjs", import.meta.url));

interface Run {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ["--import", hooks, cli, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => ({ stdout, stderr }), exited };
}

describe("cb-monitor-agent (the CLI as a child process)", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("pushes to the collector with the token from a file, and on SIGTERM flushes and exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cb-agent-cli-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, "token"), "cli-secret\n", { mode: 0o600 });
    const server: WriteServer = await startWriteServer();
    cleanups.push(() => server.close());
    const agent = run(["--push", server.url, "--interval", "200ms", "--token-file", join(dir, "token")], {
      CB_AGENT_VM: "vm-cli",
      CB_AGENT_NS: "ns-cli",
    });
    cleanups.push(async () => {
      if (agent.child.exitCode === null) agent.child.kill("SIGKILL");
    });
    await until(() => server.acknowledged().some((l) => l.startsWith("cpu,")), 20_000, "pushes from the CLI");
    expect(server.requests[0]?.headers.authorization).toBe("Bearer cli-secret");
    expect(server.acknowledged().every((l) => /,ns=ns-cli,.*vm=vm-cli /.test(l))).toBe(true);

    agent.child.kill("SIGTERM");
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    const events = agent
      .output()
      .stderr.split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { msg: string; buffered?: number; push?: { sent: number } });
    expect(events.map((e) => e.msg)).toEqual(["started", "stopping", "stopped"]);
    const stopped = events.at(-1);
    expect(stopped?.buffered).toBe(0);
    expect(stopped?.push?.sent).toBe(server.acknowledged().length); // everything read was delivered
    expect(agent.output().stderr).not.toContain("cli-secret");
  });

  it("refuses a token on the command line without echoing it, exit 2", async () => {
    const agent = run(["--listen", "0", "--token", "argv-secret"]);
    expect((await agent.exited).code).toBe(2);
    expect(agent.output().stderr).toContain("--token-file");
    expect(agent.output().stderr).not.toContain("argv-secret");
  });

  it("prints usage with --help", async () => {
    const agent = run(["--help"]);
    expect((await agent.exited).code).toBe(0);
    expect(agent.output().stdout).toContain("CB_AGENT_PUSH_URL");
  });
});
