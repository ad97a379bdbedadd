import type { Command } from "commander";
import { UsageError } from "./exit-codes.js";

export const completionShells = ["bash", "zsh", "fish"] as const;

/** Every command path and its words (subcommands, then long options), read from the command tree. */
function commandWords(program: Command): Map<string, string[]> {
  const words = new Map<string, string[]>();
  const visit = (command: Command, path: string): void => {
    const subcommands = command.commands.map((c) => c.name());
    const options = command.options.map((o) => o.long).filter((o): o is string => o !== undefined);
    words.set(path, [...subcommands, ...options]);
    for (const sub of command.commands) visit(sub, path === "" ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, "");
  return words;
}

/**
 * A completion script for a shell: the words after `cb` and its subcommands, fixed when the
 * script is made (regenerate it after upgrading cb). Resource names are not completed.
 */
export function completionScript(program: Command, shell: string): string {
  const words = commandWords(program);
  const globals = program.options.map((o) => o.long).filter((o): o is string => o !== undefined);
  if (shell === "bash" || shell === "zsh") {
    const cases = [...words.entries()]
      .map(([path, list]) => `    "${path}") words="${[...list, ...globals].join(" ")}" ;;`)
      .join("\n");
    const bash = `_cb_complete() {
  local path="" word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in -*) ;; *) path="\${path:+$path }$word" ;; esac
  done
  local words
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "\${COMP_WORDS[COMP_CWORD]}") )
}
complete -F _cb_complete cb
`;
    // zsh runs the bash function through its bashcompinit layer.
    return shell === "bash" ? bash : `autoload -U +X bashcompinit && bashcompinit\n${bash}`;
  }
  if (shell === "fish") {
    const lines = ["complete -c cb -f"];
    for (const [path, list] of words) {
      const parts = path === "" ? [] : path.split(" ");
      const condition =
        parts.length === 0
          ? "__fish_use_subcommand"
          : `__fish_seen_subcommand_from ${parts[parts.length - 1]}; and not __fish_seen_subcommand_from ${list.filter((w) => !w.startsWith("-")).join(" ") || "__none__"}`;
      for (const word of list) {
        lines.push(
          word.startsWith("--")
            ? `complete -c cb -n '${condition}' -l ${word.slice(2)}`
            : `complete -c cb -n '${condition}' -a ${word}`,
        );
      }
    }
    return `${lines.join("\n")}\n`;
  }
  throw new UsageError(`completion: shell must be one of ${completionShells.join(", ")}`);
}
