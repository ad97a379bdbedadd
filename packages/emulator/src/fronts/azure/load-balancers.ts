import type { FrontResponse } from "../http-front.js";
import { cidrContains, parseCidr } from "../../world/cidr.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { HealthCheck, Tags } from "../../world/types.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { LoadBalancerEntry } from "./front-state.js";
import { cloudOf, liveLoadBalancer, liveNic, livePublicIp, loadBalancerUsing } from "./live-entries.js";
import { nicAt, vmsAt } from "./load-balancer-health.js";
import { networkDeleteAnswer, provisioningState, startOperation } from "./operations.js";
import { etagOf, guidOf, inGroup, resourceId } from "./resource-ids.js";

export const loadBalancerType = "Microsoft.Network/loadBalancers";

interface Ref {
  id?: unknown;
}
interface Child<P> {
  name?: unknown;
  properties?: P;
}
interface LoadBalancerBody {
  location?: unknown;
  tags?: Tags;
  sku?: { name?: unknown; tier?: unknown };
  properties?: {
    frontendIPConfigurations?: Child<{ publicIPAddress?: Ref; subnet?: Ref; privateIPAddress?: unknown }>[];
    backendAddressPools?: Child<{
      virtualNetwork?: Ref;
      loadBalancerBackendAddresses?: Child<{ virtualNetwork?: Ref; ipAddress?: unknown; subnet?: Ref }>[];
    }>[];
    probes?: Child<{
      protocol?: unknown;
      port?: unknown;
      intervalInSeconds?: unknown;
      numberOfProbes?: unknown;
      probeThreshold?: unknown;
      requestPath?: unknown;
    }>[];
    loadBalancingRules?: Child<{
      frontendIPConfiguration?: Ref;
      backendAddressPool?: Ref;
      probe?: Ref;
      protocol?: unknown;
      frontendPort?: unknown;
      backendPort?: unknown;
      idleTimeoutInMinutes?: unknown;
      enableFloatingIP?: unknown;
      disableOutboundSnat?: unknown;
    }>[];
    inboundNatRules?: unknown[];
    inboundNatPools?: unknown[];
    outboundRules?: unknown[];
  };
}

const childType = (kind: string) => `${loadBalancerType}/${kind}`;
const childId = (lb: string, kind: string, name: string) => `${lb}/${kind}/${name}`;

function render(ctx: ArmContext, lb: LoadBalancerEntry) {
  const state = provisioningState(ctx, lb.createdAt);
  const ids = {
    frontend: childId(lb.id, "frontendIPConfigurations", lb.frontend.name),
    pool: childId(lb.id, "backendAddressPools", lb.pool.name),
    probe: childId(lb.id, "probes", lb.probe.name),
    rule: childId(lb.id, "loadBalancingRules", lb.rule.name),
  };
  const rules = [{ id: ids.rule }];
  const vnet = { id: lb.pool.vnetId };
  const body = {
    id: lb.id,
    name: lb.name,
    type: loadBalancerType,
    location: lb.region,
    tags: cloudOf(ctx, lb.region).nlbs.get(lb.worldId).tags,
    sku: { name: "Standard", tier: "Regional" },
    properties: {
      provisioningState: state,
      resourceGuid: guidOf(lb.id, lb.createdAt),
      frontendIPConfigurations: [
        {
          id: ids.frontend,
          name: lb.frontend.name,
          type: childType("frontendIPConfigurations"),
          properties: {
            provisioningState: state,
            privateIPAllocationMethod: "Dynamic",
            publicIPAddress: { id: lb.frontend.publicIpId },
            loadBalancingRules: rules,
          },
        },
      ],
      backendAddressPools: [
        {
          id: ids.pool,
          name: lb.pool.name,
          type: childType("backendAddressPools"),
          properties: {
            provisioningState: state,
            virtualNetwork: vnet,
            loadBalancerBackendAddresses: lb.pool.addresses.map((a) => {
              const nic = nicAt(ctx, lb, a.ip);
              return {
                name: a.name,
                properties: {
                  virtualNetwork: vnet,
                  ipAddress: a.ip,
                  ...(nic
                    ? { networkInterfaceIPConfiguration: { id: `${nic.id}/ipConfigurations/${nic.ipConfigName}` } }
                    : {}),
                },
              };
            }),
            loadBalancingRules: rules,
          },
        },
      ],
      probes: [
        {
          id: ids.probe,
          name: lb.probe.name,
          type: childType("probes"),
          properties: {
            provisioningState: state,
            protocol: lb.probe.protocol,
            port: lb.probe.port,
            intervalInSeconds: lb.probe.intervalInSeconds,
            numberOfProbes: lb.probe.probeThreshold,
            probeThreshold: lb.probe.probeThreshold,
            ...(lb.probe.requestPath ? { requestPath: lb.probe.requestPath } : {}),
            loadBalancingRules: rules,
          },
        },
      ],
      loadBalancingRules: [
        {
          id: ids.rule,
          name: lb.rule.name,
          type: childType("loadBalancingRules"),
          properties: {
            provisioningState: state,
            frontendIPConfiguration: { id: ids.frontend },
            backendAddressPool: { id: ids.pool },
            backendAddressPools: [{ id: ids.pool }],
            probe: { id: ids.probe },
            protocol: lb.rule.protocol,
            loadDistribution: "Default",
            frontendPort: lb.rule.frontendPort,
            backendPort: lb.rule.backendPort,
            idleTimeoutInMinutes: lb.rule.idleTimeoutInMinutes,
            enableFloatingIP: false,
            enableTcpReset: false,
            disableOutboundSnat: lb.rule.disableOutboundSnat,
          },
        },
      ],
      inboundNatRules: [],
      inboundNatPools: [],
      outboundRules: [],
    },
  };
  return { ...body, etag: etagOf(body) };
}

