import { describe, expect, it } from "vitest";
import { ConfigError, parseCli, parseDuration, parseListen } from "./config.js";

const files: Record<string, string> = { "/etc/agent/token": "s3cret\n", "/empty": "  \n" };
const readText = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error("nope"), { code: "ENOENT" });
  return text;
};
const run = (argv: string[], env: Record<string, string> = {}) => {
  const command = parseCli(argv, env, readText);
  if (command.kind !== "run") throw new Error(command.kind);
  return command.options;
};

describe("parseCli", () => {
  it("reads flags", () => {
    expect(
      run([
        "--push",
        "http://c:8086",
        "--db",
        "mon",
        "--listen",
        "0.0.0.0:9100",
        "--interval",
        "5s",
        "--token-file",
        "/etc/agent/token",
        "--buffer-points",
        "500",
        "--spool-dir",
        "/var/spool/a",
        "--flush-timeout",
        "1s",
        "--no-gzip",
        "--vm",
        "vm-1",
        "--ns",
        "ns1",
        "--tag",
        "team=a",
        "--tag",
        "env=x=y",
        "--proc-root",
        "/host/proc",
      ]),
    ).toEqual({
      identity: { ns: "ns1", vm: "vm-1" },
      tags: { team: "a", env: "x=y" },
      intervalMs: 5000,
      bufferPoints: 500,
      spoolDir: "/var/spool/a",
      flushTimeoutMs: 1000,
      push: { url: "http://c:8086", db: "mon", token: "s3cret", gzip: false },
      listen: { host: "0.0.0.0", port: 9100, token: "s3cret" },
      procRoot: "/host/proc",
    });
  });

  it("reads CB_AGENT_* variables, flags winning, and separate push and listen tokens", () => {
    const options = run(["--vm", "from-flag"], {
      CB_AGENT_PUSH_URL: "https://c/influx/",
      CB_AGENT_LISTEN: "9100",
      CB_AGENT_VM: "from-env",
      CB_AGENT_MCIS: "m1",
      CB_AGENT_PUSH_TOKEN: "p",
      CB_AGENT_LISTEN_TOKEN_FILE: "/etc/agent/token",
      CB_AGENT_TAGS: "a=1,b=2",
      CB_AGENT_GZIP: "false",
      CB_AGENT_INTERVAL: "1500",
    });
    expect(options).toMatchObject({
      identity: { vm: "from-flag", mcis: "m1" },
      tags: { a: "1", b: "2" },
      intervalMs: 1500,
      push: { url: "https://c/influx/", token: "p", gzip: false },
      listen: { port: 9100, token: "s3cret" },
    });
    expect(run(["--listen", "1"], { CB_AGENT_TOKEN: "t" }).listen).toEqual({ port: 1, token: "t" });
  });

  it("refuses tokens on the command line and in the URL, without echoing them", () => {
    for (const argv of [["--token", "abc"], ["--push-token=abc"], ["--listen-token", "abc"]]) {
      expect(() => parseCli(argv, {}, readText)).toThrow(ConfigError);
      try {
        parseCli(argv, {}, readText);
      } catch (error) {
        expect((error as Error).message).not.toContain("abc");
      }
    }
    expect(() => run(["--push", "http://u:abc@c"])).toThrow(/not in the URL/);
  });

  it("refuses bad input with a ConfigError", () => {
    const bad: string[][] = [
      [],
      ["--listen", "host:"],
      ["--listen", "70000"],
      ["--push", "ftp://c"],
      ["--push", "not a url"],
      ["--listen", "1", "--interval", "fast"],
      ["--listen", "1", "--interval", "50ms"],
      ["--listen", "1", "--buffer-points", "0"],
      ["--listen", "1", "--tag", "novalue"],
      ["--listen", "1", "--token-file", "/missing"],
      ["--listen", "1", "--token-file", "/empty"],
      ["--listen", "1", "--bogus"],
      ["--listen", "1", "stray"],
    ];
    for (const argv of bad) expect(() => parseCli(argv, {}, readText), argv.join(" ")).toThrow(ConfigError);
  });

  it("answers --help and --version", () => {
    expect(parseCli(["--help"], {}, readText)).toEqual({ kind: "help" });
    expect(parseCli(["--version"], {}, readText)).toEqual({ kind: "version" });
  });
});

describe("parseDuration and parseListen", () => {
  it("parse their forms", () => {
    expect([
      parseDuration("2s", "x"),
      parseDuration("250ms", "x"),
      parseDuration("1m", "x"),
      parseDuration("0.5s", "x"),
    ]).toEqual([2000, 250, 60000, 500]);
    expect(parseListen("[::1]:9100")).toEqual({ host: "::1", port: 9100 });
    expect(parseListen("localhost:80")).toEqual({ host: "localhost", port: 80 });
  });
});
