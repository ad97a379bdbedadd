import { invalidArgument } from "@cloud-barista/core";

/** A remote command: an argv array (each element quoted), or an explicit shell script. */
export type RemoteCommand = readonly string[] | { readonly script: string };

// Words made only of these characters mean the same to every POSIX shell unquoted.
const plain = /^[A-Za-z0-9_/.,:@%+=-]+$/;

/**
 * Quotes one argument for a POSIX shell: `sh -c "echo " + shellQuote(s)` prints exactly `s`, whatever
 * it holds (quotes, spaces, `$()`, backticks, newlines). Single quotes stop all expansion; a single
 * quote inside is closed, escaped and reopened. NUL cannot be in an argument at all.
 */
export function shellQuote(arg: string): string {
  if (arg.includes("\0")) throw invalidArgument("command", "no-nul", "an argument cannot contain a NUL character");
  if (plain.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The line the remote login shell runs: quoted argv, or the script handed to `sh -c` as one argument. */
export function commandLine(command: RemoteCommand): string {
  if ("script" in command) return `sh -c ${shellQuote(command.script)}`;
  if (command.length === 0) throw invalidArgument("command", "non-empty", "an argv command needs a program");
  return command.map(shellQuote).join(" ");
}
