import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Real etcd servers on loopback for tests and the chaos suite (`@cloud-barista/store-etcd/testing`):
// one member or a cluster, each member stoppable (SIGKILL for a crash) and restartable on its ports
// and data. Runs Debian's etcd-server binary (or ETCD_BIN); fails, never skips, without it.

/** The etcd binary the tests run: Debian's etcd-server package installs it here. */
export const etcdBinary = process.env["ETCD_BIN"] ?? "/usr/bin/etcd";

/** One etcd member on loopback, with its own data directory. */
export interface EtcdServer {
  /** Client URL, e.g. "http://127.0.0.1:40123". */
  readonly endpoint: string;
  readonly dataDir: string;
  /** Stops the process (SIGKILL simulates a crash) and keeps the data directory. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts again on the same ports and data directory. */
  start(): Promise<void>;
  /** Stops the process and removes the data directory. */
  dispose(): Promise<void>;
}

/**
 * Starts a single-member etcd on random free loopback ports with a temporary data directory and
 * waits until it reports healthy. Fails (never skips) when etcd is not installed.
 */
export async function startEtcd(extraArgs: readonly string[] = []): Promise<EtcdServer> {
  if (!existsSync(etcdBinary)) {
    throw new Error(
      `etcd not found at ${etcdBinary}. The @cloud-barista/store-etcd tests run a real etcd server: ` +
        "install it with `sudo apt-get install etcd-server` (Debian/Ubuntu), or set ETCD_BIN to an etcd 3.4+ binary.",
    );
  }
  const dataDir = await makeDataDir();
  // A free port can be taken between probing and etcd binding it; then try other ports.
  for (let attempt = 1; ; attempt++) {
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    const server = new LocalEtcd(dataDir, clientPort, peerPort, extraArgs);
    try {
      await server.start();
      return server;
    } catch (error) {
      await server.stop();
      if (attempt >= 3 || !String(error).includes("address already in use")) {
        await rm(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/**
 * Starts a cluster of `size` members on loopback (fresh data directories, random free ports) and
 * waits until every member reports healthy. Members can be stopped (killed) one by one.
 */
export async function startEtcdCluster(size: number, extraArgs: readonly string[] = []): Promise<EtcdServer[]> {
  if (!existsSync(etcdBinary)) await startEtcd(); // fails with the installation hint
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ client: await freePort(), peer: await freePort() });
  const initialCluster = ports.map((p, i) => `m${i}=http://127.0.0.1:${p.peer}`).join(",");
  const token = `cluster-${ports[0]?.peer ?? 0}`; // one per cluster, so members of others are refused
  const members = await Promise.all(
    ports.map(async (p, i) => {
      const args = [`--initial-cluster-token=${token}`, "--initial-cluster-state=new", ...extraArgs];
      return new LocalEtcd(await makeDataDir(), p.client, p.peer, args, { name: `m${i}`, initialCluster });
    }),
  );
  try {
    // Each member waits for a quorum to be healthy, so they start together.
    await Promise.all(members.map((m) => m.start()));
    return members;
  } catch (error) {
    await Promise.all(members.map((m) => m.dispose()));
    throw error;
  }
}

class LocalEtcd implements EtcdServer {
  readonly endpoint: string;
  readonly dataDir: string;
  readonly #args: string[];
  #child: ChildProcess | undefined;

  constructor(
    dataDir: string,
    clientPort: number,
    peerPort: number,
    extraArgs: readonly string[],
    member: { name: string; initialCluster?: string } = { name: "default" },
  ) {
    this.dataDir = dataDir;
    this.endpoint = `http://127.0.0.1:${clientPort}`;
    const peer = `http://127.0.0.1:${peerPort}`;
    this.#args = [
      `--name=${member.name}`,
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${this.endpoint}`,
      `--advertise-client-urls=${this.endpoint}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=${member.initialCluster ?? `${member.name}=${peer}`}`,
      "--logger=zap",
      "--log-level=error",
      ...extraArgs,
    ];
  }

  async start(): Promise<void> {
    const child = spawn(etcdBinary, this.#args, { stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    killOnExit.add(child);
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const exited = new Promise<never>((_, reject) => {
      child.once("error", reject);
      child.once("exit", (code, signal) =>
        reject(new Error(`etcd exited during start (${signal ?? `code ${code}`}):\n${stderr}`)),
      );
    });
    exited.catch(() => undefined); // observed by the race below, or irrelevant once healthy
    await Promise.race([this.#waitHealthy(10_000), exited]);
  }

  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exit;
    clearTimeout(timer);
    killOnExit.delete(child);
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  async #waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        // A member without a quorum yet may hold the answer back: ask again rather than wait.
        const response = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.ok && ((await response.json()) as { health?: string }).health === "true") return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`etcd at ${this.endpoint} not healthy after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** etcd processes still running when the test worker exits (after a crash or a hard timeout). */
const killOnExit = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of killOnExit) child.kill("SIGKILL");
});

/**
 * A fresh data directory, on tmpfs when there is one: etcd then starts in a third of the time and
 * its fsyncs cost nothing. Data still outlives the etcd process, which is all the restart test needs.
 */
async function makeDataDir(): Promise<string> {
  for (const root of ["/dev/shm", tmpdir()]) {
    try {
      return await mkdtemp(join(root, "store-etcd-"));
    } catch {
      // not there or not writable: try the next root
    }
  }
  throw new Error("no writable temporary directory for etcd's data");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
