import { randomBytes } from "node:crypto";
import { json, param } from "../context.js";
import type { GcpContext } from "../context.js";
import type { ContainerOperation } from "../front-state.js";
import { timestamp } from "../context.js";
import { gkeNotFound } from "./errors.js";
import { gkeLink, locationOf, parentOf } from "./locations.js";
import type { GkeLocation } from "./locations.js";

// GKE answers every change with an Operation (PENDING, RUNNING, DONE) that clients poll with
// GetOperation. An Operation here is DONE when the world says its change is done (the cluster
// runs, the node pool is gone): the world's clock drives both.

/** Records an Operation of `type` ("CREATE_CLUSTER") on `target`, done when `check` says so. */
export function startGkeOperation(
  ctx: GcpContext,
  location: GkeLocation,
  type: string,
  target: string,
  check: ContainerOperation["check"],
): ContainerOperation {
  const now = ctx.world.clock.now();
  const op: ContainerOperation = {
    name: `operation-${now}-${randomBytes(4).toString("hex")}`,
    project: ctx.project,
    location: location.name,
    operationType: type,
    target,
    startAt: now,
    check,
  };
  ctx.state.containerOperations.set(`${ctx.project}/${op.name}`, op);
  return op;
}

/** The Operation as GKE shows it now (its end noted the first time it is seen done). */
export function gkeOperationView(ctx: GcpContext, op: ContainerOperation): Record<string, unknown> {
  if (op.endAt === undefined) {
    const state = op.check();
    if (state.done) {
      op.endAt = ctx.world.clock.now();
      if (state.error) op.error = state.error;
    }
  }
  const done = op.endAt !== undefined;
  const self = `projects/${op.project}/locations/${op.location}/operations/${op.name}`;
  return {
    name: op.name,
    zone: op.location,
    operationType: op.operationType,
    status: done ? "DONE" : "RUNNING",
    selfLink: gkeLink(ctx, self),
    targetLink: gkeLink(ctx, op.target),
    location: op.location,
    startTime: timestamp(op.startAt),
    ...(done && op.endAt !== undefined ? { endTime: timestamp(op.endAt) } : {}),
    ...(op.error ? { error: { code: op.error.code, message: op.error.message }, statusMessage: op.error.message } : {}),
  };
}

/** GET .../locations/{location}/operations/{operation}. */
export function getOperation(ctx: GcpContext) {
  const location = locationOf(ctx);
  const name = param(ctx, "operation");
  const op = ctx.state.containerOperations.get(`${ctx.project}/${name}`);
  if (!op || op.location !== location.name) throw gkeNotFound(`${parentOf(ctx, location)}/operations/${name}`);
  return json(200, gkeOperationView(ctx, op));
}

/** GET .../locations/{location}/operations ("-" lists every location's). */
export function listOperations(ctx: GcpContext) {
  const all = param(ctx, "location") === "-";
  const location = all ? undefined : locationOf(ctx);
  const ops = [...ctx.state.containerOperations.values()].filter(
    (op) => op.project === ctx.project && (location === undefined || op.location === location.name),
  );
  return json(200, { operations: ops.map((op) => gkeOperationView(ctx, op)) });
}
