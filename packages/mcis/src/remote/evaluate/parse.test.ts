import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EvaluationOutputError } from "./output-error.js";
import { parseEvaluationOutput } from "./parse.js";

const recorded = readFileSync(new URL("testdata/debian-bookworm-2vcpu.txt", import.meta.url), "utf8");

/** The recorded output with one line replaced (by 1-based number), or removed with undefined. */
function edit(n: number, line: string | undefined): string {
  const lines = recorded.split("\n");
  if (line === undefined) lines.splice(n - 1, 1);
  else lines[n - 1] = line;
  return lines.join("\n");
}

function problemOf(output: string, peers: readonly string[] = ["g1-2"]): unknown {
  try {
    parseEvaluationOutput(output, peers);
  } catch (error) {
    expect(error).toBeInstanceOf(EvaluationOutputError);
    const e = error as EvaluationOutputError;
    expect(e.code).toBe("ProviderError");
    return { problem: e.problem, line: e.line };
  }
  return "parsed";
}

describe("parseEvaluationOutput", () => {
  it("reads a run recorded on Debian bookworm: every figure with its unit and method, skips with their reason", () => {
    expect(parseEvaluationOutput(recorded, ["g1-2"])).toEqual({
      version: 1,
      cores: 2,
      measurements: [
        { metric: "cpu", value: 157664.439, unit: "ops/s", method: "cpu-loop" },
        { metric: "memory", value: 10873.229, unit: "MB/s", method: "dd-zero" },
        { metric: "fileio-write", value: 1063.016, unit: "MB/s", method: "dd-direct" },
        { metric: "fileio-read", value: 842.892, unit: "MB/s", method: "dd-direct" },
        { metric: "db", value: 71.102, unit: "tx/s", method: "sqlite3-tx" },
      ],
      rtts: [],
      skipped: [{ what: "rtt:g1-2", reason: "ping not installed" }],
    });
  });

  it("refuses empty output, output cut off before its end line, and other versions", () => {
    expect(problemOf("")).toEqual({ problem: "empty", line: undefined });
    expect(problemOf(recorded.split("\n").slice(0, 4).join("\n"))).toEqual({ problem: "truncated", line: undefined });
    // Cut in the middle of a number: still no end line, so no figure is taken from it.
    expect(problemOf(recorded.slice(0, recorded.indexOf("10873") + 3))).toEqual({
      problem: "truncated",
      line: undefined,
    });
    expect(problemOf(edit(1, "cb-eval 2"))).toEqual({ problem: "unsupported-version", line: 1 });
    expect(problemOf(`Welcome to Ubuntu!\n${recorded}`)).toEqual({ problem: "garbled", line: 1 });
  });

  it("refuses garbled lines, naming the line, instead of scoring NaN", () => {
    const cases: [string, number][] = [
      ["result cpu NaN ops/s cpu-loop", 3],
      ["result cpu -5 ops/s cpu-loop", 3],
      ["result cpu 1e9 ops/s cpu-loop", 3],
      ["result cpu Infinity ops/s cpu-loop", 3],
      ["result cpu  157664 ops/s cpu-loop", 3],
      ["result cpu 157664 MB/s cpu-loop", 3],
      ["result cpu 157664 ops/s abacus", 3],
      ["result gpu 157664 ops/s cpu-loop", 3],
      ["result cpu 157664.439 ops/s cpu-loop\r", 3],
      ["result cpu", 3],
      ["info cores two", 2],
      ["end", 3],
      ["skip cpu", 3],
      ["hello", 3],
    ];
    for (const [line, n] of cases) expect(problemOf(edit(n, line)), line).toEqual({ problem: "garbled", line: n });
  });

  it("refuses a measurement reported twice, an unknown peer and a missing one", () => {
    expect(problemOf(edit(4, "result cpu 1 ops/s cpu-loop"))).toEqual({ problem: "garbled", line: 4 });
    expect(problemOf(edit(8, "rtt g9-9 0.5 ms ping"))).toEqual({ problem: "garbled", line: 8 });
    expect(problemOf(edit(8, undefined))).toEqual({ problem: "incomplete", line: undefined });
    expect(problemOf(edit(7, undefined))).toEqual({ problem: "incomplete", line: undefined });
    expect(problemOf(recorded, ["g1-2", "g2-1"])).toEqual({ problem: "incomplete", line: undefined });
    expect(problemOf(edit(2, undefined))).toEqual({ problem: "incomplete", line: undefined });
  });

  it("reads RTTs to peers and accepts every metric skipped with a reason", () => {
    const output = [
      "cb-eval 1",
      "info cores 1",
      ...["cpu", "memory", "fileio-write", "fileio-read", "db"].map(
        (m) => `skip ${m} date has no nanosecond clock (%N)`,
      ),
      "rtt g1-2 0.400 ms ping",
      "skip rtt:g2-1 no reply from 10.9.9.9",
      "end",
      "",
    ].join("\n");
    const parsed = parseEvaluationOutput(output, ["g1-2", "g2-1"]);
    expect(parsed.measurements).toEqual([]);
    expect(parsed.rtts).toEqual([{ peer: "g1-2", ms: 0.4, method: "ping" }]);
    expect(parsed.skipped.map((s) => s.what)).toEqual([
      "cpu",
      "memory",
      "fileio-write",
      "fileio-read",
      "db",
      "rtt:g2-1",
    ]);
  });

  it("keeps error messages short and free of control characters", () => {
    const noisy = edit(3, `result cpu \u001b[31m${"9".repeat(500)}`);
    try {
      parseEvaluationOutput(noisy, ["g1-2"]);
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message.length).toBeLessThan(200);
      expect(message.includes("\u001b")).toBe(false);
    }
  });
});
