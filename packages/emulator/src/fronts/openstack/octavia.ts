import type { AccountRegion } from "../../world/account-region.js";
import type { HealthCheckProtocol, LbProtocol, Nlb, TargetHealth, Vm } from "../../world/types.js";
import {
  FrontError,
  badRequest,
  json,
  noContent,
  numberField,
  objectField,
  readJson,
  stringField,
  tagList,
} from "./http.js";
import { healthMonitorIdOf, isoSeconds, listenerIdOf, memberIdOf, poolIdOf, vipPortIdOf } from "./ids.js";
import { collectionLinks, pageOf, pageRequest } from "./paging.js";
import { below } from "./service.js";
import type { Route, ServiceCall, ServiceDef } from "./service.js";
import { fromWorldTags, toWorldTags } from "./tags.js";

/** Octavia's protocol names for the world's, in listeners, pools and health monitors. */
const octaviaProtocol: Readonly<Record<LbProtocol, string>> = { tcp: "TCP", udp: "UDP" };
const monitorType: Readonly<Record<HealthCheckProtocol, string>> = { tcp: "TCP", http: "HTTP", https: "HTTPS" };

const memberStatus: Readonly<Record<TargetHealth["state"], string>> = {
  healthy: "ONLINE",
  unhealthy: "ERROR",
  initial: "OFFLINE",
  unused: "OFFLINE",
};

function provisioning(nlb: Nlb): string {
  return nlb.state === "active" ? "ACTIVE" : "PENDING_CREATE";
}

function owned(call: ServiceCall, nlb: Nlb): Record<string, unknown> {
  return {
    project_id: call.projectId,
    tenant_id: call.projectId,
    created_at: isoSeconds(nlb.createdAt),
    updated_at: isoSeconds(nlb.createdAt),
    provisioning_status: provisioning(nlb),
    admin_state_up: true,
  };
}

function operating(cloud: AccountRegion, nlb: Nlb): string {
  if (nlb.state !== "active") return "OFFLINE";
  const health = cloud.nlbs.targetHealth(nlb.id);
  const online = health.filter((t) => t.state === "healthy").length;
  if (health.length === 0 || online === health.length) return "ONLINE";
  return online === 0 ? "ERROR" : "DEGRADED";
}

function loadBalancerView(call: ServiceCall, cloud: AccountRegion, nlb: Nlb): Record<string, unknown> {
  return {
    ...owned(call, nlb),
    id: nlb.id,
    name: nlb.name,
    description: "",
    operating_status: operating(cloud, nlb),
    vip_address: nlb.listener.ip,
    vip_port_id: vipPortIdOf(nlb.id),
    vip_subnet_id: nlb.subnet.id,
    vip_network_id: nlb.vpc.id,
    vip_qos_policy_id: null,
    listeners: [{ id: listenerIdOf(nlb.id) }],
    pools: [{ id: poolIdOf(nlb.id) }],
    provider: "amphora",
    flavor_id: null,
    availability_zone: null,
    additional_vips: [],
    tags: fromWorldTags(nlb.tags),
  };
}

function listenerView(call: ServiceCall, nlb: Nlb): Record<string, unknown> {
  return {
    ...owned(call, nlb),
    id: listenerIdOf(nlb.id),
    name: "",
    description: "",
    protocol: octaviaProtocol[nlb.listener.protocol],
    protocol_port: nlb.listener.port,
    connection_limit: -1,
    default_pool_id: poolIdOf(nlb.id),
    loadbalancers: [{ id: nlb.id }],
    operating_status: nlb.state === "active" ? "ONLINE" : "OFFLINE",
    insert_headers: {},
    tags: [],
  };
}

function poolView(call: ServiceCall, nlb: Nlb): Record<string, unknown> {
  return {
    ...owned(call, nlb),
    id: poolIdOf(nlb.id),
    name: "",
    description: "",
    protocol: octaviaProtocol[nlb.targetGroup.protocol],
    lb_algorithm: "ROUND_ROBIN",
    session_persistence: null,
    loadbalancers: [{ id: nlb.id }],
    listeners: [{ id: listenerIdOf(nlb.id) }],
    members: nlb.targetGroup.targets.map((t) => ({ id: memberIdOf(nlb.id, t.id) })),
    healthmonitor_id: healthMonitorIdOf(nlb.id),
    operating_status: nlb.state === "active" ? "ONLINE" : "OFFLINE",
    tags: [],
  };
}

