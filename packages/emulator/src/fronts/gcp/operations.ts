import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { QuotaName } from "../../world/control/quotas.js";
import { isWorldError } from "../../world/errors.js";
import type { GateContext } from "../../world/world.js";
import { gate, homeRegion, json, link, param, relative, requireRegion, requireZone, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { gcpErrorOf, invalidField, notFound } from "./errors.js";
import type { OperationRecord, OperationScope } from "./front-state.js";
import { numericId, operationName } from "./ids.js";
import { aggregatedBody, listBody } from "./paging.js";
import { quotaMetrics } from "./quota-metrics.js";
import type { GcpRoute } from "./router.js";

// Every mutation answers an Operation at once; the world changes at once too, and the Operation
// reports PENDING, then RUNNING, then DONE on the world's clock (its first fifth pending). Quota
// and capacity failures do not fail the call: they end the Operation with `error.errors[]`, as
// Compute Engine reports them, and nothing is left behind.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The scope's path: "zones/z", "regions/r" or "global". */
export function scopePath(scope: OperationScope): string {
  return scope.kind === "global" ? "global" : `${scope.kind}s/${scope.name}`;
}

export interface OperationSpec {
  scope: OperationScope;
  /** "insert", "delete", "patch", "setMetadata", ... */
  operationType: string;
  /** Relative path of the target under the project: "global/networks/n". */
  target: string;
  targetId?: string | undefined;
  /** How long the operation runs (world clock); default the front's operationMs. */
  durationMs?: number | undefined;
  /** Ends the operation with these errors (and httpErrorStatusCode/Message). */
  failure?: OperationFailure | undefined;
}

export interface OperationFailure {
  errors: { code: string; message: string }[];
  httpStatus: number;
  httpMessage: string;
}

/** Records a new operation of the caller's project. */
export function startOperation(ctx: GcpContext, spec: OperationSpec): OperationRecord {
  const now = ctx.world.clock.now();
  const duration = Math.max(0, spec.durationMs ?? ctx.settings.operationMs);
  const op: OperationRecord = {
    id: numericId(),
    name: operationName(now, ctx.state.nextSeq()),
    project: ctx.project,
    scope: spec.scope,
    operationType: spec.operationType,
    target: spec.target,
    targetId: spec.targetId,
    user: ctx.user,
    insertAt: now,
    startAt: now + Math.round(duration / 5),
    doneAt: now + duration,
    ...(spec.failure
      ? {
          error: spec.failure.errors,
          httpErrorStatusCode: spec.failure.httpStatus,
          httpErrorMessage: spec.failure.httpMessage,
        }
      : {}),
  };
  ctx.state.operations.set(`${ctx.project}/${op.name}`, op);
  return op;
}

/** The Operation resource as Compute Engine shows it now. */
export function operationView(ctx: GcpContext, op: OperationRecord): Record<string, unknown> {
  const now = ctx.world.clock.now();
  const status = now >= op.doneAt ? "DONE" : now >= op.startAt ? "RUNNING" : "PENDING";
  const span = op.doneAt - op.startAt;
  const progress =
    status === "DONE" ? 100 : status === "PENDING" || span <= 0 ? 0 : Math.floor((100 * (now - op.startAt)) / span);
  const path = `${scopePath(op.scope)}/operations/${op.name}`;
  return {
    kind: "compute#operation",
    id: op.id,
    name: op.name,
    operationType: op.operationType,
    targetLink: link(ctx, op.target),
    ...(op.targetId === undefined ? {} : { targetId: op.targetId }),
    status,
    user: op.user,
    progress,
    insertTime: timestamp(op.insertAt),
    ...(status === "PENDING" ? {} : { startTime: timestamp(op.startAt) }),
    ...(status === "DONE" ? { endTime: timestamp(op.doneAt) } : {}),
    ...(status === "DONE" && op.error
      ? {
          error: { errors: op.error.map((e) => ({ ...e })) },
          httpErrorStatusCode: op.httpErrorStatusCode,
          httpErrorMessage: op.httpErrorMessage,
        }
      : {}),
    selfLink: link(ctx, path),
    ...(op.scope.kind === "zone" ? { zone: link(ctx, `zones/${op.scope.name}`) } : {}),
    ...(op.scope.kind === "region" ? { region: link(ctx, `regions/${op.scope.name}`) } : {}),
  };
}

/**
 * How a world error that Compute Engine reports inside the Operation reads there: quota and
 * capacity. Other errors return undefined (the call itself fails).
 */
export function operationFailureOf(
  ctx: GcpContext,
  error: unknown,
  region: string,
  zone?: string,
): OperationFailure | undefined {
  if (isWorldError(error, "QuotaExceeded")) {
    const name = error.resourceId as QuotaName | undefined;
    const metric = (name && quotaMetrics[name]) ?? "QUOTA";
    const limit = name ? ctx.world.quotas.limitsFor("GCP", ctx.project, region)[name] : undefined;
    return {
      errors: [
        {
          code: "QUOTA_EXCEEDED",
          message: `Quota '${metric}' exceeded.  Limit: ${limit ?? 0}.0 in region ${region}.`,
        },
      ],
      httpStatus: 403,
      httpMessage: "FORBIDDEN",
    };
  }
  if (isWorldError(error, "InsufficientCapacity")) {
    const where = relative(ctx, zone ? `zones/${zone}` : `regions/${region}`);
    return {
      errors: [
        {
          code: "ZONE_RESOURCE_POOL_EXHAUSTED",
          message: `The zone '${where}' does not have enough resources available to fulfill the request.  Try a different zone, or try again later.`,
        },
      ],
      httpStatus: 503,
      httpMessage: "SERVICE UNAVAILABLE",
    };
  }
  return undefined;
}

/** A world error raised in a known region or zone, for the Operation's message (see `inPlace`). */
class PlacedError extends Error {
  readonly original: unknown;
  readonly region: string;
  readonly zone: string | undefined;

  constructor(original: unknown, region: string, zone: string | undefined) {
    super("placed");
    this.original = original;
    this.region = region;
    this.zone = zone;
  }
}

/**
 * Runs `fn` for one region (or zone) inside an `operate` callback that spans several (a global
 * network's VPCs): its quota or capacity error then names that region in the Operation.
 */
export function inPlace<T>(region: string, zone: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new PlacedError(error, region, zone);
  }
}

