import type { Command } from "commander";
import { UsageError } from "./exit-codes.js";

export const completionShells = ["bash", "zsh", "fish"] as const;

/** The kinds of names `cb __complete KIND` lists (from the profile and its store, no driver loaded). */
export const completionKinds = [
  "profile",
  "driver",
  "credential",
  "region",
  "connection",
  "mcis",
  "vpc",
  "sg",
  "keypair",
  "vm",
  "disk",
  "myimage",
  "nlb",
] as const;
export type CompletionKind = (typeof completionKinds)[number];

// Commands whose name argument is a new name: nothing to complete.
const newNames = new Set(["add", "create", "register", "register-subnet"]);
// Options whose value is a name of a kind (--vm only where it names a resource VM, see below).
const optionKinds: Record<string, CompletionKind> = {
  "--connection": "connection",
  "--vpc": "vpc",
  "--driver": "driver",
  "--credential": "credential",
  "--region": "region",
  "--profile": "profile",
  "--keypair": "keypair",
  "--sg": "sg",
};

/** The kind of name a command's first argument is, if cb can list them. */
function argumentKind(path: readonly string[]): CompletionKind | undefined {
  const [top, sub] = path;
  if (top === undefined) return undefined;
  if (["exec", "scp"].includes(top) || (top === "monitor" && sub !== "collect")) return "mcis";
  if (sub === undefined || newNames.has(sub)) return undefined;
  return (completionKinds as readonly string[]).includes(top) && top !== "profile"
    ? (top as CompletionKind)
    : undefined;
}

interface Tree {
  /** Per command path: its subcommands, then long options. */
  words: Map<string, string[]>;
  /** Per command path with a first argument cb can complete: the kind. */
  kinds: Map<string, CompletionKind>;
  /** Every option flag that takes a value (its next word is not a command). */
  valueFlags: Set<string>;
}

function readTree(program: Command): Tree {
  const tree: Tree = { words: new Map(), kinds: new Map(), valueFlags: new Set() };
  const visit = (command: Command, path: string[]): void => {
    const key = path.join(" ");
    const subcommands = command.commands.filter((c) => !(c as { _hidden?: boolean })._hidden).map((c) => c.name());
    const options = command.options.map((o) => o.long).filter((o): o is string => o !== undefined);
    tree.words.set(key, [...subcommands, ...options]);
    for (const o of command.options) {
      if (o.required || o.optional) for (const flag of [o.long, o.short]) if (flag) tree.valueFlags.add(flag);
    }
    const kind = command.registeredArguments.length > 0 ? argumentKind(path) : undefined;
    if (kind !== undefined) tree.kinds.set(key, kind);
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return tree;
}

/**
 * A completion script for a shell: commands and options fixed when the script is made (regenerate
 * it after upgrading cb), and names (connections, resources, MCIS...) asked of `cb __complete`
 * each time, from the current profile's store.
 */
export function completionScript(program: Command, shell: string): string {
  const { words, kinds, valueFlags } = readTree(program);
  const globals = program.options.map((o) => o.long).filter((o): o is string => o !== undefined);
  if (shell === "bash" || shell === "zsh") {
    const cases = [...words.entries()]
      .map(([path, list]) => `    "${path}") words="${[...list, ...globals].join(" ")}" ;;`)
      .join("\n");
    const byKind = new Map<CompletionKind, string[]>();
    for (const [path, kind] of kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), path]);
    const kindCases = [...byKind]
      .map(([kind, paths]) => `      ${paths.map((p) => `"${p}"`).join("|")}) kind=${kind} ;;`)
      .join("\n");
    const optionCases = Object.entries(optionKinds)
      .map(([flag, kind]) => {
        const short = program.commands
          .flatMap((c) => [c, ...c.commands])
          .flatMap((c) => c.options)
          .find((o) => o.long === flag && o.short)?.short;
        return `      ${short ? `${short}|` : ""}${flag}) kind=${kind} ;;`;
      })
      .join("\n");
    const bash = `_cb_complete() {
  local path="" word prev="" skip="" conn="" ns="" kind=""
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local valueflags=" ${[...valueFlags].sort().join(" ")} "
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    if [ -n "$skip" ]; then
      case "$prev" in -c|--connection) conn="$word" ;; -n|--namespace) ns="$word" ;; esac
      skip=""
      continue
    fi
    case "$word" in
      --*=*) ;;
      -*) case "$valueflags" in *" $word "*) skip=1; prev="$word" ;; esac ;;
      *) path="\${path:+$path }$word" ;;
    esac
  done
  if [ -n "$skip" ]; then
    case "$prev" in
${optionCases}
      --vm) case "$path" in disk*|myimage*|nlb*) kind=vm ;; esac ;;
    esac
  else
    case "$path" in
${kindCases}
    esac
  fi
  if [ -n "$kind" ]; then
    local names
    names=$(cb __complete "$kind" \${conn:+--connection "$conn"} \${ns:+--namespace "$ns"} 2>/dev/null)
    COMPREPLY=( $(compgen -W "$names" -- "$cur") )
    return
  fi
  [ -n "$skip" ] && { COMPREPLY=(); return; }
  local words
  case "$path" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
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
    for (const [path, kind] of kinds) {
      const condition = path
        .split(" ")
        .map((part) => `__fish_seen_subcommand_from ${part}`)
        .join("; and ");
      lines.push(`complete -c cb -n '${condition}' -a '(cb __complete ${kind} 2>/dev/null)'`);
    }
    for (const [flag, kind] of Object.entries(optionKinds)) {
      lines.push(`complete -c cb -l ${flag.slice(2)} -x -a '(cb __complete ${kind} 2>/dev/null)'`);
    }
    return `${lines.join("\n")}\n`;
  }
  throw new UsageError(`completion: shell must be one of ${completionShells.join(", ")}`);
}
