import { randomUUID } from "node:crypto";
import { ignoreNotFound } from "@cloud-barista/core/driver";
import type { CallContext, HealthChecker, IID, NlbHandler, NlbInfo, NlbProtocol } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { invalid } from "../errors.js";
import { checkName, lastSegment } from "../names.js";
import type { GcpSession, Operation } from "../session.js";
import { refuseTags } from "./vpc.js";

type TargetPool = protos.google.cloud.compute.v1.ITargetPool;
type ForwardingRule = protos.google.cloud.compute.v1.IForwardingRule;

/** What the driver keeps in a target pool's description: what Compute Engine does not say. */
interface PoolFacts {
  cb: "nlb";
  vpc: string;
  vmProtocol: NlbProtocol;
  vmPort: number;
  healthChecker: HealthChecker;
}

const defaults: HealthChecker = { protocol: "TCP", port: 80, intervalSec: 10, timeoutSec: 5, threshold: 3 };

function factsOf(pool: TargetPool): PoolFacts | undefined {
  try {
    const facts = JSON.parse(pool.description ?? "") as Partial<PoolFacts>;
    return facts.cb === "nlb" ? (facts as PoolFacts) : undefined;
  } catch {
    return undefined;
  }
}

const iid = (name: string): IID => ({ nameId: name, systemId: name });

function toInfo(rule: ForwardingRule, pool: TargetPool): NlbInfo {
  const facts = factsOf(pool);
  const [from] = (rule.portRange ?? "").split("-");
  return {
    iid: iid(rule.name ?? ""),
    vpcIID: iid(facts?.vpc ?? ""),
    type: "PUBLIC",
    scope: "REGION",
    listener: {
      protocol: rule.IPProtocol === "UDP" ? "UDP" : "TCP",
      port: Number(from ?? 0),
      ...(rule.IPAddress ? { ip: rule.IPAddress } : {}),
    },
    vmGroup: {
      protocol: facts?.vmProtocol ?? (rule.IPProtocol === "UDP" ? "UDP" : "TCP"),
      port: facts?.vmPort ?? Number(from ?? 0),
      vms: (pool.instances ?? []).map((url) => iid(lastSegment(url))),
    },
    healthChecker: facts?.healthChecker ?? defaults,
    ...(rule.creationTimestamp ? { createdAt: new Date(rule.creationTimestamp) } : {}),
    extra: { targetPool: pool.name ?? "", healthChecks: (pool.healthChecks ?? []).map(lastSegment).join(",") },
  };
}

/**
 * NLBs are regional external passthrough load balancers of the target-pool form: a target pool
 * of the VMs (zonal instance URLs), a forwarding rule (the listener: protocol and port, an
 * ephemeral external IP) pointing at it, and, for an HTTP health checker, a legacy HTTP health
 * check on the pool (the only kind target pools take; the SDK has no client for it, so it is
 * called over the same REST transport). A TCP health checker has no target-pool form: the pool
 * then has no health check and Compute Engine counts every VM healthy. A passthrough balancer
 * does not translate ports: traffic reaches the VMs on the listener's port; the VM group's port
 * and the health checker are kept in the pool's description. All three share the NLB's name.
 */
