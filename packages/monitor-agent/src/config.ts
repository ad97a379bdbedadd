import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { AgentOptions } from "./agent.js";

/** Thrown for a bad flag or environment variable: the CLI prints the message and exits 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export const usage = `Usage: cb-monitor-agent [options]

Reads /proc and /sys every interval and pushes InfluxDB line protocol, serves Prometheus text, or both.
Every option can also come from the environment variable shown; a flag wins over the environment.

  --push URL              push to this InfluxDB v1 /write endpoint's base URL  CB_AGENT_PUSH_URL
  --db NAME               the db parameter of pushes (default cbmon)           CB_AGENT_DB
  --listen [HOST:]PORT    serve GET /metrics and /healthz (host default 127.0.0.1)  CB_AGENT_LISTEN
  --interval DURATION     time between samples: 2s, 500ms, 2000 (default 2s)  CB_AGENT_INTERVAL
  --token-file PATH       bearer token for push and /metrics, read from a file CB_AGENT_TOKEN_FILE
                          (or the token itself in                              CB_AGENT_TOKEN)
  --push-token-file PATH  token for push only                                  CB_AGENT_PUSH_TOKEN_FILE, CB_AGENT_PUSH_TOKEN
  --listen-token-file PATH  token for /metrics only                            CB_AGENT_LISTEN_TOKEN_FILE, CB_AGENT_LISTEN_TOKEN
  --buffer-points N       points kept for push while the receiver is away (default 100000)  CB_AGENT_BUFFER_POINTS
  --spool-dir DIR         keep the push buffer on disk too (survives restarts) CB_AGENT_SPOOL_DIR
  --flush-timeout DURATION  how long SIGTERM keeps pushing (default 5s)        CB_AGENT_FLUSH_TIMEOUT
  --no-gzip               send pushes uncompressed                             CB_AGENT_GZIP=false
  --ns, --mcis, --subgroup, --vm, --provider, --region, --host VALUE
                          identity tags on every point (host default: the host name)
                                                                               CB_AGENT_NS, CB_AGENT_MCIS, ...
  --tag KEY=VALUE         one more tag (repeatable)                            CB_AGENT_TAGS=k=v,k=v
  --proc-root, --sys-root, --host-root PATH
                          read another /proc, /sys, or file systems under a prefix (containers)
                                                                               CB_AGENT_PROC_ROOT, ...
  --help, --version

Tokens are never taken from the command line, where other users could read them (ps).
`;

export type CliCommand = { kind: "help" } | { kind: "version" } | { kind: "run"; options: AgentOptions };

/** A duration in ms: "2s", "500ms", "1m" or a bare number of ms. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m?.[1]) throw new ConfigError(`${what}: not a duration: ${JSON.stringify(text)} (e.g. 2s, 500ms, 2000)`);
  const n = Number(m[1]) * (m[2] === "s" ? 1000 : m[2] === "m" ? 60_000 : 1);
  return Math.round(n);
}

function parsePositiveInt(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new ConfigError(`${what}: not a positive integer: ${JSON.stringify(text)}`);
  return Number(text);
}

/** "[host:]port", with IPv6 hosts in brackets. */
export function parseListen(text: string): { host?: string; port: number } {
  const m = /^(?:\[([^\]]+)\]:|([^:]*):)?(\d+)$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new ConfigError(`--listen: not [host:]port: ${JSON.stringify(text)}`);
  const host = m[1] ?? m[2];
  return host ? { host, port } : { port };
}

function parseTags(pairs: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq < 1) throw new ConfigError(`--tag: not key=value: ${JSON.stringify(pair)}`);
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return tags;
}

