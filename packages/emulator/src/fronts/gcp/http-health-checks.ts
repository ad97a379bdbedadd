import type { FrontResponse } from "../http-front.js";
import type { HealthCheck } from "../../world/types.js";
import { bodyOf, cloudOf, gate, json, link, param, relative, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { GcpError, alreadyExists, invalidField, notFound } from "./errors.js";
import { numericId } from "./ids.js";
import { computeBook } from "./instance-book.js";
import type { HttpHealthCheckEntry } from "./instance-book.js";
import { int64Of } from "./instances.js";
import { checkName } from "./names.js";
import { operate } from "./operations.js";
import { listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// Legacy global HTTP health checks, the kind target pools take. They live in the front until a
// forwarding rule makes their pool a world load balancer, whose health check they then become.

const key = (ctx: GcpContext, name: string) => `${ctx.project}/${name}`;
const path = (name: string) => `global/httpHealthChecks/${name}`;

export function renderHealthCheck(ctx: GcpContext, hc: HttpHealthCheckEntry): Record<string, unknown> {
  return {
    kind: "compute#httpHealthCheck",
    id: hc.id,
    creationTimestamp: timestamp(hc.createdAt),
    name: hc.name,
    description: hc.description,
    host: hc.host,
    requestPath: hc.requestPath,
    port: hc.port,
    checkIntervalSec: hc.checkIntervalSec,
    timeoutSec: hc.timeoutSec,
    unhealthyThreshold: hc.unhealthyThreshold,
    healthyThreshold: hc.healthyThreshold,
    selfLink: link(ctx, path(hc.name)),
  };
}

/** The health check a reference names ("global/httpHealthChecks/hc", full or partial), or 404. */
export function findHealthCheck(ctx: GcpContext, name: string): HttpHealthCheckEntry | undefined {
  return computeBook(ctx.world).httpHealthChecks.get(key(ctx, name));
}

/**
 * The world's check for a health check: an HTTP GET on its port. The world checks at most every
 * 300 s, at least every 5 s, with thresholds of 2 to 10, so Compute Engine's wider values are
 * brought into those bounds.
 */
export function worldHealthCheck(hc: HttpHealthCheckEntry): HealthCheck {
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
  const intervalSeconds = clamp(hc.checkIntervalSec, 5, 300);
  return {
    protocol: "http",
    port: hc.port,
    intervalSeconds,
    timeoutSeconds: clamp(hc.timeoutSec, 2, Math.min(120, intervalSeconds)),
    healthyThreshold: clamp(hc.healthyThreshold, 2, 10),
    unhealthyThreshold: clamp(hc.unhealthyThreshold, 2, 10),
  };
}

function numberField(value: unknown, field: string, fallback: number, min: number, max: number): number {
  const n = int64Of(value, field) ?? fallback;
  if (n < min || n > max) throw invalidField(field, String(n), `Must be between ${min} and ${max}.`);
  return n;
}

interface HealthCheckBody {
  name: unknown;
  description: unknown;
  host: unknown;
  requestPath: unknown;
  port: unknown;
  checkIntervalSec: unknown;
  timeoutSec: unknown;
  healthyThreshold: unknown;
  unhealthyThreshold: unknown;
}

/** The fields of a body over `base` (Compute Engine's defaults for a new check), checked. */
function fieldsOf(body: Partial<HealthCheckBody>, base: Omit<HttpHealthCheckEntry, "id" | "name" | "createdAt">) {
  const checkIntervalSec = numberField(
    body.checkIntervalSec,
    "resource.checkIntervalSec",
    base.checkIntervalSec,
    1,
    300,
  );
  const timeoutSec = numberField(body.timeoutSec, "resource.timeoutSec", base.timeoutSec, 1, 300);
  if (timeoutSec > checkIntervalSec) {
    throw invalidField(
      "resource.timeoutSec",
      String(timeoutSec),
      "Timeout sec must be less than or equal to check interval sec.",
    );
  }
  const requestPath = body.requestPath ?? base.requestPath;
  if (typeof requestPath !== "string" || !requestPath.startsWith("/")) {
    throw invalidField("resource.requestPath", requestPath, "Must start with '/'.");
  }
  return {
    description: typeof body.description === "string" ? body.description : base.description,
    host: typeof body.host === "string" ? body.host : base.host,
    requestPath,
    port: numberField(body.port, "resource.port", base.port, 1, 65535),
    checkIntervalSec,
    timeoutSec,
    healthyThreshold: numberField(body.healthyThreshold, "resource.healthyThreshold", base.healthyThreshold, 1, 10),
    unhealthyThreshold: numberField(
      body.unhealthyThreshold,
      "resource.unhealthyThreshold",
      base.unhealthyThreshold,
      1,
      10,
    ),
  };
}

const defaults = {
  description: "",
  host: "",
  requestPath: "/",
  port: 80,
  checkIntervalSec: 5,
  timeoutSec: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 2,
};

function requireHealthCheck(ctx: GcpContext): HttpHealthCheckEntry {
  const name = param(ctx, "httpHealthCheck");
  const hc = findHealthCheck(ctx, name);
  if (!hc) throw notFound(relative(ctx, path(name)));
  return hc;
}

async function insert(ctx: GcpContext): Promise<FrontResponse> {
  const body = bodyOf<HealthCheckBody>(ctx);
  const name = checkName(body.name);
  const fields = fieldsOf(body, defaults);
  return operate(ctx, { scope: { kind: "global" }, operationType: "insert", target: path(name) }, () => {
    const book = computeBook(ctx.world);
    if (book.httpHealthChecks.has(key(ctx, name))) throw alreadyExists(relative(ctx, path(name)));
    const hc: HttpHealthCheckEntry = { id: numericId(), name, createdAt: ctx.world.clock.now(), ...fields };
    book.httpHealthChecks.set(key(ctx, name), hc);
    return { targetId: hc.id };
  });
}

/** PATCH changes the fields given; the pools' balancers take the new check. */
async function patch(ctx: GcpContext): Promise<FrontResponse> {
  const body = bodyOf<HealthCheckBody>(ctx);
  const name = param(ctx, "httpHealthCheck");
  return operate(ctx, { scope: { kind: "global" }, operationType: "patch", target: path(name) }, () => {
    const hc = requireHealthCheck(ctx);
    Object.assign(hc, fieldsOf(body, hc));
    for (const pool of computeBook(ctx.world).targetPools.values()) {
      if (!pool.healthChecks.includes(path(name)) || !pool.key.startsWith(`${ctx.project}/`)) continue;
      for (const rule of computeBook(ctx.world).forwardingRules.values()) {
        if (rule.targetKey !== pool.key) continue;
        cloudOf(ctx, rule.region).nlbs.updateHealthCheck(rule.nlbId, worldHealthCheck(hc));
      }
    }
    return { targetId: hc.id };
  });
}

async function remove(ctx: GcpContext): Promise<FrontResponse> {
  const name = param(ctx, "httpHealthCheck");
  return operate(ctx, { scope: { kind: "global" }, operationType: "delete", target: path(name) }, () => {
    const hc = requireHealthCheck(ctx);
    const book = computeBook(ctx.world);
    const user = [...book.targetPools.values()].find(
      (p) => p.key.startsWith(`${ctx.project}/`) && p.healthChecks.includes(path(name)),
    );
    if (user) {
      throw new GcpError(
        400,
        "resourceInUseByAnotherResource",
        `The httpHealthCheck resource '${relative(ctx, path(name))}' is already being used by '${relative(ctx, `regions/${user.region}/targetPools/${user.name}`)}'`,
      );
    }
    book.httpHealthChecks.delete(key(ctx, name));
    return { targetId: hc.id };
  });
}

const base = "global/httpHealthChecks";

/** httpHealthChecks (legacy, for target pools): insert, get, list, patch, delete. */
export const httpHealthCheckRoutes: readonly GcpRoute[] = [
  { method: "POST", path: base, api: "compute.httpHealthChecks.insert", handle: insert },
  {
    method: "GET",
    path: base,
    api: "compute.httpHealthChecks.list",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const mine = [...computeBook(ctx.world).httpHealthChecks.entries()]
          .filter(([k]) => k.startsWith(`${ctx.project}/`))
          .map(([, hc]) => renderHealthCheck(ctx, hc));
        return json(200, listBody(ctx, "compute#httpHealthCheckList", base, mine));
      }),
  },
  {
    method: "GET",
    path: `${base}/{httpHealthCheck}`,
    api: "compute.httpHealthChecks.get",
    handle: (ctx) => gate(ctx, undefined, () => json(200, renderHealthCheck(ctx, requireHealthCheck(ctx)))),
  },
  { method: "PATCH", path: `${base}/{httpHealthCheck}`, api: "compute.httpHealthChecks.patch", handle: patch },
  { method: "DELETE", path: `${base}/{httpHealthCheck}`, api: "compute.httpHealthChecks.delete", handle: remove },
];
