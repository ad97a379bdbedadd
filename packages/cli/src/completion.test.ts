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
});