export function createNlbHandler(session: GcpSession): NlbHandler {
  const { region, zone } = session.settings;
  const nameOf = (nlb: IID) => nlb.systemId || nlb.nameId;
  const healthCheckUrl = (base: string, name?: string) =>
    `${base}/compute/v1/projects/${session.project}/global/httpHealthChecks${name ? `/${name}` : ""}`;
  const getPool = async (ctx: CallContext, name: string) =>
    (
      await session.call(ctx, "compute.targetPools.get", (c, o) =>
        c.targetPools.get({ project: session.project, region, targetPool: name }, o),
      )
    )[0];
  const getRule = async (ctx: CallContext, name: string) =>
    (
      await session.call(ctx, "compute.forwardingRules.get", (c, o) =>
        c.forwardingRules.get({ project: session.project, region, forwardingRule: name }, o),
      )
    )[0];
  const instanceUrls = (vms: readonly IID[]) =>
    vms.map((vm) => session.zonePath("instances", vm.systemId || vm.nameId, zone));
  const deleteHealthCheck = async (ctx: CallContext, name: string) => {
    const op = await session.rest<Operation>(ctx, "compute.httpHealthChecks.delete", "DELETE", (c) =>
      healthCheckUrl(c.computeBase, name),
    );
    await session.finish(ctx, "compute.httpHealthChecks.delete", op, `health check ${name} to be deleted`, "nlb");
  };
  const deletePool = (ctx: CallContext, name: string) =>
    session.mutate(
      ctx,
      "compute.targetPools.delete",
      (c, o, requestId) => c.targetPools.delete({ project: session.project, region, targetPool: name, requestId }, o),
      `target pool ${name} to be deleted`,
      "nlb",
    );
  const deleteRule = (ctx: CallContext, name: string) =>
    session.mutate(
      ctx,
      "compute.forwardingRules.delete",
      (c, o, requestId) =>
        c.forwardingRules.delete({ project: session.project, region, forwardingRule: name, requestId }, o),
      `forwarding rule ${name} to be deleted`,
      "nlb",
    );
  const read = async (ctx: CallContext, name: string) => {
    const rule = await getRule(ctx, name);
    return toInfo(rule, await getPool(ctx, lastSegment(rule.target)));
  };

  return {
    async create(request, ctx) {
      checkName(request.name);
      refuseTags(request.tags, "load balancer parts");
      if (request.type !== "PUBLIC")
        throw invalid("type", "gcp-nlb-type", "target-pool load balancers are external (PUBLIC)");
      if (request.scope !== "REGION")
        throw invalid("scope", "gcp-nlb-scope", "target-pool load balancers are regional");
      const checker: HealthChecker = { ...defaults, port: request.vmGroup.port, ...request.healthChecker };
      if (checker.protocol === "HTTPS")
        throw invalid("healthChecker.protocol", "gcp-target-pool-check", "target pools take HTTP or no health checks");
      await session.ready(ctx);
      const name = request.name;
      return ctx.compensate(async (undo) => {
        let healthChecks: string[] = [];
        if (checker.protocol === "HTTP") {
          // One requestId for every attempt of this insert, as the SDK's inserts carry theirs.
          const requestId = randomUUID();
          const op = await session.rest<Operation>(
            ctx,
            "compute.httpHealthChecks.insert",
            "POST",
            (c) => `${healthCheckUrl(c.computeBase)}?requestId=${requestId}`,
            {
              name,
              port: checker.port,
              requestPath: "/",
              checkIntervalSec: checker.intervalSec,
              timeoutSec: checker.timeoutSec,
              healthyThreshold: checker.threshold,
              unhealthyThreshold: checker.threshold,
            },
          );
          undo(`delete health check ${name}`, (u) => deleteHealthCheck(u, name));
          await session.finish(ctx, "compute.httpHealthChecks.insert", op, `health check ${name} to be made`, "nlb");
          healthChecks = [session.globalPath("httpHealthChecks", name)];
        }
        const facts: PoolFacts = {
          cb: "nlb",
          vpc: request.vpcIID.systemId || request.vpcIID.nameId,
          vmProtocol: request.vmGroup.protocol,
          vmPort: request.vmGroup.port,
          healthChecker: checker,
        };
        await session.mutate(
          ctx,
          "compute.targetPools.insert",
          (c, o, requestId) =>
            c.targetPools.insert(
              {
                project: session.project,
                region,
                requestId,
                targetPoolResource: {
                  name,
                  instances: instanceUrls(request.vmGroup.vms),
                  healthChecks,
                  description: JSON.stringify(facts),
                },
              },
              o,
            ),
          `target pool ${name} to be made`,
          "nlb",
        );
        undo(`delete target pool ${name}`, (u) => deletePool(u, name));
        await session.mutate(
          ctx,
          "compute.forwardingRules.insert",
          (c, o, requestId) =>
            c.forwardingRules.insert(
              {
                project: session.project,
                region,
                requestId,
                forwardingRuleResource: {
                  name,
                  IPProtocol: request.listener.protocol,
                  portRange: String(request.listener.port),
                  loadBalancingScheme: "EXTERNAL",
                  target: session.regionPath("targetPools", name),
                },
              },
              o,
            ),
          `forwarding rule ${name} to be made`,
          "nlb",
        );
        undo(`delete forwarding rule ${name}`, (u) => deleteRule(u, name));
        ctx.created(name);
        return ctx.whenVisible([name], () => read(ctx, name));
      });
    },

    async get(nlb, ctx) {
      await session.ready(ctx);
      return read(ctx, nameOf(nlb));
    },

    async *list(ctx) {
      await session.ready(ctx);
      const pools = new Map<string, TargetPool>();
      for await (const pool of session.pages(
        ctx,
        "compute.targetPools.list",
        (c, o, page) => c.targetPools.list({ project: session.project, region, ...page }, o),
        (p: TargetPool) => p,
      )) {
        if (factsOf(pool)) pools.set(pool.name ?? "", pool);
      }
      yield* session.pages(
        ctx,
        "compute.forwardingRules.list",
        (c, o, page) => c.forwardingRules.list({ project: session.project, region, ...page }, o),
        (rule: ForwardingRule) => {
          const pool = pools.get(lastSegment(rule.target));
          return pool ? toInfo(rule, pool) : undefined;
        },
      );
    },

    async delete(nlb, ctx) {
      await session.ready(ctx);
      const name = nameOf(nlb);
      const rule = await getRule(ctx, name);
      const pool = await getPool(ctx, lastSegment(rule.target));
      await deleteRule(ctx, name);
      await deletePool(ctx, pool.name ?? name);
      for (const check of pool.healthChecks ?? [])
        await deleteHealthCheck(ctx, lastSegment(check)).catch(ignoreNotFound);
    },

    async addVms(nlb, vms, ctx) {
      await session.ready(ctx);
      const name = nameOf(nlb);
      const rule = await getRule(ctx, name);
      const pool = lastSegment(rule.target);
      await session.mutate(
        ctx,
        "compute.targetPools.addInstance",
        (c, o, requestId) =>
          c.targetPools.addInstance(
            {
              project: session.project,
              region,
              targetPool: pool,
              requestId,
              targetPoolsAddInstanceRequestResource: { instances: instanceUrls(vms).map((instance) => ({ instance })) },
            },
            o,
          ),
        `VMs to join ${name}`,
        "nlb",
      );
      return toInfo(rule, await getPool(ctx, pool));
    },

    async removeVms(nlb, vms, ctx) {
      await session.ready(ctx);
      const name = nameOf(nlb);
      const pool = lastSegment((await getRule(ctx, name)).target);
      await session.mutate(
        ctx,
        "compute.targetPools.removeInstance",
        (c, o, requestId) =>
          c.targetPools.removeInstance(
            {
              project: session.project,
              region,
              targetPool: pool,
              requestId,
              targetPoolsRemoveInstanceRequestResource: {
                instances: instanceUrls(vms).map((instance) => ({ instance })),
              },
            },
            o,
          ),
        `VMs to leave ${name}`,
        "nlb",
      );
    },

    async getHealth(nlb, ctx) {
      await session.ready(ctx);
      const name = nameOf(nlb);
      const pool = await getPool(ctx, lastSegment((await getRule(ctx, name)).target));
      const all: IID[] = [];
      const healthy: IID[] = [];
      const unhealthy: IID[] = [];
      for (const url of pool.instances ?? []) {
        const vm = iid(lastSegment(url));
        all.push(vm);
        const [health] = await session.call(ctx, "compute.targetPools.getHealth", (c, o) =>
          c.targetPools.getHealth(
            {
              project: session.project,
              region,
              targetPool: pool.name ?? name,
              instanceReferenceResource: { instance: url },
            },
            o,
          ),
        );
        (health.healthStatus?.some((s) => s.healthState === "HEALTHY") ? healthy : unhealthy).push(vm);
      }
      return { all, healthy, unhealthy };
    },
  };
}
