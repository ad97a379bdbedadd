import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { completionScript } from "./completion.js";
import { buildProgram } from "./program.js";

const io = {
  stdout: new PassThrough(),
  stderr: new PassThrough(),
  stdin: new PassThrough(),
  env: {},
  signal: new AbortController().signal,
};

describe("completion", () => {
  it("completes commands, subcommands and options in bash, zsh and fish", () => {
    const program = buildProgram(io);
    const bash = completionScript(program, "bash");
    expect(bash).toContain('"mcis create") words="dynamic --file');
    expect(bash).toContain("complete -F _cb_complete cb");
    expect(completionScript(program, "zsh")).toContain("bashcompinit");
    const fish = completionScript(program, "fish");
    expect(fish).toContain("complete -c cb -n '__fish_use_subcommand' -a vpc");
    expect(fish).toContain("-a suspend");
    expect(() => completionScript(program, "tcsh")).toThrow(/bash, zsh, fish/);
  });

  it("asks cb __complete for names: a command's name argument, or an option's value", () => {
    const program = buildProgram(io);
    const bash = completionScript(program, "bash");
    // Existing names only: not for create, add or register, which take new ones.
    expect(bash).toMatch(/"vpc get"\|[^)]*"vpc delete"[^)]*\) kind=vpc/);
    expect(bash).not.toMatch(/"vpc create"[^\n]*kind=vpc/);
    expect(bash).toMatch(/"exec"\|[^)]*"scp"[^)]*\) kind=mcis/);
    expect(bash).toContain("-c|--connection) kind=connection");
    expect(bash).toContain('cb __complete "$kind"');
    // Option values are skipped when finding the command path (-c aws is not a subcommand).
    const valueFlags = / valueflags="([^"]*)"/.exec(bash)?.[1]?.split(" ") ?? [];
    expect(valueFlags).toEqual(expect.arrayContaining(["-c", "--connection", "--vpc", "-o"]));
    expect(valueFlags).not.toContain("--terminate");
    expect(bash).not.toContain("__complete)"); // the hidden command is not offered
    const fish = completionScript(program, "fish");
    expect(fish).toContain(
      "complete -c cb -n '__fish_seen_subcommand_from vpc; and __fish_seen_subcommand_from get' -a '(cb __complete vpc 2>/dev/null)'",
    );
    expect(fish).toContain("complete -c cb -l connection -x -a '(cb __complete connection 2>/dev/null)'");
  });
});
