import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv } from "../http/env.js";
import { serverVersion } from "../version.js";

const healthBody = z.object({ message: z.string() }).openapi("HealthCheckResponse");
const versionBody = z.object({ Version: z.string() }).openapi("VersionInfoResponse");

/**
 * Spider's health and version routes (`/healthcheck`, `/health`, `/ping`, `/readyz`, `/version`, `/ver`).
 * They need no credentials, as in CB-Spider, and are registered before the tenant check.
 */
export function systemRoutes(app: OpenAPIHono<ServerEnv>): void {
  for (const path of ["/spider/healthcheck", "/spider/health", "/spider/ping", "/spider/readyz"]) {
    app.openapi(
      createRoute({
        method: "get",
        path,
        tags: ["Health"],
        summary: "Whether the server is ready",
        responses: { 200: { description: "ready", content: { "application/json": { schema: healthBody } } } },
      }),
      (c) => c.json({ message: "cloud-barista server is ready" }, 200),
    );
  }
  for (const path of ["/spider/version", "/spider/ver"]) {
    app.openapi(
      createRoute({
        method: "get",
        path,
        tags: ["Version"],
        summary: "The server's version",
        responses: { 200: { description: "version", content: { "application/json": { schema: versionBody } } } },
      }),
      (c) => c.json({ Version: `cloud-barista server ${serverVersion}` }, 200),
    );
  }
}
