import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import { bodyOf, gate, json, link, param, relative, requireRegion, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { GcpError, alreadyExists, badRequest, invalidField, notFound } from "./errors.js";
import { findHealthCheck, worldHealthCheck } from "./http-health-checks.js";
import { numericId } from "./ids.js";
import { computeBook, inRegion, regionalKey } from "./instance-book.js";
import type { ForwardingRuleEntry, TargetPoolEntry } from "./instance-book.js";
import { findInstance } from "./instances.js";
import type { FoundInstance } from "./instances.js";
import { checkName } from "./names.js";
import { operate } from "./operations.js";
import { listed } from "./paging.js";
import { parseRef } from "./refs.js";
import type { GcpRoute } from "./router.js";

// Target pools, the backends of the target-pool form of the external passthrough load balancer:
// zonal instances of the pool's region and at most one legacy HTTP health check. A pool is the
// front's until a forwarding rule points at it; from then its instances and check are the targets
// and check of the rule's world load balancer, kept in step by addInstance, removeInstance and
// addHealthCheck/removeHealthCheck.

const poolPath = (region: string, name: string) => `regions/${region}/targetPools/${name}`;

/** The forwarding rules that point at a pool (each one a world load balancer). */
export function rulesOf(ctx: GcpContext, pool: TargetPoolEntry): ForwardingRuleEntry[] {
  return [...computeBook(ctx.world).forwardingRules.values()].filter((r) => r.targetKey === pool.key);
}

export function renderPool(ctx: GcpContext, pool: TargetPoolEntry): Record<string, unknown> {
  return {
    kind: "compute#targetPool",
    id: pool.id,
    creationTimestamp: timestamp(pool.createdAt),
    name: pool.name,
    description: pool.description,
    region: link(ctx, `regions/${pool.region}`),
    ...(pool.healthChecks.length > 0 ? { healthChecks: pool.healthChecks.map((p) => link(ctx, p)) } : {}),
    ...(pool.instances.length > 0 ? { instances: pool.instances.map((p) => link(ctx, p)) } : {}),
    sessionAffinity: pool.sessionAffinity,
    selfLink: link(ctx, poolPath(pool.region, pool.name)),
  };
}

/** A pool of the caller's project, or undefined. */
export function findPool(ctx: GcpContext, region: string, name: string): TargetPoolEntry | undefined {
  return computeBook(ctx.world).targetPools.get(regionalKey(ctx.project, region, name));
}

function requirePool(ctx: GcpContext): TargetPoolEntry {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const name = param(ctx, "targetPool");
  const pool = findPool(ctx, region, name);
  if (!pool) throw notFound(relative(ctx, poolPath(region, name)));
  return pool;
}

/** An instance reference of the pool's region, resolved to a live instance. */
function instanceRef(
  ctx: GcpContext,
  cloud: AccountRegion,
  value: unknown,
  field: string,
): { path: string; found: FoundInstance } {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const ref = parseRef(text, "instances", field);
  const zone = ref.scope ?? "";
  if ((ref.project !== undefined && ref.project !== ctx.project) || zone.replace(/-[a-z]$/, "") !== cloud.region) {
    throw invalidField(field, text, `Instance must be in project '${ctx.project}' and region '${cloud.region}'.`);
  }
  const found = findInstance(ctx, cloud, zone, ref.name);
  if (!found) throw notFound(relative(ctx, `zones/${zone}/instances/${ref.name}`));
  return { path: `zones/${zone}/instances/${ref.name}`, found };
}

function healthCheckRef(ctx: GcpContext, value: unknown, field: string): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const ref = parseRef(text, "httpHealthChecks", field);
  if (ref.project !== undefined && ref.project !== ctx.project) {
    throw invalidField(field, text, `Health check must be in project '${ctx.project}'.`);
  }
  if (!findHealthCheck(ctx, ref.name)) throw notFound(relative(ctx, `global/httpHealthChecks/${ref.name}`));
  return `global/httpHealthChecks/${ref.name}`;
}

interface PoolBody {
  name: unknown;
  description: unknown;
  instances: unknown;
  healthChecks: unknown;
  sessionAffinity: unknown;
  backupPool: unknown;
}

const affinities = ["NONE", "CLIENT_IP", "CLIENT_IP_PROTO"];