function healthMonitorView(call: ServiceCall, nlb: Nlb): Record<string, unknown> {
  const hc = nlb.healthCheck;
  // The world checks UDP targets with its tcp check; Octavia calls that UDP-CONNECT.
  const type = hc.protocol === "tcp" && nlb.targetGroup.protocol === "udp" ? "UDP-CONNECT" : monitorType[hc.protocol];
  return {
    ...owned(call, nlb),
    id: healthMonitorIdOf(nlb.id),
    name: "",
    type,
    delay: hc.intervalSeconds,
    timeout: hc.timeoutSeconds,
    max_retries: hc.healthyThreshold,
    max_retries_down: hc.unhealthyThreshold,
    ...(hc.protocol === "tcp" ? {} : { http_method: "GET", url_path: "/", expected_codes: "200" }),
    pools: [{ id: poolIdOf(nlb.id) }],
    operating_status: "ONLINE",
    tags: [],
  };
}

function memberViews(call: ServiceCall, cloud: AccountRegion, nlb: Nlb): Record<string, unknown>[] {
  const health = new Map(nlb.state === "active" ? cloud.nlbs.targetHealth(nlb.id).map((t) => [t.vm.id, t.state]) : []);
  const vms = new Map(cloud.vms.list().items.map((vm) => [vm.id, vm]));
  return nlb.targetGroup.targets.map((t) => {
    const vm = vms.get(t.id);
    return {
      ...owned(call, nlb),
      provisioning_status: "ACTIVE",
      id: memberIdOf(nlb.id, t.id),
      name: "",
      address: vm?.privateIp ?? "",
      protocol_port: nlb.targetGroup.port,
      subnet_id: vm?.subnet.id ?? null,
      weight: 1,
      backup: false,
      monitor_address: null,
      monitor_port: nlb.healthCheck.port === nlb.targetGroup.port ? null : nlb.healthCheck.port,
      operating_status: memberStatus[health.get(t.id) ?? "initial"],
      tags: [],
    };
  });
}

function findBy(cloud: AccountRegion, idOf: (nlbId: string) => string, id: string, what: string): Nlb {
  const nlb = cloud.nlbs.list().items.find((n) => idOf(n.id) === id);
  if (!nlb) throw new FrontError(404, `${what} ${id} could not be found.`);
  return nlb;
}

function requireActive(nlb: Nlb): void {
  if (nlb.state !== "active")
    throw new FrontError(409, `Invalid state ${provisioning(nlb)} of loadbalancer resource ${nlb.id}`);
}

/** The VM a member address names: a live VM of the load balancer's network with that address. */
function memberVm(cloud: AccountRegion, vpcId: string, member: Record<string, unknown>): Vm {
  const address = stringField(member, "address", true);
  const subnetId = stringField(member, "subnet_id");
  const vm = cloud.vms.list({
    where: (v) =>
      v.state !== "terminated" &&
      v.vpc.id === vpcId &&
      v.privateIp === address &&
      (!subnetId || v.subnet.id === subnetId),
  }).items[0];
  if (!vm)
    throw badRequest(`The emulator balances to servers only: no server of network ${vpcId} has address ${address}.`);
  return vm;
}

function protocolOf(value: string | undefined, field: string): LbProtocol {
  if (value !== "TCP" && value !== "UDP")
    throw badRequest(`The emulator's load balancers are TCP or UDP; ${field} ${value ?? ""} is not supported.`);
  return value === "TCP" ? "tcp" : "udp";
}

/** The world's check of each monitor type the emulator serves (UDP-CONNECT is a tcp check of UDP members). */
const checkOfMonitorType: Readonly<Record<string, HealthCheckProtocol>> = {
  TCP: "tcp",
  "UDP-CONNECT": "tcp",
  HTTP: "http",
  HTTPS: "https",
};

function healthProtocol(type: string | undefined): HealthCheckProtocol | undefined {
  if (type === undefined) return undefined;
  const protocol = checkOfMonitorType[type];
  if (!protocol) throw badRequest(`Health monitor type ${type} is not supported by the emulator.`);
  return protocol;
}

