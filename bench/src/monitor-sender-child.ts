// The sender of the ingest benchmark, in a process of its own so that its CPU is counted apart
// from the bench's and the collector's: it gets the bodies once (encoded, with their timestamps'
// places), and per round restamps them (untimed), then posts them all over node:http on
// keep-alive connections, `inflight` at a time, retrying 503s, and reports the samples the
// collector acknowledged (204), the wall time and its own CPU time.
import { Agent, request } from "node:http";
import { stampBodies } from "./monitor-line-stamps.js";

export interface SenderSetup {
  url: string;
  token: string;
  inflight: number;
  bodies: Uint8Array[];
  offsets: Uint32Array[];
  /** Samples in each body. */
  samples: number[];
}

export type SenderCommand = { stamp: string } | { send: true } | { close: true };

export interface SenderRound {
  ms: number;
  cpuMs: number;
  acknowledged: number;
  retries: number;
}

// Asks for its setup once listening (a message sent before then would be lost).
const setup = await new Promise<SenderSetup>((resolve) => {
  process.once("message", resolve);
  process.send?.("up");
});
const target = new URL(setup.url);
const bodies = setup.bodies.map((b) => Buffer.from(b.buffer, b.byteOffset, b.length));
const agent = new Agent({ keepAlive: true, maxSockets: setup.inflight });
const headers = { Authorization: `Bearer ${setup.token}`, "Content-Type": "text/plain; charset=utf-8" };

/** One POST; resolves with the status and the body of the answer. */
function post(body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: "/write?db=bench&precision=ns",
        method: "POST",
        agent,
        headers: { ...headers, "Content-Length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function sendAll(): Promise<SenderRound> {
  let next = 0;
  let acknowledged = 0;
  let retries = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < bodies.length; i = next++) {
      for (;;) {
        const r = await post(bodies[i] as Buffer);
        if (r.status === 204) {
          acknowledged += setup.samples[i] as number;
          break;
        }
        if (r.status !== 503) throw new Error(`collector answered ${r.status}: ${r.text}`);
        retries++; // the store is behind on disk: wait a little, send again
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  await Promise.all(Array.from({ length: setup.inflight }, worker));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, acknowledged, retries };
}

const stamped = { bodies, offsets: setup.offsets };
process.send?.("ready");
process.on("message", (command: SenderCommand) => {
  if ("stamp" in command) {
    stampBodies(stamped, BigInt(command.stamp));
    process.send?.("stamped");
  } else if ("send" in command) {
    sendAll().then(
      (round) => process.send?.(round),
      (error: unknown) => process.send?.({ error: String(error) }),
    );
  } else {
    agent.destroy();
    process.exit(0);
  }
});