async function insert(ctx: GcpContext): Promise<FrontResponse> {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const body = bodyOf<PoolBody>(ctx) as PoolBody;
  const name = checkName(body.name);
  return operate(
    ctx,
    { scope: { kind: "region", name: region }, operationType: "insert", target: poolPath(region, name), region },
    (cloud) => {
      if (findPool(ctx, region, name)) throw alreadyExists(relative(ctx, poolPath(region, name)));
      if (body.backupPool !== undefined) throw badRequest("The emulator's target pools have no backup pool.");
      const sessionAffinity = body.sessionAffinity ?? "NONE";
      if (typeof sessionAffinity !== "string" || !affinities.includes(sessionAffinity)) {
        throw invalidField("resource.sessionAffinity", sessionAffinity, `Must be one of ${affinities.join(", ")}.`);
      }
      const instances = listOf(body.instances, "resource.instances").map(
        (v, i) => instanceRef(ctx, cloud, v, `resource.instances[${i}]`).path,
      );
      const healthChecks = listOf(body.healthChecks, "resource.healthChecks").map((v, i) =>
        healthCheckRef(ctx, v, `resource.healthChecks[${i}]`),
      );
      if (healthChecks.length > 1) throw badRequest("A target pool takes at most one health check.");
      const pool: TargetPoolEntry = {
        key: regionalKey(ctx.project, region, name),
        id: numericId(),
        name,
        region,
        createdAt: ctx.world.clock.now(),
        description: typeof body.description === "string" ? body.description : "",
        sessionAffinity,
        instances: [...new Set(instances)],
        healthChecks,
      };
      computeBook(ctx.world).targetPools.set(pool.key, pool);
      return { targetId: pool.id };
    },
  );
}

function listOf(value: unknown, field: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField(field, value, "Must be a list.");
  return value;
}

/** A change to one pool, applied to the balancers of its forwarding rules too. */
function change(
  operationType: string,
  fn: (cloud: AccountRegion, pool: TargetPoolEntry, body: Record<string, unknown>, nlbIds: string[]) => void,
): (ctx: GcpContext) => Promise<FrontResponse> {
  return async (ctx) => {
    const region = requireRegion(ctx, param(ctx, "region")).name;
    const name = param(ctx, "targetPool");
    const body = bodyOf(ctx);
    return operate(
      ctx,
      { scope: { kind: "region", name: region }, operationType, target: poolPath(region, name), region },
      (cloud) => {
        const pool = requirePool(ctx);
        fn(
          cloud,
          pool,
          body,
          rulesOf(ctx, pool).map((r) => r.nlbId),
        );
        return { targetId: pool.id };
      },
    );
  };
}

function refsIn(body: Record<string, unknown>, list: string, item: string): unknown[] {
  return listOf(body[list], list).map((entry) => (entry as Record<string, unknown> | null)?.[item]);
}

/** Instances are checked first, so a refused change changes nothing. */
const addInstance = (ctx: GcpContext) =>
  change("addInstance", (cloud, pool, body, nlbIds) => {
    const added = refsIn(body, "instances", "instance").map((v, i) =>
      instanceRef(ctx, cloud, v, `instances[${i}].instance`),
    );
    const fresh = added.filter((a) => !pool.instances.includes(a.path));
    for (const nlbId of nlbIds)
      cloud.nlbs.addTargets(
        nlbId,
        fresh.map((a) => a.found.vm.id),
      );
    pool.instances.push(...new Set(fresh.map((a) => a.path)));
  })(ctx);

const removeInstance = (ctx: GcpContext) =>
  change("removeInstance", (cloud, pool, body, nlbIds) => {
    const gone = refsIn(body, "instances", "instance").map((v, i) => {
      const text = typeof v === "string" ? v : JSON.stringify(v ?? null);
      const ref = parseRef(text, "instances", `instances[${i}].instance`);
      const path = `zones/${ref.scope ?? ""}/instances/${ref.name}`;
      if (!pool.instances.includes(path)) {
        throw invalidField(`instances[${i}].instance`, text, "The instance is not in the target pool.");
      }
      return { path, vm: findInstance(ctx, cloud, ref.scope ?? "", ref.name)?.vm };
    });
    const vmIds = gone.flatMap((g) => (g.vm ? [g.vm.id] : []));
    for (const nlbId of nlbIds) {
      const targets = new Set(cloud.nlbs.get(nlbId).targetGroup.targets.map((t) => t.id));
      const registered = vmIds.filter((id) => targets.has(id));
      if (registered.length > 0) cloud.nlbs.removeTargets(nlbId, registered);
    }
    pool.instances = pool.instances.filter((p) => !gone.some((g) => g.path === p));
  })(ctx);

const addHealthCheck = (ctx: GcpContext) =>
  change("addHealthCheck", (cloud, pool, body, nlbIds) => {
    const added = refsIn(body, "healthChecks", "healthCheck").map((v, i) =>
      healthCheckRef(ctx, v, `healthChecks[${i}].healthCheck`),
    );
    const all = [...new Set([...pool.healthChecks, ...added])];
    if (all.length > 1) throw badRequest("A target pool takes at most one health check.");
    pool.healthChecks = all;
    const hc = all[0] === undefined ? undefined : findHealthCheck(ctx, all[0].split("/").at(-1) ?? "");
    if (hc) for (const nlbId of nlbIds) cloud.nlbs.updateHealthCheck(nlbId, worldHealthCheck(hc));
  })(ctx);