/** A fully populated create: one listener, its default pool, members and health monitor. */
function createLoadBalancer(call: ServiceCall, cloud: AccountRegion, args: Record<string, unknown>): Nlb {
  const subnetId = stringField(args, "vip_subnet_id");
  if (!subnetId) throw badRequest("The emulator needs vip_subnet_id.");
  const listeners = args["listeners"];
  if (!Array.isArray(listeners) || listeners.length !== 1) {
    throw badRequest("The emulator creates load balancers fully populated: exactly one listener with a default_pool.");
  }
  const listener = listeners[0] as Record<string, unknown>;
  const pool = objectField(listener, "default_pool");
  const members = Array.isArray(pool["members"]) ? (pool["members"] as Record<string, unknown>[]) : [];
  const monitor = pool["healthmonitor"] as Record<string, unknown> | undefined;
  const listenerPort = numberField(listener, "protocol_port", true);
  const targetPort = members[0] === undefined ? listenerPort : numberField(members[0], "protocol_port", true);
  if (members.some((m) => numberField(m, "protocol_port", true) !== targetPort))
    throw badRequest("The emulator's pools forward to one port: give every member the same protocol_port.");
  const subnet = cloud.subnets.get(subnetId);
  const tags = tagList(args);
  const monitorPort = members[0] === undefined ? undefined : numberField(members[0], "monitor_port");
  return cloud.nlbs.create({
    name: stringField(args, "name") ?? "",
    vpcId: subnet.vpcId,
    subnetId,
    // The VIP is a private address; a floating IP on its port makes the balancer public.
    scheme: "internal",
    listener: { protocol: protocolOf(stringField(listener, "protocol"), "listener protocol"), port: listenerPort },
    targetGroup: {
      protocol: protocolOf(stringField(pool, "protocol"), "pool protocol"),
      port: targetPort,
      vmIds: members.map((m) => memberVm(cloud, subnet.vpcId, m).id),
    },
    healthCheck: monitor
      ? {
          protocol: healthProtocol(stringField(monitor, "type")),
          port: monitorPort ?? targetPort,
          intervalSeconds: numberField(monitor, "delay"),
          timeoutSeconds: numberField(monitor, "timeout"),
          healthyThreshold: numberField(monitor, "max_retries"),
          // The front has always judged members by max_retries alone (and reported it as
          // max_retries_down too); the world gets it for both, so member status keeps its timings.
          unhealthyThreshold: numberField(monitor, "max_retries"),
        }
      : undefined,
    tags: tags && toWorldTags(tags),
  });
}

