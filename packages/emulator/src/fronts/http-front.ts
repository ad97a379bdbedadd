import { createServer } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

/** One HTTP request as a front sees it: the body read whole (cloud API bodies are small). */
export interface FrontRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A front's answer to one request; no headers and an empty body when absent. */
export interface FrontResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** How long an idle keep-alive connection stays open (sent to clients as `Keep-Alive: timeout=60`). */
export const keepAliveTimeoutMs = 60_000;

/** Answers one request in a vendor's protocol; a rejection becomes a bare 500. */
export type FrontHandler = (request: FrontRequest) => Promise<FrontResponse>;

/** An HTTP(S) server `startFront` started on loopback. */
export interface RunningFront {
  /** Base URL, e.g. "http://127.0.0.1:41234" ("https://..." when served over TLS). */
  url: string;
  port: number;
  /** Stops listening and drops open connections, requests in flight included. */
  close(): Promise<void>;
}

/**
 * Serves a front on loopback (never another interface), over HTTPS when given a key and
 * certificate (see self-signed.ts). The handler speaks one vendor's protocol; an exception it
 * throws becomes a bare 500, as a crashed server would answer.
 */
export async function startFront(options: {
  handler: FrontHandler;
  port?: number;
  name?: string;
  tls?: { key: string; cert: string };
}): Promise<RunningFront> {
  const scheme = options.tls ? "https" : "http";
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: FrontRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", `${scheme}://${req.headers.host ?? "127.0.0.1"}`),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      options
        .handler(request)
        .catch((error: unknown) => ({
          status: 500,
          headers: { "content-type": "text/plain" },
          body: `internal error in ${options.name ?? "front"}: ${error instanceof Error ? error.message : String(error)}`,
        }))
        .then((response) => {
          res.writeHead(response.status, response.headers);
          res.end(response.body);
        })
        .catch(() => res.destroy());
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  // Clouds' endpoints keep idle connections open about a minute; Node's default of 5 s makes
  // clients that pause between bursts (paced creates, status polls) connect again and again.
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.headersTimeout = keepAliveTimeoutMs + 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
