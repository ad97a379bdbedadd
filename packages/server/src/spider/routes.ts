import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv } from "../http/env.js";

/** Every CB-Spider-compatible route under /spider that needs a tenant. */
export function spiderRoutes(_app: OpenAPIHono<ServerEnv>): void {}