/**
 * The Operation of an earlier call with the same `requestId` (a retried mutation), which the call
 * then answers without changing anything again; undefined for a new request. 400 for an id that is
 * not a non-zero UUID, as Compute Engine refuses it.
 */
export function replayedOperation(ctx: GcpContext): FrontResponse | undefined {
  const requestId = ctx.request.url.searchParams.get("requestId");
  if (ctx.request.method === "GET" || requestId === null || requestId === "") return undefined;
  if (!uuidPattern.test(requestId) || /^[0-]+$/.test(requestId)) {
    throw invalidField("requestId", requestId, "Must be a valid non-zero UUID.");
  }
  const name = ctx.state.requests.get(`${ctx.account}/${requestId}`);
  const earlier = name === undefined ? undefined : ctx.state.operations.get(`${ctx.account}/${name}`);
  return earlier ? json(200, operationView(ctx, earlier)) : undefined;
}

/**
 * A mutation as Compute Engine runs it: `fn` changes the world through the gate in `region` (the
 * home region for global resources); the answer is the Operation. A quota or capacity error ends
 * the Operation in error (and `fn` must leave nothing behind: the world's services are atomic);
 * any other error fails the call. `fn` may return the target's id.
 */
export async function operate(
  ctx: GcpContext,
  spec: Omit<OperationSpec, "failure" | "targetId"> & { region?: string | undefined; zone?: string | undefined },
  fn: (cloud: AccountRegion, gate: GateContext) => { targetId?: string } | void | Promise<{ targetId?: string } | void>,
): Promise<FrontResponse> {
  const region = spec.region ?? homeRegion(ctx);
  const requestId = ctx.request.url.searchParams.get("requestId");
  try {
    const op = await gate(
      ctx,
      region,
      async (cloud, g) => {
        let targetId: string | undefined;
        let failure: OperationFailure | undefined;
        try {
          targetId = (await fn(cloud, g))?.targetId;
        } catch (error) {
          const placed = error instanceof PlacedError ? error : undefined;
          const original: unknown = placed ? placed.original : error;
          failure = operationFailureOf(ctx, original, placed?.region ?? region, placed ? placed.zone : spec.zone);
          if (!failure) throw original;
        }
        // Recorded inside the gate: when the answer is then lost (an "after" fault), a retry with
        // the same requestId still finds the Operation, as on Compute Engine.
        const made = startOperation(ctx, { ...spec, targetId, failure });
        if (requestId !== null && requestId !== "") ctx.state.requests.set(`${ctx.account}/${requestId}`, made.name);
        return made;
      },
      relative(ctx, spec.target),
    );
    return json(200, operationView(ctx, op));
  } catch (error) {
    throw gcpErrorOf(error, relative(ctx, spec.target));
  }
}

