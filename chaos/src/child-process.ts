import { fileURLToPath } from "node:url";
import { startJsonLineChild } from "@cloud-barista/test-support";
import type { JsonLineChild } from "@cloud-barista/test-support";

// Parts that need processes of their own (SIGKILL, several SDK instances on one store) start them
// here. Under vitest the parts run from their TypeScript sources, so a child runs its .ts file
// (test-support adds the source hooks); from dist (scripts/run chaos) it runs the compiled .js file.

const fromSources = import.meta.url.endsWith(".ts");

/** The path of a sibling module of the chaos package (e.g. "kill/child"), in the form this run uses. */
export function chaosModule(name: string): string {
  return fileURLToPath(new URL(`./${name}${fromSources ? ".ts" : ".js"}`, import.meta.url));
}

/** Starts `node <module> <json args>`, a module of the chaos package that reports in JSON lines. */
export function startChaosChild<E>(module: string, args: unknown): JsonLineChild<E> {
  return startJsonLineChild<E>(chaosModule(module), args);
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