const invalid = (field: string, message: string) => badRequest("InvalidParameter", message, field);

function int(value: unknown, field: string, min: number, max: number, fallback?: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw invalid(field, `The value of parameter ${field} must be an integer from ${min} to ${max}.`);
  }
  return v;
}

function nameOf(child: Child<unknown> | undefined, field: string): string {
  if (typeof child?.name !== "string" || child.name === "") throw invalid(field, `${field}.name is required.`);
  return child.name;
}

/** One child of a kind: ARM takes several, the emulator serves one of each. */
function one<T>(items: T[] | undefined, kind: string, required: boolean): T | undefined {
  const list = items ?? [];
  if (list.length > 1) {
    throw badRequest("UnsupportedByEmulator", `The emulator serves load balancers with one of ${kind}.`, kind);
  }
  if (list.length === 0 && required) {
    throw badRequest("UnsupportedByEmulator", `The emulator serves load balancers with one of ${kind}.`, kind);
  }
  return list[0];
}

/** A load balancer PUT as the entry it makes, refused as Network RP refuses it. */
function planOf(
  ctx: ArmContext,
  cloud: AccountRegion,
  body: LoadBalancerBody,
  group: ResourceGroup,
  id: string,
  name: string,
): Omit<LoadBalancerEntry, "worldId" | "createdAt"> {
  const sku = body.sku?.name ?? "Basic";
  if (sku !== "Standard") {
    throw badRequest(
      "UnsupportedByEmulator",
      `Load balancers of SKU ${JSON.stringify(sku)} are not served: Basic SKU load balancers are retired (no sku means Basic); use Standard.`,
      "sku.name",
    );
  }
  if ((body.sku?.tier ?? "Regional") !== "Regional") {
    throw badRequest("UnsupportedByEmulator", "The emulator serves regional load balancers only.", "sku.tier");
  }
  const p = body.properties ?? {};
  for (const kind of ["inboundNatRules", "inboundNatPools", "outboundRules"] as const) {
    if ((p[kind] ?? []).length > 0) throw badRequest("UnsupportedByEmulator", `The emulator serves no ${kind}.`, kind);
  }
  const refError = (ref: string) =>
    badRequest(
      "InvalidResourceReference",
      `Resource ${ref} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );

  const fe = one(p.frontendIPConfigurations, "frontendIPConfigurations", true);
  const feName = nameOf(fe, "frontendIPConfigurations[0]");
  const pipId = fe?.properties?.publicIPAddress?.id;
  if (typeof pipId !== "string") {
    throw badRequest(
      fe?.properties?.subnet !== undefined ? "UnsupportedByEmulator" : "InvalidRequestFormat",
      "The emulator serves public load balancers: a frontend IP configuration with a publicIPAddress.",
      "frontendIPConfigurations[0].properties.publicIPAddress",
    );
  }
  const pip = livePublicIp(ctx, pipId);
  if (!pip || pip.region !== cloud.region) throw refError(pipId);
  // Every public IP the front serves is Standard (it refuses Basic), as a Standard balancer needs.
  const nicHolder = [...ctx.state.nics.values()].find(
    (n) => n.publicIpId !== undefined && keyOf(n.publicIpId) === keyOf(pip.id) && liveNic(ctx, n.id),
  );
  const lbHolder = loadBalancerUsing(ctx, pip.id);
  const holder = nicHolder
    ? `${nicHolder.id}/ipConfigurations/${nicHolder.ipConfigName}`
    : lbHolder && keyOf(lbHolder.id) !== keyOf(id)
      ? childId(lbHolder.id, "frontendIPConfigurations", lbHolder.frontend.name)
      : undefined;
  if (holder) {
    throw badRequest(
      "PublicIPAddressInUse",
      `Resource ${pip.id} is referenced by resource ${holder} and cannot be used by ${childId(id, "frontendIPConfigurations", feName)}.`,
    );
  }

  const pool = one(p.backendAddressPools, "backendAddressPools", true);
  const poolName = nameOf(pool, "backendAddressPools[0]");
  const addresses = pool?.properties?.loadBalancerBackendAddresses ?? [];
  const poolVnet = pool?.properties?.virtualNetwork?.id;
  const vnetIds = [poolVnet, ...addresses.map((a) => a.properties?.virtualNetwork?.id)].filter(
    (v): v is string => typeof v === "string",
  );
  const vnetId = vnetIds[0];
  if (vnetId === undefined) {
    throw badRequest(
      "UnsupportedByEmulator",
      "The emulator serves backend pools of IP addresses in a virtual network (backendAddressPools[0].properties.virtualNetwork).",
      "backendAddressPools[0].properties.virtualNetwork",
    );
  }
  if (vnetIds.some((v) => keyOf(v) !== keyOf(vnetId))) {
    throw invalid("loadBalancerBackendAddresses", "The backend addresses of a pool must be in one virtual network.");
  }
  const vpc = cloud.vpcs.list({ where: (v) => keyOf(v.id) === keyOf(vnetId) }).items[0];
  if (!vpc) throw refError(vnetId);
  const seen = new Set<string>();
  const pooled = addresses.map((a, i) => {
    const field = `backendAddressPools[0].properties.loadBalancerBackendAddresses[${i}]`;
    const addressName = nameOf(a, field);
    const ip = a.properties?.ipAddress;
    if (typeof ip !== "string" || !/^\d{1,3}(\.\d{1,3}){3}$/.test(ip))
      throw invalid(`${field}.properties.ipAddress`, `${field}.properties.ipAddress must be an IPv4 address.`);
    if (a.properties?.subnet !== undefined)
      throw badRequest("UnsupportedByEmulator", "The emulator serves backend addresses by virtual network.", field);
    const net = vpc.cidr === undefined ? undefined : parseCidr(vpc.cidr);
    const host = parseCidr(`${ip}/32`);
    if (!net || !host || !cidrContains(net, host)) {
      throw invalid(
        `${field}.properties.ipAddress`,
        `Backend address ${ip} is not in the address space of virtual network ${vpc.id}.`,
      );
    }
    if (seen.has(addressName) || seen.has(ip))
      throw invalid(field, `Backend address ${addressName} (${ip}) is given twice.`);
    seen.add(addressName).add(ip);
    return { name: addressName, ip };
  });

  const probe = one(p.probes, "probes", true);
  const probeName = nameOf(probe, "probes[0]");
  const pp = probe?.properties ?? {};
  const probeProtocol = pp.protocol;
  if (probeProtocol !== "Tcp" && probeProtocol !== "Http" && probeProtocol !== "Https")
    throw invalid("probes[0].properties.protocol", "The probe protocol must be Tcp, Http or Https.");
  const requestPath = typeof pp.requestPath === "string" ? pp.requestPath : undefined;
  if (probeProtocol !== "Tcp" && requestPath === undefined)
    throw invalid("probes[0].properties.requestPath", `A ${probeProtocol} probe needs a requestPath.`);
  if (probeProtocol === "Tcp" && requestPath !== undefined)
    throw invalid("probes[0].properties.requestPath", "A Tcp probe takes no requestPath.");

  const rule = one(p.loadBalancingRules, "loadBalancingRules", true);
  const ruleName = nameOf(rule, "loadBalancingRules[0]");
  const rp = rule?.properties ?? {};
  const sameRef = (ref: Ref | undefined, kind: string, child: string, field: string) => {
    const want = childId(id, kind, child);
    if (typeof ref?.id !== "string" || keyOf(ref.id) !== keyOf(want)) {
      throw invalid(
        `loadBalancingRules[0].properties.${field}`,
        `${field} must reference ${want}, a child of the same load balancer.`,
      );
    }
  };
  sameRef(rp.frontendIPConfiguration, "frontendIPConfigurations", feName, "frontendIPConfiguration");
  sameRef(rp.backendAddressPool, "backendAddressPools", poolName, "backendAddressPool");
  sameRef(rp.probe, "probes", probeName, "probe");
  if (rp.protocol === "All") {
    throw invalid(
      "loadBalancingRules[0].properties.protocol",
      "HA ports (protocol All) need an internal load balancer.",
    );
  }
  if (rp.protocol !== "Tcp" && rp.protocol !== "Udp")
    throw invalid("loadBalancingRules[0].properties.protocol", "The rule protocol must be Tcp, Udp or All.");
  return {
    id,
    name,
    group: group.name,
    region: cloud.region,
    frontend: { name: feName, publicIpId: pip.id },
    pool: { name: poolName, vnetId: vpc.id, addresses: pooled },
    probe: {
      name: probeName,
      protocol: probeProtocol,
      port: int(pp.port, "probes[0].properties.port", 1, 65535),
      intervalInSeconds: int(pp.intervalInSeconds, "probes[0].properties.intervalInSeconds", 5, 2147483646, 15),
      probeThreshold: int(pp.probeThreshold ?? pp.numberOfProbes, "probes[0].properties.probeThreshold", 1, 100, 1),
      requestPath,
    },
    rule: {
      name: ruleName,
      protocol: rp.protocol,
      frontendPort: int(rp.frontendPort, "loadBalancingRules[0].properties.frontendPort", 1, 65534),
      backendPort: int(rp.backendPort, "loadBalancingRules[0].properties.backendPort", 1, 65535),
      idleTimeoutInMinutes: int(
        rp.idleTimeoutInMinutes,
        "loadBalancingRules[0].properties.idleTimeoutInMinutes",
        4,
        100,
        4,
      ),
      disableOutboundSnat: rp.disableOutboundSnat === true,
    },
  };
}

/** The world's health check for a probe: thresholds the world takes (2..10), a timeout within the interval. */
function healthCheckOf(probe: LoadBalancerEntry["probe"]): HealthCheck {
  const interval = Math.min(300, probe.intervalInSeconds);
  const threshold = Math.max(2, Math.min(10, probe.probeThreshold));
  return {
    protocol: probe.protocol === "Tcp" ? "tcp" : probe.protocol === "Http" ? "http" : "https",
    port: probe.port,
    intervalSeconds: interval,
    timeoutSeconds: Math.min(5, interval),
    healthyThreshold: threshold,
    unhealthyThreshold: threshold,
  };
}

/** PUT, GET, DELETE .../loadBalancers/{name}; GET .../loadBalancers lists the group's. */
export async function serveLoadBalancers(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
  rest: string[] = [],
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists load balancers.");
    const entries = await gate(ctx, group.location, "LoadBalancers_List", () =>
      [...ctx.state.loadBalancers.values()].filter((e) => inGroup(ctx, group, e.id) && liveLoadBalancer(ctx, e.id)),
    );
    return json(200, { value: entries.map((e) => render(ctx, e)) });
  }
  const id = resourceId(ctx, group, loadBalancerType, name);
  if (rest.length > 0) return serveRuleHealth(ctx, group, id, name, rest);
  switch (ctx.request.method) {
    case "GET": {
      const entry = liveLoadBalancer(ctx, id);
      return gate(ctx, entry?.region ?? group.location, "LoadBalancers_Get", () => {
        if (!entry) throw resourceNotFound(loadBalancerType, name, group.name);
        return json(200, render(ctx, entry));
      });
    }
    case "PUT": {
      const body = bodyOf<LoadBalancerBody>(ctx.request);
      const location = checkLocation(ctx, body.location, loadBalancerType);
      const existing = liveLoadBalancer(ctx, id);
      if (existing && existing.region !== location) {
        throw badRequest(
          "InvalidResourceLocation",
          `The resource '${name}' already exists in location '${existing.region}' in resource group '${group.name}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
        );
      }
      const entry = await gate(ctx, location, "LoadBalancers_CreateOrUpdate", (cloud) => {
        const plan = planOf(ctx, cloud, body, group, id, name);
        const vms = [...new Set(vmsAt(ctx, plan).values())];
        if (existing) {
          const changed =
            keyOf(existing.frontend.publicIpId) !== keyOf(plan.frontend.publicIpId) ||
            keyOf(existing.pool.vnetId) !== keyOf(plan.pool.vnetId) ||
            existing.rule.frontendPort !== plan.rule.frontendPort ||
            existing.rule.backendPort !== plan.rule.backendPort ||
            existing.rule.protocol !== plan.rule.protocol;
          if (changed) {
            throw badRequest(
              "UnsupportedByEmulator",
              "The emulator changes a load balancer's backend addresses, probe and tags only.",
            );
          }
          const world = cloud.nlbs.get(existing.worldId);
          const had = world.targetGroup.targets.map((t) => t.id);
          const gone = had.filter((vm) => !vms.includes(vm));
          if (gone.length > 0) cloud.nlbs.removeTargets(existing.worldId, gone);
          const added = vms.filter((vm) => !had.includes(vm));
          if (added.length > 0) cloud.nlbs.addTargets(existing.worldId, added);
          cloud.nlbs.updateHealthCheck(existing.worldId, healthCheckOf(plan.probe));
          if (body.tags !== undefined) {
            const tags = body.tags;
            const gone = Object.keys(world.tags).filter((k) => !Object.hasOwn(tags, k));
            if (gone.length > 0) cloud.tags.remove(existing.worldId, gone);
            if (Object.keys(tags).length > 0) cloud.tags.add(existing.worldId, tags);
          }
          Object.assign(existing, { ...plan, worldId: existing.worldId, createdAt: existing.createdAt });
          return existing;
        }
        const protocol = plan.rule.protocol === "Tcp" ? "tcp" : "udp";
        const made = cloud.nlbs.create({
          name,
          resourceGroup: group.name,
          tags: body.tags,
          vpcId: plan.pool.vnetId,
          scheme: "internet-facing",
          scope: "regional",
          listener: { protocol, port: plan.rule.frontendPort },
          targetGroup: { protocol, port: plan.rule.backendPort, vmIds: vms },
          healthCheck: healthCheckOf(plan.probe),
        });
        const fresh: LoadBalancerEntry = { ...plan, worldId: made.id, createdAt: ctx.world.clock.now() };
        ctx.state.loadBalancers.set(keyOf(id), fresh);
        return fresh;
      });
      const headers = startOperation(ctx, { region: location, resourceId: id });
      return json(existing ? 200 : 201, render(ctx, entry), headers);
    }
    case "DELETE": {
      const entry = liveLoadBalancer(ctx, id);
      const region = entry?.region ?? group.location;
      await gate(ctx, region, "LoadBalancers_Delete", (cloud) => {
        if (!entry) return;
        cloud.nlbs.delete(entry.worldId);
        ctx.state.loadBalancers.delete(keyOf(id));
      });
      return networkDeleteAnswer(ctx, entry !== undefined, region, id);
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}

