import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The built `cb` binary: the tests run it as users do, in a process of its own. */
export const cbBin = resolve(import.meta.dirname, "../dist/src/main.js");

export interface CbResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A private home for one test: its own XDG directories, so profiles and stores never mix. */
export function cbHome(): NodeJS.ProcessEnv {
  if (!existsSync(cbBin)) throw new Error(`${cbBin} is missing: build first (npx tsc -b)`);
  const home = mkdtempSync(join(tmpdir(), "cb-test-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, "config"),
    XDG_DATA_HOME: join(home, "data"),
  };
  return env;
}

/** Starts `cb args` (not waiting for it). */
export function startCb(args: readonly string[], env: NodeJS.ProcessEnv): ChildProcess & { output: Promise<CbResult> } {
  const child = spawn(process.execPath, [cbBin, ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const output = new Promise<CbResult>((done, fail) => {
    child.on("error", fail);
    child.on("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { output });
}

/** Runs `cb args` to its end. */
export async function cb(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CbResult> {
  return startCb(args, env).output;
}

/** Runs `cb args -o json`, expecting success, and parses what it printed. */
export async function cbJson<T>(args: readonly string[], env: NodeJS.ProcessEnv): Promise<T> {
  const result = await cb([...args, "-o", "json"], env);
  if (result.code !== 0) throw new Error(`cb ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Waits until a running cb has printed `text` on stdout or stderr; returns what it printed so far. */
export async function waitForOutput(child: ChildProcess, text: string, timeoutMs = 60_000): Promise<string> {
  let seen = "";
  return new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "${text}" within ${timeoutMs} ms; got: ${seen}`)), timeoutMs);
    const check = (data: Buffer | string): void => {
      seen += data.toString();
      if (seen.includes(text)) {
        clearTimeout(timer);
        done(seen);
      }
    };
    child.stdout?.on("data", check);
    child.stderr?.on("data", check);
    child.on("close", () => fail(new Error(`cb ended before printing "${text}": ${seen}`)));
  });
}
