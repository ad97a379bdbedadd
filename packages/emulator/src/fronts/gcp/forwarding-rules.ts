import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { HealthCheck } from "../../world/types.js";
import { bodyOf, gate, json, link, param, relative, requireRegion, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { GcpError, alreadyExists, badRequest, invalidField, notFound, required } from "./errors.js";
import { findHealthCheck, worldHealthCheck } from "./http-health-checks.js";
import { numericId } from "./ids.js";
import { computeBook, inRegion, newFingerprint, regionalKey } from "./instance-book.js";
import type { ForwardingRuleEntry, TargetPoolEntry } from "./instance-book.js";
import { checkLabels } from "./instance-metadata.js";
import { findInstance } from "./instances.js";
import { checkName } from "./names.js";
import { operate } from "./operations.js";
import { listed } from "./paging.js";
import { parseRef } from "./refs.js";
import type { GcpRoute } from "./router.js";

// Regional external forwarding rules to a target pool: each one is a world network load balancer
// (internet-facing, regional) whose listener is the rule's address and first port, whose targets
// are the pool's instances and whose check is the pool's HTTP health check (a TCP connect without
// one). The balancer sits in the network of the pool's first instance, or the "default" network.

const rulePath = (region: string, name: string) => `regions/${region}/forwardingRules/${name}`;

function render(ctx: GcpContext, cloud: AccountRegion, rule: ForwardingRuleEntry): Record<string, unknown> {
  const nlb = cloud.nlbs.list({ where: (n) => n.id === rule.nlbId }).items[0];
  const poolName = rule.targetKey.split("/").at(-1) ?? "";
  return {
    kind: "compute#forwardingRule",
    id: rule.id,
    creationTimestamp: timestamp(rule.createdAt),
    name: rule.name,
    description: rule.description,
    region: link(ctx, `regions/${rule.region}`),
    ...(nlb ? { IPAddress: nlb.listener.ip } : {}),
    IPProtocol: rule.IPProtocol,
    portRange: rule.portRange,
    target: link(ctx, `regions/${rule.region}/targetPools/${poolName}`),
    selfLink: link(ctx, rulePath(rule.region, rule.name)),
    loadBalancingScheme: "EXTERNAL",
    networkTier: rule.networkTier,
    ipVersion: "IPV4",
    labels: { ...rule.labels },
    labelFingerprint: rule.labelFingerprint,
    fingerprint: rule.labelFingerprint,
  };
}

function findRule(ctx: GcpContext, region: string, name: string): ForwardingRuleEntry | undefined {
  return computeBook(ctx.world).forwardingRules.get(regionalKey(ctx.project, region, name));
}

function requireRule(ctx: GcpContext, region: string): ForwardingRuleEntry {
  const name = param(ctx, "forwardingRule");
  const rule = findRule(ctx, region, name);
  if (!rule) throw notFound(relative(ctx, rulePath(region, name)));
  return rule;
}

/** "80" or "80-90" as Compute Engine writes it back ("80-80"), with its first port. */
function portRangeOf(value: unknown): { text: string; port: number } {
  if (value === undefined || value === null || value === "") return { text: "1-65535", port: 1 };
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  const from = Number(match?.[1]);
  const to = match?.[2] === undefined ? from : Number(match[2]);
  if (!match || from < 1 || to > 65535 || from > to) {
    throw invalidField("resource.portRange", text, "Must be a port or a range of ports, such as 80 or 8000-8080.");
  }
  return { text: `${from}-${to}`, port: from };
}

/** The world check of a pool: its HTTP health check, or a TCP connect to `port`. */
function checkOf(ctx: GcpContext, pool: TargetPoolEntry, port: number): Partial<HealthCheck> {
  const name = pool.healthChecks[0]?.split("/").at(-1);
  const hc = name === undefined ? undefined : findHealthCheck(ctx, name);
  return hc ? worldHealthCheck(hc) : { protocol: "tcp", port };
}

interface RuleBody {
  name: unknown;
  description: unknown;
  IPProtocol: unknown;
  portRange: unknown;
  ports: unknown;
  allPorts: unknown;
  target: unknown;
  backendService: unknown;
  loadBalancingScheme: unknown;
  networkTier: unknown;
  IPAddress: unknown;
  labels: unknown;
}

async function insert(ctx: GcpContext): Promise<FrontResponse> {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const body = bodyOf<RuleBody>(ctx) as RuleBody;
  const name = checkName(body.name);
  return operate(
    ctx,
    { scope: { kind: "region", name: region }, operationType: "insert", target: rulePath(region, name), region },
    (cloud, g) => {
      if (findRule(ctx, region, name)) throw alreadyExists(relative(ctx, rulePath(region, name)));
      const scheme = body.loadBalancingScheme ?? "EXTERNAL";
      if (scheme !== "EXTERNAL") {
        throw invalidField(
          "resource.loadBalancingScheme",
          scheme,
          "The emulator serves the target-pool load balancer, whose scheme is EXTERNAL.",
        );
      }
      if (body.backendService !== undefined) throw badRequest("The emulator's forwarding rules point at target pools.");
      if (body.ports !== undefined || body.allPorts !== undefined) {
        throw badRequest("Invalid value for field 'resource.ports': Ports can only be used with a backend service.");
      }
      if (body.IPAddress !== undefined) {
        throw badRequest("The emulator gives forwarding rules ephemeral addresses only; leave IPAddress out.");
      }
      const protocol = body.IPProtocol ?? "TCP";
      if (protocol !== "TCP" && protocol !== "UDP") {
        throw invalidField("resource.IPProtocol", protocol, "The emulator's load balancers forward TCP or UDP.");
      }
      const tier = body.networkTier ?? "PREMIUM";
      if (tier !== "PREMIUM" && tier !== "STANDARD") {
        throw invalidField("resource.networkTier", tier, "Must be PREMIUM or STANDARD.");
      }
      if (body.target === undefined) throw required("resource.target");
      const targetText = typeof body.target === "string" ? body.target : JSON.stringify(body.target);
      const ref = parseRef(targetText, "targetPools", "resource.target");
      if ((ref.project !== undefined && ref.project !== ctx.project) || ref.scope !== region) {
        throw invalidField("resource.target", targetText, `Target pool must be in region '${region}'.`);
      }
      const pool = computeBook(ctx.world).targetPools.get(regionalKey(ctx.project, region, ref.name));
      if (!pool) throw notFound(relative(ctx, `regions/${region}/targetPools/${ref.name}`));
      const ports = portRangeOf(body.portRange);
      const labels = checkLabels(body.labels, "resource.labels");
      const vms = pool.instances.flatMap((path) => {
        const [, zone = "", , instance = ""] = path.split("/");
        const found = findInstance(ctx, cloud, zone, instance);
        return found ? [found.vm] : [];
      });
      const vpcs = cloud.vpcs.list().items;
      const vpc =
        (vms[0] && vpcs.find((v) => v.id === vms[0]?.vpc.id)) ??
        vpcs.find((v) => v.name === "default") ??
        vpcs.find((v) => v.subnets.length > 0);
      if (!vpc) throw badRequest(`The emulator needs a network with a subnetwork in region ${region} for the rule.`);
      const nlb = cloud.nlbs.create(
        {
          name,
          vpcId: vpc.id,
          scheme: "internet-facing",
          listener: { protocol: protocol === "TCP" ? "tcp" : "udp", port: ports.port },
          targetGroup: { protocol: protocol === "TCP" ? "tcp" : "udp", port: ports.port, vmIds: vms.map((v) => v.id) },
          healthCheck: checkOf(ctx, pool, ports.port),
        },
        { failsLater: g.failsLater },
      );
      const rule: ForwardingRuleEntry = {
        key: regionalKey(ctx.project, region, name),
        id: numericId(),
        name,
        region,
        createdAt: ctx.world.clock.now(),
        description: typeof body.description === "string" ? body.description : "",
        IPProtocol: protocol,
        portRange: ports.text,
        networkTier: tier,
        targetKey: pool.key,
        nlbId: nlb.id,
        labelFingerprint: newFingerprint(),
        labels,
      };
      computeBook(ctx.world).forwardingRules.set(rule.key, rule);
      return { targetId: rule.id };
    },
  );
}

async function remove(ctx: GcpContext): Promise<FrontResponse> {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const name = param(ctx, "forwardingRule");
  return operate(
    ctx,
    { scope: { kind: "region", name: region }, operationType: "delete", target: rulePath(region, name), region },
    (cloud) => {
      const rule = requireRule(ctx, region);
      cloud.nlbs.delete(rule.nlbId);
      computeBook(ctx.world).forwardingRules.delete(rule.key);
      return { targetId: rule.id };
    },
  );
}

async function setLabels(ctx: GcpContext): Promise<FrontResponse> {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const name = param(ctx, "forwardingRule");
  const body = bodyOf<{ labelFingerprint: unknown; labels: unknown }>(ctx);
  return operate(
    ctx,
    { scope: { kind: "region", name: region }, operationType: "setLabels", target: rulePath(region, name), region },
    () => {
      const rule = requireRule(ctx, region);
      const labels = checkLabels(body.labels, "labels");
      if (body.labelFingerprint !== rule.labelFingerprint) {
        throw new GcpError(
          412,
          "conditionNotMet",
          "Labels fingerprint either invalid or resource labels have changed",
          {
            detail: { location: "If-Match", locationType: "header" },
          },
        );
      }
      rule.labels = labels;
      rule.labelFingerprint = newFingerprint();
      return { targetId: rule.id };
    },
  );
}

const base = "regions/{region}/forwardingRules";
const one = `${base}/{forwardingRule}`;

/** forwardingRules (regional, to target pools): insert, get, list, delete, setLabels. */
export const forwardingRuleRoutes: readonly GcpRoute[] = [
  { method: "POST", path: base, api: "compute.forwardingRules.insert", handle: insert },
  {
    method: "GET",
    path: base,
    api: "compute.forwardingRules.list",
    handle: (ctx) => {
      const region = requireRegion(ctx, param(ctx, "region")).name;
      return listed(ctx, region, "compute#forwardingRuleList", `regions/${region}/forwardingRules`, (cloud) =>
        inRegion(computeBook(ctx.world).forwardingRules, ctx.project, region).map((r) => render(ctx, cloud, r)),
      );
    },
  },
  {
    method: "GET",
    path: one,
    api: "compute.forwardingRules.get",
    handle: (ctx) => {
      const region = requireRegion(ctx, param(ctx, "region")).name;
      return gate(ctx, region, (cloud) => json(200, render(ctx, cloud, requireRule(ctx, region))));
    },
  },
  { method: "DELETE", path: one, api: "compute.forwardingRules.delete", handle: remove },
  { method: "POST", path: `${one}/setLabels`, api: "compute.forwardingRules.setLabels", handle: setLabels },
];
