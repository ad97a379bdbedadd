import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commandLine, shellQuote } from "./shell-quote.js";

/** What a real POSIX shell makes of a command line: its words, NUL-separated by printf. */
function shellWords(line: string): string[] {
  const out = execFileSync("sh", ["-c", `printf '%s\\0' ${line}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

// Strings a process argument can hold: any Unicode text without NUL (lone surrogates cannot
// survive UTF-8 at all, so they are left out).
const argument = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\0"));
const nasty = fc.constantFrom(
  "'",
  '"',
  "\\",
  "$(id)",
  "`id`",
  "$HOME",
  "a b",
  "\n",
  "*",
  "~",
  "!",
  ";",
  "&&",
  "|",
  "#",
  "-n",
  "",
);

describe("shellQuote", () => {
  it("round-trips any string through a real sh -c unchanged", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          argument,
          nasty,
          fc.array(nasty).map((parts) => parts.join("")),
        ),
        (s) => {
          expect(shellWords(shellQuote(s))).toEqual([s]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("keeps argv boundaries: each element is exactly one word", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(argument, nasty), { minLength: 1, maxLength: 6 }), (argv) => {
        expect(shellWords(argv.map(shellQuote).join(" "))).toEqual(argv);
      }),
      { numRuns: 60 },
    );
  });

  it("leaves plain words alone and refuses NUL", () => {
    expect(shellQuote("/usr/bin/env")).toBe("/usr/bin/env");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
  });
});

describe("commandLine", () => {
  it("quotes argv and hands a script to sh -c as one argument", () => {
    expect(commandLine(["echo", "a b"])).toBe("echo 'a b'");
    const script = "for i in 1 2; do echo \"$i\"; done | tr -d '\\n'";
    expect(execFileSync("sh", ["-c", commandLine({ script })], { encoding: "utf8" })).toBe("12");
    expect(() => commandLine([])).toThrow(/needs a program/);
  });
});
