import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

// Parts that need processes of their own (SIGKILL, several SDK instances on one store) start them
// here. Under vitest the parts run from their TypeScript sources, so a child runs its .ts file with
// the workspace's "source" condition and scripts/ts-source-hooks.mjs; from dist (scripts/run chaos) it runs the
// compiled .js file as is.

const fromSources = import.meta.url.endsWith(".ts");
const sourceHooks = fileURLToPath(new URL("../../scripts/ts-source-hooks.mjs", import.meta.url));

/** The path of a sibling module of the chaos package (e.g. "kill/child"), in the form this run uses. */
export function chaosModule(name: string): string {
  return fileURLToPath(new URL(`./${name}${fromSources ? ".ts" : ".js"}`, import.meta.url));
}

export interface ChaosChild {
  readonly process: ChildProcess;
  /** Everything the child printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Called with each line the child prints on stdout. */
  readonly onLine: (listener: (line: string) => void) => void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (no clean-up, no flush), then waits for the exit. */
  readonly kill: () => Promise<void>;
}

/** Starts `node <module> <json args>`, a module of the chaos package (see `chaosModule`). */
export function startChaosChild(module: string, args: unknown): ChaosChild {
  const node = [
    ...(fromSources ? ["--conditions=source", "--import", sourceHooks] : []),
    "--disable-warning=ExperimentalWarning",
  ];
  const child = spawn(process.execPath, [...node, chaosModule(module), JSON.stringify(args)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let partial = "";
  const listeners: ((line: string) => void)[] = [];
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    partial += d.toString();
    for (let nl = partial.indexOf("\n"); nl >= 0; nl = partial.indexOf("\n")) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      for (const listener of listeners) listener(line);
    }
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    onLine: (listener) => void listeners.push(listener),
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Runs `fn` for each item, at most `limit` at once (the machine may have two cores). */
export async function withLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
