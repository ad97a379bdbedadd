import type { AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createAdaptorServer, getRequestListener } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createServerApp } from "./app.js";
import type { ServerAppOptions } from "./app.js";
import type { ServerEnv } from "./http/env.js";

/** `serve`'s options: the app's, plus where to listen. */
export interface ServeOptions extends ServerAppOptions {
  /** Default 1024 (CB-Spider's port); 0 picks a free one. */
  port?: number;
  /** Default 127.0.0.1: loopback only, unless the operator says otherwise. */
  host?: string;
}

/** A listening server: its URL, its app, and how to stop it. */
export interface RunningServer {
  /** Where it listens, e.g. "http://127.0.0.1:1024" (with the base path, if any). */
  url: string;
  app: OpenAPIHono<ServerEnv>;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Runs the server on node:http until `close()`. */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const app = createServerApp(options);
  const server = createAdaptorServer({ fetch: app.fetch });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 1024, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${hostPart}:${port}${options.basePath ?? ""}`,
    app,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}

/**
 * The app as a node:http request listener, to mount in any Node server (node:http, Express,
 * Fastify's raw handler). Create the app with `basePath` equal to the prefix the host routes to it.
 */
export function nodeListener(app: {
  fetch: (request: Request) => Response | Promise<Response>;
}): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  return getRequestListener((request) => app.fetch(request));
}
