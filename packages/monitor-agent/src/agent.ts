import { hostname } from "node:os";
import { PointBuffer } from "./buffer.js";
import { toLineProtocol } from "./line-protocol.js";
import type { LogFn } from "./log.js";
import { silentLog } from "./log.js";
import type { Point } from "./point.js";
import { Pusher } from "./pusher.js";
import type { PushOptions, PushStats } from "./pusher.js";
import { readHostSample } from "./sample.js";
import type { HostSample } from "./sample.js";
import { startPullServer } from "./server.js";
import type { PullServer } from "./server.js";
import { agentVersion } from "./version.js";

/** Where the VM sits: the identity tags on every point (absent or empty ones are left out). */
export interface AgentIdentity {
  readonly ns?: string;
  readonly mcis?: string;
  readonly subgroup?: string;
  readonly vm?: string;
  readonly provider?: string;
  readonly region?: string;
  /** Default: the host name. */
  readonly host?: string;
}

/** Where the agent serves /metrics (Prometheus text) for pull. */
export interface ListenOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly port: number;
  /** Required as a bearer token on /metrics when set. */
  readonly token?: string;
}

/** What {@link startAgent} samples, where it sends the points and how much it keeps meanwhile. */
export interface AgentOptions {
  /** Time between samples (default 2000 ms, CB-Dragonfly's). */
  readonly intervalMs?: number;
  readonly identity?: AgentIdentity;
  /** More tags on every point (the identity tags win). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Push each sample to an InfluxDB v1 write endpoint. */
  readonly push?: PushOptions;
  /** Serve the latest sample for pull. */
  readonly listen?: ListenOptions;
  /** Most points held for push while the receiver is away (default 100,000); the oldest go first. */
  readonly bufferPoints?: number;
  /** Keep the push buffer on disk here too, so it survives a restart. */
  readonly spoolDir?: string;
  /** How long stop() keeps pushing what is buffered (default 5000 ms). */
  readonly flushTimeoutMs?: number;
  /** Where /proc is (default "/proc"); e.g. the host's /proc mounted into a container. */
  readonly procRoot?: string;
  /** Where /sys is (default "/sys"). */
  readonly sysRoot?: string;
  /** Prefix of the mount paths for file system sizes (default "": the agent's own view). */
  readonly hostRoot?: string;
  /** Where problems and progress go (default: nowhere). */
  readonly log?: LogFn;
}

/** Counters of a running agent, since it started. */
export interface AgentStats {
  /** Samples read since start. */
  readonly samples: number;
  /** Points waiting in the push buffer. */
  readonly buffered: number;
  /** Points dropped because the push buffer was full. */
  readonly dropped: number;
  /** The pusher's counters, when the agent pushes. */
  readonly push?: PushStats;
}

/** A running agent, from {@link startAgent}. */
export interface Agent {
  /** Where the pull server listens, when it does. */
  readonly listenAddress?: { readonly host: string; readonly port: number };
  /** The points of the latest sample (what /metrics serves). */
  latest(): readonly Point[];
  /** The counters now. */
  stats(): AgentStats;
  /** Stops sampling, pushes what it can within flushTimeoutMs, closes the server; the spool keeps the rest. */
  stop(): Promise<AgentStats>;
}

function identityTags(identity: AgentIdentity): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...identity, host: identity.host ?? hostname() }))
    if (typeof value === "string" && value !== "") tags[key] = value;
  return tags;
}

/**
 * Starts the agent: a sample at once and then every interval, pushed and/or served for pull. Fails
 * (nothing started) when neither push nor listen is given, or the listen address is taken.
 */
export async function startAgent(options: AgentOptions): Promise<Agent> {
  const { intervalMs = 2000, bufferPoints = 100_000, flushTimeoutMs = 5000, log = silentLog } = options;
  if (!options.push && !options.listen) throw new Error("the agent needs push, listen or both");
  if (!(intervalMs >= 100)) throw new RangeError(`intervalMs must be at least 100, got ${intervalMs}`);
  const tags = { ...options.tags, ...identityTags(options.identity ?? {}) };

  let buffer: PointBuffer | undefined;
  let pusher: Pusher | undefined;
  if (options.push) {
    buffer = await PointBuffer.open({
      capacity: bufferPoints,
      ...(options.spoolDir !== undefined ? { spoolDir: options.spoolDir } : {}),
      onSpoolError: (error) => log("error", "spool write failed (kept in memory)", { error: error.message }),
    });
    if (buffer.size > 0) log("info", "spooled points from an earlier run", { points: buffer.size });
    pusher = new Pusher(buffer, options.push, log);
    pusher.start();
  }

  let latest: HostSample | undefined;
  let samples = 0;
  const reported = new Set<string>();
  const stats = (): AgentStats => ({
    samples,
    buffered: buffer?.size ?? 0,
    dropped: buffer?.dropped ?? 0,
    ...(pusher ? { push: pusher.stats() } : {}),
  });

  let server: PullServer | undefined;
  if (options.listen) {
    const { host, port, token } = options.listen;
    server = await startPullServer({
      ...(host !== undefined ? { host } : {}),
      port,
      ...(token ? { token } : {}),
      points: () => latest?.points ?? [],
      health: () => ({ ...stats() }),
      version: agentVersion,
    }).catch(async (error: unknown) => {
      await pusher?.stop(0);
      throw error;
    });
    const loopback = /^(127\.|::1$|localhost$)/.test(server.address.host);
    if (!loopback && !token)
      log("warn", "serving /metrics beyond loopback without a token", { host: server.address.host });
  }

  const sampleOnce = async (): Promise<void> => {
    const sample = await readHostSample({
      ...(options.procRoot !== undefined ? { procRoot: options.procRoot } : {}),
      ...(options.sysRoot !== undefined ? { sysRoot: options.sysRoot } : {}),
      ...(options.hostRoot !== undefined ? { hostRoot: options.hostRoot } : {}),
      ...(latest ? { previous: latest } : {}),
      tags,
    });
    latest = sample;
    samples += 1;
    for (const problem of sample.problems) {
      if (reported.has(problem) || reported.size >= 100) continue;
      reported.add(problem);
      log("warn", "measurement not read (reported once)", { problem });
    }
    if (buffer && pusher) {
      // One line per point, encoded one by one: the buffer counts and drops whole lines.
      buffer.add(sample.points.map((p) => toLineProtocol([p]).slice(0, -1)).filter((l) => l !== ""));
      pusher.notify();
    }
  };

  // Ticks stay on the start + k * interval grid; a slow sample skips ticks instead of piling up.
  const started = Date.now();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = (): void => {
    inFlight = sampleOnce()
      .catch((error: unknown) => log("error", "sample failed", { error: (error as Error).message }))
      .finally(() => {
        if (stopped) return;
        const elapsed = Date.now() - started;
        timer = setTimeout(tick, intervalMs - (elapsed % intervalMs));
      });
  };
  tick();

  return {
    ...(server ? { listenAddress: server.address } : {}),
    latest: () => latest?.points ?? [],
    stats,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      await pusher?.stop(flushTimeoutMs);
      await buffer?.settled();
      await server?.close();
      return stats();
    },
  };
}
