import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const hooks = fileURLToPath(new URL("../../../../scripts/ts-source-hooks.mjs", import.meta.url));

/** Runs a TypeScript child from the workspace's sources and resolves with its first JSON line. */
export async function startChild<T>(module: string, args: unknown): Promise<{ child: ChildProcess; first: T }> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", hooks, module, JSON.stringify(args)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<T>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as T);
    });
    child.once("exit", (code) => reject(new Error(`child exited (${code}) before reporting: ${stderr}`)));
  });
  return { child, first };
}

/** SIGKILL: no flush, no clean-up. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}