/**
 * POST .../loadBalancers/{name}/loadBalancingRules/{rule}/health: 202 and a Location whose answer,
 * once the operation ends, is the rule's health per backend address (LoadBalancerHealthPerRule).
 */
async function serveRuleHealth(
  ctx: ArmContext,
  group: ResourceGroup,
  id: string,
  name: string,
  rest: string[],
): Promise<FrontResponse> {
  const [kind, rule, verb] = rest;
  const is = (value: string | undefined, word: string) => value?.toLowerCase() === word.toLowerCase();
  if (rest.length !== 3 || !is(kind, "loadBalancingRules") || !is(verb, "health") || rule === undefined) {
    throw new ArmError(
      404,
      "NotFound",
      `No HTTP resource was found that matches the request URI '${ctx.request.url.pathname}'.`,
    );
  }
  if (ctx.request.method !== "POST") throw new ArmError(405, "MethodNotAllowed", "Only POST asks for health.");
  const entry = liveLoadBalancer(ctx, id);
  const region = entry?.region ?? group.location;
  await gate(ctx, region, "LoadBalancerLoadBalancingRules_Health", () => {
    if (!entry) throw resourceNotFound(loadBalancerType, name, group.name);
    if (!is(entry.rule.name, rule))
      throw new ArmError(404, "NotFound", `Resource ${id}/loadBalancingRules/${rule} not found.`);
  });
  const headers = startOperation(ctx, {
    region,
    resourceId: id,
    withLocation: true,
    durationMs: 1,
    ruleHealth: { loadBalancer: id, rule },
  });
  return { status: 202, headers };
}
