#!/usr/bin/env node
// cb-monitor-agent: the agent as a program. Logs go to stderr as JSON lines; SIGTERM or SIGINT push
// what they can within the flush timeout, then exit 0 (a second signal exits at once).
import { startAgent } from "./agent.js";
import { ConfigError, parseCli, usage } from "./config.js";
import type { LogFn } from "./log.js";
import { agentVersion } from "./version.js";

const log: LogFn = (level, message, fields) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`);
};

async function main(): Promise<number> {
  let command;
  try {
    command = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cb-monitor-agent: ${error.message}\n`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(usage);
    return 0;
  }
  if (command.kind === "version") {
    process.stdout.write(`${agentVersion}\n`);
    return 0;
  }
  const { options } = command;
  const agent = await startAgent({ ...options, log });
  log("info", "started", {
    version: agentVersion,
    intervalMs: options.intervalMs ?? 2000,
    ...(options.push ? { push: new URL(options.push.url).origin } : {}),
    ...(agent.listenAddress ? { listen: agent.listenAddress } : {}),
    ...(options.spoolDir ? { spoolDir: options.spoolDir } : {}),
  });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  const hard = (): void => process.exit(1);
  process.once("SIGTERM", hard);
  process.once("SIGINT", hard);
  log("info", "stopping", { signal });
  const stats = await agent.stop();
  log("info", "stopped", { ...stats });
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log("error", "failed", { error: (error as Error).message });
    process.exitCode = 1;
  },
);
