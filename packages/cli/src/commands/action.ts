import type { Command } from "commander";
import { CliContext } from "../context.js";
import type { CliIo, GlobalOptions } from "../context.js";
import { UsageError } from "../exit-codes.js";

/** Wraps a command's work so it gets a context built from the global options. */
export type CliAction = <A extends unknown[]>(
  work: (ctx: CliContext, ...args: A) => void | Promise<void>,
) => (...args: unknown[]) => Promise<void>;

export function actionFor(io: CliIo): CliAction {
  return (work) =>
    async (...args) => {
      // Commander passes the positional arguments, the options, then the command itself.
      const command = args[args.length - 1] as Command;
      const ctx = new CliContext(io, command.optsWithGlobals<GlobalOptions>());
      await work(ctx, ...(args.slice(0, -1) as never));
    };
}

/** Collects a repeatable option's values. */
export function repeatable(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** KEY=VALUE pairs of a repeatable option. */
export function keyValues(flag: string, pairs: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`${flag} must be KEY=VALUE, got "${pair}"`);
    values[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return values;
}