const removeHealthCheck = (ctx: GcpContext) =>
  change("removeHealthCheck", (cloud, pool, body, nlbIds) => {
    const gone = refsIn(body, "healthChecks", "healthCheck").map((v, i) => {
      const text = typeof v === "string" ? v : JSON.stringify(v ?? null);
      return `global/httpHealthChecks/${parseRef(text, "httpHealthChecks", `healthChecks[${i}].healthCheck`).name}`;
    });
    pool.healthChecks = pool.healthChecks.filter((p) => !gone.includes(p));
    // Without a check, the balancer checks a TCP connection to its port, as the world does by default.
    if (pool.healthChecks.length === 0) {
      for (const nlbId of nlbIds) {
        const port = cloud.nlbs.get(nlbId).targetGroup.port;
        cloud.nlbs.updateHealthCheck(nlbId, { protocol: "tcp", port });
      }
    }
  })(ctx);

/** POST getHealth: the instance's state as the pool's balancers see it. */
async function getHealth(ctx: GcpContext): Promise<FrontResponse> {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const body = bodyOf<{ instance: unknown }>(ctx);
  return gate(ctx, region, (cloud) => {
    const pool = requirePool(ctx);
    const { path, found } = instanceRef(ctx, cloud, body.instance, "instance");
    if (!pool.instances.includes(path)) {
      throw invalidField("instance", path, "The instance is not in the target pool.");
    }
    const nlbs = rulesOf(ctx, pool).map((r) => ({ rule: r, nlb: cloud.nlbs.get(r.nlbId) }));
    const healthStatus = nlbs.map(({ nlb }) => {
      const state = cloud.nlbs.targetHealth(nlb.id).find((t) => t.vm.id === found.vm.id)?.state;
      return {
        healthState: state === "healthy" ? "HEALTHY" : "UNHEALTHY",
        instance: link(ctx, path),
        ipAddress: nlb.listener.ip,
        port: nlb.listener.port,
      };
    });
    return json(200, {
      kind: "compute#targetPoolInstanceHealth",
      ...(healthStatus.length > 0 ? { healthStatus } : {}),
    });
  });
}

async function remove(ctx: GcpContext): Promise<FrontResponse> {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const name = param(ctx, "targetPool");
  return operate(
    ctx,
    { scope: { kind: "region", name: region }, operationType: "delete", target: poolPath(region, name), region },
    () => {
      const pool = requirePool(ctx);
      const user = rulesOf(ctx, pool)[0];
      if (user) {
        throw new GcpError(
          400,
          "resourceInUseByAnotherResource",
          `The target_pool resource '${relative(ctx, poolPath(region, name))}' is already being used by '${relative(ctx, `regions/${region}/forwardingRules/${user.name}`)}'`,
        );
      }
      computeBook(ctx.world).targetPools.delete(pool.key);
      return { targetId: pool.id };
    },
  );
}

const base = "regions/{region}/targetPools";
const one = `${base}/{targetPool}`;

/** targetPools: insert, get, list, delete, addInstance, removeInstance, addHealthCheck, removeHealthCheck, getHealth. */
export const targetPoolRoutes: readonly GcpRoute[] = [
  { method: "POST", path: base, api: "compute.targetPools.insert", handle: insert },
  {
    method: "GET",
    path: base,
    api: "compute.targetPools.list",
    handle: (ctx) => {
      const region = requireRegion(ctx, param(ctx, "region")).name;
      return listed(ctx, region, "compute#targetPoolList", `regions/${region}/targetPools`, () =>
        inRegion(computeBook(ctx.world).targetPools, ctx.project, region).map((p) => renderPool(ctx, p)),
      );
    },
  },
  {
    method: "GET",
    path: one,
    api: "compute.targetPools.get",
    handle: (ctx) =>
      gate(ctx, requireRegion(ctx, param(ctx, "region")).name, () => json(200, renderPool(ctx, requirePool(ctx)))),
  },
  { method: "DELETE", path: one, api: "compute.targetPools.delete", handle: remove },
  { method: "POST", path: `${one}/addInstance`, api: "compute.targetPools.addInstance", handle: addInstance },
  { method: "POST", path: `${one}/removeInstance`, api: "compute.targetPools.removeInstance", handle: removeInstance },
  { method: "POST", path: `${one}/addHealthCheck`, api: "compute.targetPools.addHealthCheck", handle: addHealthCheck },
  {
    method: "POST",
    path: `${one}/removeHealthCheck`,
    api: "compute.targetPools.removeHealthCheck",
    handle: removeHealthCheck,
  },
  { method: "POST", path: `${one}/getHealth`, api: "compute.targetPools.getHealth", handle: getHealth },
];
