import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { notFound } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { pipeEvents } from "./event-stream.js";
import type { Operation } from "./operations.js";
import { eventStream, nsParams, operationInfo, operationList } from "./schemas.js";
import type { TenantStates } from "./tenant-state.js";

const tags = ["Operations"];
const security = [{ bearer: [] }];
const opParams = z.object({
  opId: z
    .string()
    .max(64)
    .openapi({ param: { name: "opId", in: "path" } }),
});

function infoOf(op: Operation): z.infer<typeof operationInfo> {
  return {
    id: op.id,
    kind: op.kind,
    action: op.action,
    nsId: op.namespace,
    mcisId: op.mcisId,
    state: op.state,
    progress: { ...op.progress },
    startedTime: op.startedAt.toISOString(),
    ...(op.finishedAt ? { finishedTime: op.finishedAt.toISOString() } : {}),
    ...(op.error
      ? {
          error: {
            message: op.error.message,
            code: op.error.code,
            ...(op.error.field ? { field: op.error.field } : {}),
          },
        }
      : {}),
  };
}

/**
 * The tenant's long operations (MCIS create, control, scale-out, delete) and their Server-Sent
 * Events, and the events of a whole namespace (what the page follows). Another tenant's operation
 * is not found: operations live in the tenant's own state.
 */
export function operationRoutes(app: OpenAPIHono<ServerEnv>, states: TenantStates): void {
  const operation = (c: Context<ServerEnv>, id: string): Operation => {
    const op = states.of(c.get("tenant")).operations.get(id);
    if (!op) throw notFound("operation", id);
    return op;
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/operations",
      tags,
      security,
      summary: "The tenant's operations (running, and the last finished ones)",
      responses: { 200: { description: "operations", content: { "application/json": { schema: operationList } } } },
    }),
    (c) => c.json({ operation: states.of(c.get("tenant")).operations.list().map(infoOf) }, 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/operations/{opId}",
      tags,
      security,
      summary: "An operation's state and progress",
      request: { params: opParams },
      responses: { 200: { description: "the operation", content: { "application/json": { schema: operationInfo } } } },
    }),
    (c) => c.json(infoOf(operation(c, c.req.valid("param").opId)), 200),
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/operations/{opId}/events",
      tags,
      security,
      summary: "An operation's events from its start: `progress` per VM, then `done` or `error`",
      request: { params: opParams },
      responses: { 200: { description: "event stream", content: eventStream } },
    }),
    (c) => {
      const op = operation(c, c.req.valid("param").opId);
      return streamSSE(c, (stream) =>
        pipeEvents(
          stream,
          (push) => op.subscribe(push),
          (event) => event.event !== "progress",
        ),
      );
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/tumblebug/ns/{nsId}/events",
      tags,
      security,
      summary: "Live events of a namespace: `ready`, then `progress` per VM and `operation` at each start and end",
      request: { params: nsParams },
      responses: { 200: { description: "event stream", content: eventStream } },
    }),
    async (c) => {
      const { nsId } = c.req.valid("param");
      const state = states.of(c.get("tenant"));
      await state.namespaces.get(nsId);
      return streamSSE(c, (stream) =>
        pipeEvents(stream, (push) => {
          push({ event: "ready", data: { nsId } });
          return state.hub.subscribe(nsId, (event, data) => push({ event, data }));
        }),
      );
    },
  );
}