function scopeOf(ctx: GcpContext, kind: OperationScope["kind"]): OperationScope {
  if (kind === "zone") return { kind, name: requireZone(ctx, param(ctx, "zone")).zone.name };
  if (kind === "region") return { kind, name: requireRegion(ctx, param(ctx, "region")).name };
  return { kind };
}

function requireOperation(ctx: GcpContext, scope: OperationScope): OperationRecord {
  const name = param(ctx, "operation");
  const op = ctx.state.operations.get(`${ctx.project}/${name}`);
  if (!op || scopePath(op.scope) !== scopePath(scope)) {
    throw notFound(relative(ctx, `${scopePath(scope)}/operations/${name}`));
  }
  return op;
}

function operationRoutes(kind: OperationScope["kind"], prefix: string, api: string): GcpRoute[] {
  const base = `${prefix}/operations`;
  return [
    {
      method: "GET",
      path: base,
      api: `compute.${api}.list`,
      handle: (ctx) =>
        gate(ctx, kind === "region" ? param(ctx, "region") : undefined, () => {
          const scope = scopeOf(ctx, kind);
          const ops = [...ctx.state.operations.values()].filter(
            (op) => op.project === ctx.project && scopePath(op.scope) === scopePath(scope),
          );
          return json(
            200,
            listBody(
              ctx,
              "compute#operationList",
              `${scopePath(scope)}/operations`,
              ops.map((op) => operationView(ctx, op)),
            ),
          );
        }),
    },
    {
      method: "GET",
      path: `${base}/{operation}`,
      api: `compute.${api}.get`,
      handle: (ctx) =>
        gate(ctx, undefined, () => json(200, operationView(ctx, requireOperation(ctx, scopeOf(ctx, kind))))),
    },
    {
      method: "DELETE",
      path: `${base}/{operation}`,
      api: `compute.${api}.delete`,
      handle: (ctx) =>
        gate(ctx, undefined, () => {
          const op = requireOperation(ctx, scopeOf(ctx, kind));
          ctx.state.operations.delete(`${ctx.project}/${op.name}`);
          return json(200, {});
        }),
    },
    {
      method: "POST",
      path: `${base}/{operation}/wait`,
      api: `compute.${api}.wait`,
      handle: async (ctx) => {
        const op = await gate(ctx, undefined, () => requireOperation(ctx, scopeOf(ctx, kind)));
        // Returns when the operation is DONE, or after waitMs with its state then (Google: 2 minutes).
        const left = Math.min(op.doneAt - ctx.world.clock.now(), ctx.settings.waitMs);
        if (left > 0) await ctx.world.clock.sleep(left);
        return json(200, operationView(ctx, op));
      },
    },
  ];
}

/** globalOperations.aggregatedList: every scope's operations, by "zones/z", "regions/r" and "global". */
const aggregatedRoute: GcpRoute = {
  method: "GET",
  path: "aggregated/operations",
  api: "compute.globalOperations.aggregatedList",
  handle: (ctx) =>
    gate(ctx, undefined, () => {
      const regions = ctx.world.catalog("GCP").regions;
      const scopes: OperationScope[] = [
        ...regions.flatMap((r) => r.zones.map((z): OperationScope => ({ kind: "zone", name: z.name }))),
        ...regions.map((r): OperationScope => ({ kind: "region", name: r.name })),
        { kind: "global" },
      ];
      const mine = [...ctx.state.operations.values()].filter((op) => op.project === ctx.project);
      const items = scopes.map((scope) => ({
        scope: scopePath(scope),
        items: mine.filter((op) => scopePath(op.scope) === scopePath(scope)).map((op) => operationView(ctx, op)),
      }));
      return json(200, aggregatedBody(ctx, "compute#operationAggregatedList", "operations", "operations", items));
    }),
};

/** zoneOperations, regionOperations and globalOperations: get, list, delete, wait; aggregatedList. */
export const operationsRoutes: readonly GcpRoute[] = [
  aggregatedRoute,
  ...operationRoutes("zone", "zones/{zone}", "zoneOperations"),
  ...operationRoutes("region", "regions/{region}", "regionOperations"),
  ...operationRoutes("global", "global", "globalOperations"),
];
