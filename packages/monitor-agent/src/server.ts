import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expositionContentType, toExposition } from "./exposition.js";
import type { Point } from "./point.js";

/** What {@link startPullServer} serves and where. */
export interface PullServerOptions {
  /** Bind address (default 127.0.0.1: pull from elsewhere needs an explicit 0.0.0.0 or interface IP). */
  readonly host?: string;
  /** Port (0: any free port, see `address`). */
  readonly port: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (401 otherwise). */
  readonly token?: string;
  /** The points to serve: the latest sample. */
  readonly points: () => readonly Point[];
  /** The /healthz body besides status and version. */
  readonly health?: () => Record<string, unknown>;
  /** The agent's version, in /healthz. */
  readonly version: string;
}

/** A listening pull server, from {@link startPullServer}. */
export interface PullServer {
  /** The address bound (the actual port when 0 was asked). */
  readonly address: { readonly host: string; readonly port: number };
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1].trim());
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * Serves the latest sample for pull: GET /metrics (Prometheus text exposition 0.0.4, bearer token
 * when configured) and GET /healthz (JSON, no token: it reveals no metric).
 */
export async function startPullServer(options: PullServerOptions): Promise<PullServer> {
  const { host = "127.0.0.1", port, token } = options;
  const json = (status: number, body: unknown): [number, Record<string, string>, string] => [
    status,
    { "Content-Type": "application/json" },
    JSON.stringify(body),
  ];
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    let answer: [number, Record<string, string>, string];
    if (path !== "/metrics" && path !== "/healthz") answer = json(404, { error: "not found" });
    else if (req.method !== "GET" && req.method !== "HEAD") answer = json(405, { error: "method not allowed" });
    else if (path === "/healthz") answer = json(200, { status: "ok", version: options.version, ...options.health?.() });
    else if (token && !tokenMatches(req.headers.authorization, token)) {
      answer = json(401, { error: "authorization failed" });
      answer[1]["WWW-Authenticate"] = 'Bearer realm="cb-monitor-agent"';
    } else answer = [200, { "Content-Type": expositionContentType }, toExposition(options.points())];
    const [status, headers, body] = answer;
    res.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  server.keepAliveTimeout = 65_000; // longer than a scraper's usual interval
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
