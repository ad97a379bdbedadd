#!/usr/bin/env node
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { CommanderError } from "commander";
import type { CliIo } from "./context.js";
import { formatError } from "./errors.js";
import { exitCodeFor, exitCodes } from "./exit-codes.js";
import { buildProgram } from "./program.js";
import { styleFor } from "./style.js";

/**
 * Runs `cb` with arguments (without node and the script) and returns the exit code. The first
 * Ctrl-C aborts the running operation through the SDK's abort signal (it then reports what it
 * left); a second one exits at once.
 */
export async function runCli(argv: readonly string[], io: Omit<CliIo, "signal">): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(exitCodes.interrupted);
    io.stderr.write("\ninterrupted: stopping (Ctrl-C again to quit at once)\n");
    controller.abort(new Error("interrupted by Ctrl-C"));
  };
  process.on("SIGINT", onInterrupt);
  const program = buildProgram({ ...io, signal: controller.signal });
  try {
    await program.parseAsync([...argv], { from: "user" });
    // A command that finished (the emulator stopping on Ctrl-C) succeeded; an aborted one throws.
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; every other parse error is bad input.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput;
    }
    const style = styleFor(io.stderr, io.env);
    io.stderr.write(`${style.paint("red", formatError(error))}\n`);
    return controller.signal.aborted ? exitCodes.interrupted : exitCodeFor(error);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}

// The bin is reached through a symlink (node_modules/.bin/cb): compare real paths.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
}
