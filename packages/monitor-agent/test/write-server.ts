import { createServer } from "node:http";
import type { IncomingHttpHeaders, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** One request the test server received, body decompressed. */
export interface ReceivedWrite {
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly lines: string[];
  readonly status: number;
}

/** The answer to one request; status 0: no answer at all (the connection stays open). */
export type Reply = { status: number; body?: string; headers?: Record<string, string> };

/**
 * A real InfluxDB-v1-like write endpoint for tests: records every POST /write and answers what
 * `reply` says for it (default 204). Lines are recorded only for 2xx answers in `acknowledged`.
 */
export interface WriteServer {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedWrite[];
  /** Lines of requests answered 2xx, in arrival order. */
  acknowledged(): string[];
  reply: (request: { lines: string[]; index: number }) => Reply;
  close(): Promise<void>;
}

export async function startWriteServer(port = 0): Promise<WriteServer> {
  const requests: ReceivedWrite[] = [];
  const state: WriteServer = {
    url: "",
    port: 0,
    requests,
    acknowledged: () => requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.lines),
    reply: () => ({ status: 204 }),
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const lines = body
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== "");
      const reply = state.reply({ lines, index: requests.length });
      if (reply.status === 0) {
        requests.push({ url: new URL(req.url ?? "/", "http://x"), headers: req.headers, lines, status: 0 });
        return; // a receiver that never answers
      }
      requests.push({ url: new URL(req.url ?? "/", "http://x"), headers: req.headers, lines, status: reply.status });
      res.writeHead(reply.status, { "Content-Type": "application/json", ...reply.headers });
      res.end(reply.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const bound = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

/** A port nothing listens on (bound once, then released): connections to it are refused. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until `check` is true (or throws after `timeoutMs`). */
export async function until(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