export const octaviaRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/lbaas\/loadbalancers$/,
    api: "octavia:ListLoadBalancers",
    handle: (call) =>
      call.call((cloud) => {
        const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
        const page = pageOf(cloud.nlbs.list().items, (n) => n.id, request);
        const links = collectionLinks(call.url, request, page);
        return json(200, {
          loadbalancers: page.items.map((n) => loadBalancerView(call, cloud, n)),
          loadbalancers_links: links,
        });
      }),
  },
  {
    method: "GET",
    path: /^\/lbaas\/loadbalancers\/([^/]+)$/,
    api: "octavia:ShowLoadBalancer",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { loadbalancer: loadBalancerView(call, cloud, cloud.nlbs.get(call.params[0] ?? "")) }),
      ),
  },
  {
    method: "POST",
    path: /^\/lbaas\/loadbalancers$/,
    api: "octavia:CreateLoadBalancer",
    handle: (call) => {
      const args = objectField(readJson(call.request), "loadbalancer");
      return call.call((cloud) =>
        json(201, { loadbalancer: loadBalancerView(call, cloud, createLoadBalancer(call, cloud, args)) }),
      );
    },
  },
  {
    method: "PUT",
    path: /^\/lbaas\/loadbalancers\/([^/]+)$/,
    api: "octavia:UpdateLoadBalancer",
    handle: (call) => {
      const args = objectField(readJson(call.request), "loadbalancer");
      const tags = tagList(args);
      if (Object.keys(args).some((k) => k !== "tags"))
        throw badRequest("The emulator updates the tags of a load balancer only.");
      return call.call((cloud) => {
        const nlb = cloud.nlbs.get(call.params[0] ?? "");
        requireActive(nlb);
        if (tags) {
          const next = toWorldTags(tags);
          const gone = Object.keys(nlb.tags).filter((t) => !(t in next));
          if (gone.length > 0) cloud.tags.remove(nlb.id, gone, { kind: "load-balancer" });
          if (tags.length > 0) cloud.tags.add(nlb.id, next, { kind: "load-balancer" });
        }
        return json(200, { loadbalancer: loadBalancerView(call, cloud, cloud.nlbs.get(nlb.id)) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/lbaas\/loadbalancers\/([^/]+)$/,
    api: "octavia:DeleteLoadBalancer",
    handle: (call) =>
      call.call((cloud) => {
        const nlb = cloud.nlbs.get(call.params[0] ?? "");
        requireActive(nlb);
        if (call.url.searchParams.get("cascade") !== "true")
          throw badRequest(`Cannot delete Load Balancer ${nlb.id} - it has children`);
        cloud.nlbs.delete(nlb.id);
        return noContent(204);
      }),
  },
  {
    method: "GET",
    path: /^\/lbaas\/listeners\/([^/]+)$/,
    api: "octavia:ShowListener",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { listener: listenerView(call, findBy(cloud, listenerIdOf, call.params[0] ?? "", "Listener")) }),
      ),
  },
  {
    method: "GET",
    path: /^\/lbaas\/pools\/([^/]+)$/,
    api: "octavia:ShowPool",
    handle: (call) =>
      call.call((cloud) => json(200, { pool: poolView(call, findBy(cloud, poolIdOf, call.params[0] ?? "", "Pool")) })),
  },
  {
    method: "GET",
    path: /^\/lbaas\/healthmonitors\/([^/]+)$/,
    api: "octavia:ShowHealthMonitor",
    handle: (call) =>
      call.call((cloud) =>
        json(200, {
          healthmonitor: healthMonitorView(
            call,
            findBy(cloud, healthMonitorIdOf, call.params[0] ?? "", "Health Monitor"),
          ),
        }),
      ),
  },
  {
    method: "GET",
    path: /^\/lbaas\/pools\/([^/]+)\/members$/,
    api: "octavia:ListMembers",
    handle: (call) =>
      call.call((cloud) => {
        const nlb = findBy(cloud, poolIdOf, call.params[0] ?? "", "Pool");
        const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
        const page = pageOf(memberViews(call, cloud, nlb), (m) => String(m["id"]), request);
        return json(200, { members: page.items, members_links: collectionLinks(call.url, request, page) });
      }),
  },
  {
    method: "POST",
    path: /^\/lbaas\/pools\/([^/]+)\/members$/,
    api: "octavia:CreateMember",
    handle: (call) => {
      const member = objectField(readJson(call.request), "member");
      return call.call((cloud) => {
        const nlb = findBy(cloud, poolIdOf, call.params[0] ?? "", "Pool");
        requireActive(nlb);
        if (numberField(member, "protocol_port", true) !== nlb.targetGroup.port)
          throw badRequest("The emulator's pools forward to one port: use the pool's member port.");
        const vm = memberVm(cloud, nlb.vpc.id, member);
        if (nlb.targetGroup.targets.some((t) => t.id === vm.id))
          throw new FrontError(
            409,
            `Another member on this pool is already using ip ${vm.privateIp} on protocol_port ${nlb.targetGroup.port}`,
          );
        const updated = cloud.nlbs.addTargets(nlb.id, [vm.id]);
        const view = memberViews(call, cloud, updated).find((m) => m["id"] === memberIdOf(nlb.id, vm.id));
        return json(201, { member: view });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/lbaas\/pools\/([^/]+)\/members\/([^/]+)$/,
    api: "octavia:DeleteMember",
    handle: (call) =>
      call.call((cloud) => {
        const nlb = findBy(cloud, poolIdOf, call.params[0] ?? "", "Pool");
        requireActive(nlb);
        const target = nlb.targetGroup.targets.find((t) => memberIdOf(nlb.id, t.id) === call.params[1]);
        if (!target) throw new FrontError(404, `Member ${call.params[1] ?? ""} could not be found.`);
        cloud.nlbs.removeTargets(nlb.id, [target.id]);
        return noContent(204);
      }),
  },
];

/** Octavia (Load Balancer v2), at "/<region>/load-balancer" with its API under "/v2". */
export const octaviaService: ServiceDef = {
  name: "octavia",
  segment: "load-balancer",
  split: (rest) => {
    const routePath = below(rest, "/v2") ?? below(rest, "/v2.0");
    return routePath === undefined ? undefined : { endpointPath: "", routePath };
  },
  routes: octaviaRoutes,
};
