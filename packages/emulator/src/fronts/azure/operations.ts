import type { FrontResponse } from "../http-front.js";
import { ArmError } from "./arm-error.js";
import { gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { ruleHealth } from "./load-balancer-health.js";
import { clustersOf } from "../world-clusters.js";

// Long-running operations as ARM runs them: a PUT or DELETE answers at once (201/200 or 202) with an
// absolute Azure-AsyncOperation URL (and, for DELETE, a Location URL) to poll. The status of an
// operation follows from when it ends on the world's clock, so the front keeps no state: the
// operation id carries the resource, the end time and the failure it will report.

interface Operation {
  /** The resource the operation is about. */
  r: string;
  /** End time on the world's clock. */
  d: number;
  /** Start time on the world's clock. */
  s: number;
  /** The error the operation ends with, when it fails. */
  e?: { code: string; message: string };
  /** An operation with a result: the health of a load balancer's rule ([balancer id, rule name]). */
  h?: [string, string];
  /** An operation that ends when the world says so (a managed cluster's): what to watch. */
  w?: WorldWatch;
}

/** A managed cluster (or one of its agent pools) to watch until it settles or is gone. */
export interface WorldWatch {
  region: string;
  /** The world cluster's id. */
  cluster: string;
  /** An agent pool's world node-group id. */
  pool?: string;
  until: "settled" | "gone";
}

function encode(op: Operation): string {
  return Buffer.from(JSON.stringify(op)).toString("base64url");
}

function decode(id: string): Operation | undefined {
  try {
    const op = JSON.parse(Buffer.from(id, "base64url").toString("utf8")) as Partial<Operation>;
    return typeof op.r === "string" && typeof op.d === "number" && typeof op.s === "number"
      ? (op as Operation)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Seconds until the operation ends, at least 1 and at most 10 (what Network RP asks). */
function retryAfter(ctx: ArmContext, doneAt: number): string {
  return String(Math.min(10, Math.max(1, Math.ceil((doneAt - ctx.world.clock.now()) / 1000))));
}

/**
 * Headers of an operation's first answer: Azure-AsyncOperation, Location for deletes, Retry-After.
 * `failure` makes the operation end Failed with that error (a build that fails in the background).
 */
export function startOperation(
  ctx: ArmContext,
  options: {
    region: string;
    /** The resource's ARM id; its provider ("Microsoft.Compute") is the operation's namespace. */
    resourceId: string;
    withLocation?: boolean;
    failure?: { code: string; message: string } | undefined;
    /** How long the operation runs (default the front's operationMs): a VM's boot, stop, start. */
    durationMs?: number;
    /** What the operation's Location answers once done: a load-balancing rule's health. */
    ruleHealth?: { loadBalancer: string; rule: string };
    /** Ends the operation when the world's cluster settles or is gone, not after a set time. */
    watch?: WorldWatch;
  },
): Record<string, string> {
  const now = ctx.world.clock.now();
  const op: Operation = {
    r: options.resourceId,
    s: now,
    d: now + (options.durationMs ?? ctx.operationMs),
    ...(options.failure ? { e: { code: options.failure.code, message: options.failure.message } } : {}),
    ...(options.ruleHealth
      ? { h: [options.ruleHealth.loadBalancer, options.ruleHealth.rule] as [string, string] }
      : {}),
    ...(options.watch ? { w: options.watch } : {}),
  };
  const id = encode(op);
  const namespace = /\/providers\/([^/]+)\//i.exec(options.resourceId)?.[1];
  if (namespace === undefined) throw new Error(`not an ARM resource id: ${options.resourceId}`);
  const base = `${ctx.origin}/subscriptions/${ctx.account}/providers/${namespace}/locations/${options.region}`;
  const query = `?api-version=${ctx.apiVersion}`;
  return {
    "azure-asyncoperation": `${base}/operations/${id}${query}`,
    ...(options.withLocation ? { location: `${base}/operationResults/${id}${query}` } : {}),
    "retry-after": retryAfter(ctx, op.d),
  };
}

/**
 * GET {namespace}/locations/{region}/operations/{id}: the status document (InProgress, Succeeded
 * or Failed with the error); GET .../operationResults/{id}: 202 while in progress, 204 when done.
 */
export async function serveOperation(
  ctx: ArmContext,
  kind: "operations" | "operationresults",
  region: string,
  id: string,
): Promise<FrontResponse> {
  const api = kind === "operations" ? "AsyncOperations_Get" : "OperationResults_Get";
  const op = await gate(ctx, region, api, () => decode(id));
  if (!op) throw new ArmError(404, "OperationNotFound", `The operation '${id}' could not be found.`);
  const now = ctx.world.clock.now();
  if (op.w) {
    const state = watched(ctx, op.w);
    // A watched operation ends when the world's change does (its id carries no end time).
    op.d = state.done ? now : now + ctx.operationMs;
    if (state.error) op.e = state.error;
  }
  const done = now >= op.d;
  if (kind === "operationresults") {
    if (!done)
      return { status: 202, headers: { "retry-after": retryAfter(ctx, op.d), location: ctx.request.url.toString() } };
    if (op.e) throw new ArmError(409, op.e.code, op.e.message);
    if (op.h) {
      const health = ruleHealth(ctx, op.h[0], op.h[1]);
      if (!health) throw new ArmError(404, "NotFound", `Resource ${op.h[0]}/loadBalancingRules/${op.h[1]} not found.`);
      return json(200, health);
    }
    return { status: 204 };
  }
  const status = !done ? "InProgress" : op.e ? "Failed" : "Succeeded";
  const body = {
    id: ctx.request.url.pathname,
    name: id,
    status,
    startTime: new Date(op.s).toISOString(),
    ...(done ? { endTime: new Date(op.d).toISOString() } : {}),
    ...(done && op.e ? { error: { ...op.e, details: [] } } : {}),
  };
  return json(200, body, done ? {} : { "retry-after": retryAfter(ctx, op.d) });
}

/** "Updating" while a create is within its operation's time, then "Succeeded". */
export function provisioningState(ctx: ArmContext, createdAt: number): "Updating" | "Succeeded" {
  return ctx.world.clock.now() < createdAt + ctx.operationMs ? "Updating" : "Succeeded";
}

/**
 * ARM's answer to a network DELETE: 204 when there was nothing to delete, else 202 with an
 * operation to poll (Azure-AsyncOperation and Location).
 */
export function networkDeleteAnswer(ctx: ArmContext, deleted: boolean, region: string, id: string): FrontResponse {
  if (!deleted) return { status: 204 };
  return {
    status: 202,
    headers: startOperation(ctx, { region, resourceId: id, withLocation: true }),
  };
}

/** Whether a watched cluster or pool has settled (or is gone), and the error it failed with. */
function watched(ctx: ArmContext, watch: WorldWatch): { done: boolean; error?: { code: string; message: string } } {
  const cloud = ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region: watch.region });
  const cluster = clustersOf(cloud)
    .list()
    .find((c) => c.id === watch.cluster);
  const pool = watch.pool === undefined ? undefined : cluster?.nodeGroups.find((g) => g.id === watch.pool);
  const target = watch.pool === undefined ? cluster : pool;
  if (watch.until === "gone") return { done: target === undefined };
  if (!cluster || !target) {
    return { done: true, error: { code: "NotFound", message: "The resource was deleted while the operation ran." } };
  }
  const states = watch.pool === undefined ? [cluster.state, ...cluster.nodeGroups.map((g) => g.state)] : [target.state];
  if (states.includes("failed")) {
    return {
      done: true,
      error: { code: "ReconcileVMSSAgentPoolFailed", message: "The agent pool's virtual machines could not be made." },
    };
  }
  return { done: states.every((s) => s === "active") };
}
