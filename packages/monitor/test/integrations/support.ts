import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's servers the integration tests start (scripts/run installs them in CI). */
export const binaries = {
  influxd: "/usr/bin/influxd",
  prometheus: "/usr/bin/prometheus",
  nodeExporter: "/usr/bin/prometheus-node-exporter",
} as const;

/** A free loopback TCP port (the kernel's choice; released before the server binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh temporary directory and its removal. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A started server process: its URL and how to stop it (SIGTERM, then SIGKILL) and clean up. */
export interface RunningServer {
  url: string;
  port: number;
  /** The process's recent output, to explain a failure. */
  output(): string;
  stop(): Promise<void>;
}

/** Polls until the condition holds; throws (with `what`) after `timeoutMs`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await Promise.resolve().then(condition))) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function answers(url: string, status: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === status;
  } catch {
    return false;
  }
}

/**
 * Spawns a server, keeps the tail of its output, waits until `readyUrl` answers `readyStatus`
 * (failing early if the process exits) and returns how to stop it.
 */
async function startServer(
  name: string,
  command: string,
  args: string[],
  port: number,
  readyUrl: string,
  readyStatus: number,
  cleanup: () => void,
): Promise<RunningServer> {
  if (!existsSync(command)) {
    cleanup();
    throw new Error(`${command} is missing: install Debian's ${name} (scripts/run installs it)`);
  }
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exit;
      clearTimeout(timer);
    }
    cleanup();
  };
  try {
    await until(
      async () => {
        if (exited) throw new Error(`${name} exited before it was ready:\n${output}`);
        return answers(readyUrl, readyStatus);
      },
      30_000,
      `${name} ready`,
    ).catch((error: unknown) => {
      throw exited ? new Error(`${name} exited before it was ready:\n${output}`) : error;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, port, output: () => output, stop };
}

/** Starts Debian's InfluxDB 1.x on loopback with its data in a temporary directory. */
export async function startInfluxd(): Promise<RunningServer> {
  const tmp = tempDir("cb-influxd-");
  const port = await freePort();
  const rpcPort = await freePort();
  const config = join(tmp.dir, "influxdb.conf");
  writeFileSync(
    config,
    [
      "reporting-disabled = true",
      `bind-address = "127.0.0.1:${rpcPort}"`,
      "[meta]",
      `  dir = "${join(tmp.dir, "meta")}"`,
      "[data]",
      `  dir = "${join(tmp.dir, "data")}"`,
      `  wal-dir = "${join(tmp.dir, "wal")}"`,
      "  query-log-enabled = false",
      "[monitor]",
      "  store-enabled = false",
      "[http]",
      `  bind-address = "127.0.0.1:${port}"`,
      "  log-enabled = false",
      "[continuous_queries]",
      "  enabled = false",
      "",
    ].join("\n"),
  );
  return startServer(
    "influxd",
    binaries.influxd,
    ["-config", config],
    port,
    `http://127.0.0.1:${port}/ping`,
    204,
    tmp.remove,
  );
}

/** Starts Debian's Prometheus scraping `target` (a URL) every second, with a bearer token from a file. */
export async function startPrometheus(target: string, token?: string): Promise<RunningServer> {
  const tmp = tempDir("cb-prometheus-");
  const port = await freePort();
  const url = new URL(target);
  const lines = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "  evaluation_interval: 1s",
    "scrape_configs:",
    "  - job_name: cb-collector",
    `    metrics_path: ${JSON.stringify(url.pathname)}`,
    `    scheme: ${url.protocol.slice(0, -1)}`,
    "    static_configs:",
    `      - targets: [${JSON.stringify(url.host)}]`,
  ];
  if (token !== undefined) {
    const file = join(tmp.dir, "token");
    writeFileSync(file, token, { mode: 0o600 });
    lines.push("    authorization:", "      type: Bearer", `      credentials_file: ${JSON.stringify(file)}`);
  }
  const config = join(tmp.dir, "prometheus.yml");
  writeFileSync(config, lines.join("\n") + "\n");
  return startServer(
    "prometheus",
    binaries.prometheus,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(tmp.dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    port,
    `http://127.0.0.1:${port}/-/ready`,
    200,
    tmp.remove,
  );
}

/** The node_exporter collectors the collector's node_* mapping reads. */
export const nodeExporterCollectors = [
  "cpu",
  "meminfo",
  "filesystem",
  "diskstats",
  "netdev",
  "loadavg",
  "stat",
  "time",
  "vmstat",
] as const;

/** Starts Debian's prometheus-node-exporter on loopback with only the collectors the mapping needs. */
export async function startNodeExporter(): Promise<RunningServer> {
  const port = await freePort();
  return startServer(
    "node_exporter",
    binaries.nodeExporter,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      "--collector.disable-defaults",
      ...nodeExporterCollectors.map((c) => `--collector.${c}`),
      "--log.level=warn",
    ],
    port,
    `http://127.0.0.1:${port}/metrics`,
    200,
    () => undefined,
  );
}
