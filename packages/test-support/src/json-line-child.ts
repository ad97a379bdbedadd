import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

// Tests and chaos parts that need processes of their own (SIGKILL, several SDK instances on one
// store) start them here. A child reports on stdout, one JSON value per line (other lines join
// stderr's text). A child given as a
// .ts file runs from the workspace's sources (the "source" export condition and
// scripts/ts-source-hooks.mjs); a .js file runs as is.

// This module sits in packages/test-support/src, or dist/src once built.
const workspaceRoot = import.meta.url.endsWith(".ts") ? "../../../" : "../../../../";
const sourceHooks = fileURLToPath(new URL(`${workspaceRoot}scripts/ts-source-hooks.mjs`, import.meta.url));

export interface JsonLineChildOptions {
  /** Keep stdin open for `send` (default false: stdin is closed). */
  readonly stdin?: boolean;
}

export interface JsonLineChild<E> {
  readonly process: ChildProcess;
  readonly pid: number;
  /** Every event the child printed so far, in order. */
  readonly events: readonly E[];
  /** Everything the child wrote to stderr so far. */
  readonly stderr: () => string;
  /** Writes one line to the child's stdin (needs `stdin: true`). */
  readonly send: (line: string) => void;
  /** The first event, printed so far or to come, that matches; rejects when the child exits first. */
  readonly next: (match: (event: E) => boolean) => Promise<E>;
  /** The exit code and signal, once the child has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (no clean-up, no flush), then waits for the exit. */
  readonly kill: () => Promise<void>;
}

/** Starts `node <module> <args as JSON>` and parses each line it prints as an event. */
export function startJsonLineChild<E>(
  module: string,
  args: unknown,
  { stdin = false }: JsonLineChildOptions = {},
): JsonLineChild<E> {
  const node = module.endsWith(".ts") ? ["--conditions=source", "--import", sourceHooks] : [];
  const child = spawn(process.execPath, [...node, module, JSON.stringify(args)], {
    stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  const events: E[] = [];
  const waiters: { match: (e: E) => boolean; resolve: (e: E) => void }[] = [];
  let partial = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on("data", (d: Buffer) => {
    partial += d.toString();
    for (let nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
      const line = partial.slice(0, nl).trim();
      partial = partial.slice(nl + 1);
      if (line === "") continue;
      let event: E;
      try {
        event = JSON.parse(line) as E;
      } catch {
        stderr += `(stdout, not JSON) ${line}\n`; // shown when a wait fails, never thrown here
        continue;
      }
      events.push(event);
      for (const waiter of waiters.filter((w) => w.match(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    pid: child.pid ?? 0,
    events,
    stderr: () => stderr,
    send(line) {
      if (!child.stdin) throw new Error("the child was started without stdin: true");
      child.stdin.write(`${line}\n`);
    },
    next(match) {
      const seen = events.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then(({ code, signal }) =>
          reject(new Error(`child exited (${code ?? signal}) before the event:\n${stderr}`)),
        );
      });
    },
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