/**
 * Turns the command line and environment into agent options. Tokens come from files or the
 * environment only; a token-looking flag on the command line is refused.
 */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  readText: (path: string) => string = (p) => readFileSync(p, "utf8"),
): CliCommand {
  for (const arg of argv)
    if (/^--(push-|listen-)?token(=|$)/.test(arg))
      throw new ConfigError(
        "tokens are not taken from the command line (other users can read it): use --token-file or CB_AGENT_TOKEN",
      );
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        push: { type: "string" },
        db: { type: "string" },
        listen: { type: "string" },
        interval: { type: "string" },
        "token-file": { type: "string" },
        "push-token-file": { type: "string" },
        "listen-token-file": { type: "string" },
        "buffer-points": { type: "string" },
        "spool-dir": { type: "string" },
        "flush-timeout": { type: "string" },
        "no-gzip": { type: "boolean" },
        ns: { type: "string" },
        mcis: { type: "string" },
        subgroup: { type: "string" },
        vm: { type: "string" },
        provider: { type: "string" },
        region: { type: "string" },
        host: { type: "string" },
        tag: { type: "string", multiple: true },
        "proc-root": { type: "string" },
        "sys-root": { type: "string" },
        "host-root": { type: "string" },
        help: { type: "boolean" },
        version: { type: "boolean" },
      },
    }));
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const pick = (flag: string | undefined, name: string): string | undefined => {
    const value = flag ?? env[`CB_AGENT_${name}`];
    return value === undefined || value === "" ? undefined : value;
  };
  const token = (fileFlag: string | undefined, prefix: string): string | undefined => {
    const file = pick(fileFlag, `${prefix}TOKEN_FILE`);
    if (file !== undefined) {
      let text;
      try {
        text = readText(file);
      } catch (error) {
        throw new ConfigError(
          `cannot read the token file ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
        );
      }
      const trimmed = text.trim();
      if (trimmed === "") throw new ConfigError(`the token file ${file} is empty`);
      return trimmed;
    }
    return pick(undefined, `${prefix}TOKEN`);
  };
  const common = token(values["token-file"], "");
  const pushToken = token(values["push-token-file"], "PUSH_") ?? common;
  const listenToken = token(values["listen-token-file"], "LISTEN_") ?? common;

  const pushUrl = pick(values.push, "PUSH_URL");
  const listen = pick(values.listen, "LISTEN");
  if (!pushUrl && !listen) throw new ConfigError("give --push URL, --listen [HOST:]PORT or both (see --help)");
  if (pushUrl) {
    let url: URL;
    try {
      url = new URL(pushUrl);
    } catch {
      throw new ConfigError(`--push: not a URL: ${JSON.stringify(pushUrl)}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ConfigError("--push: the URL must be http or https");
    if (url.password) throw new ConfigError("--push: put the token in --token-file or CB_AGENT_TOKEN, not in the URL");
  }

  const identity: Record<string, string> = {};
  for (const key of ["ns", "mcis", "subgroup", "vm", "provider", "region", "host"] as const) {
    const value = pick(values[key], key.toUpperCase());
    if (value !== undefined) identity[key] = value;
  }
  const envTags = env.CB_AGENT_TAGS ? env.CB_AGENT_TAGS.split(",").filter((p) => p !== "") : [];
  const tags = parseTags(values.tag ?? envTags);
  const interval = pick(values.interval, "INTERVAL");
  const bufferPoints = pick(values["buffer-points"], "BUFFER_POINTS");
  const spoolDir = pick(values["spool-dir"], "SPOOL_DIR");
  const flush = pick(values["flush-timeout"], "FLUSH_TIMEOUT");
  const gzip = !(values["no-gzip"] ?? /^(false|0|no)$/i.test(env.CB_AGENT_GZIP ?? ""));
  const roots = {
    procRoot: pick(values["proc-root"], "PROC_ROOT"),
    sysRoot: pick(values["sys-root"], "SYS_ROOT"),
    hostRoot: pick(values["host-root"], "HOST_ROOT"),
  };

  const options: AgentOptions = {
    identity,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(interval !== undefined ? { intervalMs: parseDuration(interval, "--interval") } : {}),
    ...(bufferPoints !== undefined ? { bufferPoints: parsePositiveInt(bufferPoints, "--buffer-points") } : {}),
    ...(spoolDir !== undefined ? { spoolDir } : {}),
    ...(flush !== undefined ? { flushTimeoutMs: parseDuration(flush, "--flush-timeout") } : {}),
    ...(pushUrl
      ? {
          push: {
            url: pushUrl,
            ...(pick(values.db, "DB") !== undefined ? { db: pick(values.db, "DB") } : {}),
            ...(pushToken ? { token: pushToken } : {}),
            gzip,
          },
        }
      : {}),
    ...(listen ? { listen: { ...parseListen(listen), ...(listenToken ? { token: listenToken } : {}) } } : {}),
    ...Object.fromEntries(Object.entries(roots).filter(([, v]) => v !== undefined)),
  };
  if (options.intervalMs !== undefined && options.intervalMs < 100) throw new ConfigError("--interval: at least 100ms");
  return { kind: "run", options };
}
