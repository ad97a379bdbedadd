import { createHash } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import type { HealthCheck, Nlb, TargetHealthState } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import { crnOf, defaultResourceGroupId, iso, nameOr, newId, resourceGroupRef } from "./context.js";
import {
  arrayOf,
  badRequest,
  booleanOf,
  checkName,
  conflict,
  enumOf,
  json,
  noContent,
  notFound,
  numberOf,
  objectOf,
  refId,
  requiredField,
  stringOf,
} from "./http.js";
import type { Json } from "./http.js";
import { instanceRef, requireInstance } from "./instance-refs.js";
import { requireSubnet, subnetRef } from "./network.js";
import { page } from "./paging.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";
import type { LbExtras, LbListener, LbMember, LbPool } from "./state.js";

// Network load balancers (profile network-fixed). The world keeps one listener and one target group
// per balancer; the front keeps IBM's pools, members and listeners, registers every member's
// instance as a world target and gives the world the first pool's health monitor (clamped to the
// world's ranges, its own values shown as given).

const healthStates: Readonly<Record<TargetHealthState, string>> = {
  healthy: "ok",
  unhealthy: "faulted",
  initial: "unknown",
  unused: "unknown",
};

function requireLb(call: VpcCall, cloud: AccountRegion, id: string): { nlb: Nlb; extras: LbExtras } {
  const nlb = cloud.nlbs.list({ where: (n) => n.id === id }).items[0];
  const extras = call.front.state.loadBalancers.get(id);
  if (!nlb || !extras)
    throw notFound("load_balancer_not_found", `The load balancer with ID ${id} cannot be found.`, id);
  return { nlb, extras };
}

function provisioningStatus(call: VpcCall, nlb: Nlb, extras: LbExtras): string {
  switch (nlb.state) {
    case "provisioning":
      return "create_pending";
    case "deleting":
      return "delete_pending";
    case "failed":
      return "failed";
    case "active":
      return call.now() < extras.updateUntil ? "update_pending" : "active";
  }
}

/** Changes need an active balancer (IBM's load_balancer_update_conflict otherwise); each keeps it update_pending a while. */
function change(call: VpcCall, nlb: Nlb, extras: LbExtras): void {
  const status = provisioningStatus(call, nlb, extras);
  if (status !== "active")
    throw conflict(
      "load_balancer_update_conflict",
      `The load balancer with ID ${nlb.id} cannot be updated because its status is ${status.toUpperCase()}.`,
    );
  extras.updateUntil = call.now() + call.front.world.timing.nlbUpdateMs;
}

function healthMonitorOf(body: Json, prefix: string): LbPool["healthMonitor"] {
  const monitor = objectOf(body, "health_monitor");
  if (!monitor)
    throw badRequest("pool_missing_health_monitor", "Pool health monitor is missing.", {
      name: `${prefix}health_monitor`,
      type: "field",
    });
  const type = stringOf(monitor, "type");
  if (type === undefined) throw badRequest("health_monitor_missing_protocol", "Health monitor protocol is missing");
  const delay = numberOf(monitor, "delay", true);
  const maxRetries = numberOf(monitor, "max_retries", true);
  const timeout = numberOf(monitor, "timeout", true);
  const port = numberOf(monitor, "port");
  const urlPath = stringOf(monitor, "url_path");
  if (delay < 2 || delay > 60)
    throw badRequest("health_monitor_invalid_delay", `The specified health monitor delay ${delay} is invalid`);
  if (maxRetries < 1 || maxRetries > 10)
    throw badRequest(
      "health_monitor_invalid_max_retries",
      `The specified health monitor max retries ${maxRetries} is invalid`,
    );
  if (timeout < 1 || timeout > 59)
    throw badRequest("health_monitor_invalid_timeout", `The specified health monitor timeout ${timeout} is invalid.`);
  if (timeout >= delay)
    throw badRequest(
      "health_monitor_timeout_delay_conflict",
      `Health Monitor timeout ${timeout} should not be greater than or equal to delay ${delay}.`,
    );
  const kind = enumOf(type, ["tcp", "http", "https"], `${prefix}health_monitor.type`);
  if (kind !== "tcp" && urlPath === undefined)
    throw badRequest(
      "health_monitor_missing_url_path",
      "Health monitor URL path is missing. It is required for a HTTP type health monitor.",
    );
  return {
    type: kind,
    delay,
    maxRetries,
    timeout,
    ...(port === undefined ? {} : { port }),
    ...(urlPath === undefined ? {} : { urlPath }),
  };
}

/** The world's health check for an IBM monitor, within the world's ranges. */
function worldCheck(monitor: LbPool["healthMonitor"]): Partial<HealthCheck> {
  const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));
  const interval = clamp(monitor.delay, 5, 300);
  return {
    protocol: monitor.type,
    ...(monitor.port === undefined ? {} : { port: monitor.port }),
    intervalSeconds: interval,
    timeoutSeconds: clamp(monitor.timeout, 2, interval),
    healthyThreshold: clamp(monitor.maxRetries, 2, 10),
    unhealthyThreshold: clamp(monitor.maxRetries, 2, 10),
  };
}

function memberOf(call: VpcCall, body: Json, prefix: string): LbMember {
  const port = numberOf(body, "port");
  if (port === undefined) throw badRequest("member_missing_protocol_port", "Member port is missing.");
  if (port < 1 || port > 65535)
    throw badRequest("member_invalid_port", `The specified member port ${port} is invalid.`);
  const target = objectOf(body, "target");
  if (!target) throw requiredField(`${prefix}target`);
  const instanceId = stringOf(target, "id");
  if (instanceId === undefined)
    throw badRequest("bad_request", "Network load balancer members target an instance: give target.id.", {
      name: `${prefix}target.id`,
      type: "field",
    });
  const weight = numberOf(body, "weight") ?? 50;
  if (weight < 0 || weight > 100)
    throw badRequest("member_invalid_weight", `The specified member weight ${weight} is invalid.`);
  return { id: newId(call.region), port, weight, instanceId, createdAt: call.now() };
}

function poolOf(call: VpcCall, body: Json, prefix: string): LbPool {
  const given = stringOf(body, "name");
  const name = nameOr(given === undefined ? undefined : checkName(given, `${prefix}name`), "pool");
  const algorithm = stringOf(body, "algorithm");
  if (algorithm === undefined) throw badRequest("pool_missing_algorithm", "Load balancing algorithm is missing.");
  const protocol = stringOf(body, "protocol");
  if (protocol === undefined) throw badRequest("pool_missing_protocol", "Pool protocol is missing.");
  return {
    id: newId(call.region),
    name,
    algorithm: enumOf(algorithm, ["round_robin", "weighted_round_robin"], `${prefix}algorithm`),
    protocol: enumOf(protocol, ["tcp", "udp"], `${prefix}protocol`),
    createdAt: call.now(),
    healthMonitor: healthMonitorOf(body, prefix),
    members: (arrayOf(body, "members") ?? []).map((m, i) => memberOf(call, m, `${prefix}members[${i}].`)),
  };
}

function listenerOf(
  call: VpcCall,
  body: Json,
  pools: readonly LbPool[],
  existing: readonly LbListener[],
  prefix: string,
): LbListener {
  const port = numberOf(body, "port");
  if (port === undefined) throw badRequest("listener_missing_port", "Listener port is missing.");
  if (port < 1 || port > 65535) throw badRequest("listener_invalid_port", `Listener port ${port} is invalid.`);
  if (port >= 56500 && port <= 56520)
    throw badRequest("listener_reserved_port_conflict", `Listener port ${port} is one of the reserved ports.`);
  const protocolText = stringOf(body, "protocol");
  if (protocolText === undefined) throw badRequest("listener_missing_protocol", "Listener protocol is missing.");
  const protocol = enumOf(protocolText, ["tcp", "udp"], `${prefix}protocol`);
  if (existing.some((l) => l.port === port && l.protocol === protocol))
    throw conflict(
      "listener_duplicate_port",
      `Port ${port} is used by another listener instance. Please choose a different port.`,
    );
  const poolRef = objectOf(body, "default_pool");
  let pool: LbPool | undefined;
  if (poolRef) {
    const id = stringOf(poolRef, "id");
    const name = stringOf(poolRef, "name");
    pool = pools.find((p) => (id !== undefined && p.id === id) || (name !== undefined && p.name === name));
    if (!pool) throw notFound("pool_not_found", `The pool with ID ${id ?? name ?? ""} cannot be found.`, id ?? name);
    if (pool.protocol !== protocol)
      throw badRequest(
        "listener_pool_protocols_conflict",
        `Listener protocol(${protocol}) and pool protocol(${pool.protocol}) are in conflict.`,
      );
  }
  return { id: newId(call.region), port, protocol, ...(pool ? { defaultPoolId: pool.id } : {}), createdAt: call.now() };
}

function privateIpOf(nlb: Nlb, subnetCidr: string): string {
  if (nlb.scheme === "internal") return nlb.listener.ip;
  const [base = "10.0.0.0", bits = "24"] = subnetCidr.split("/");
  const octets = base.split(".").map(Number);
  const room = 2 ** (32 - Number(bits)) - 8;
  const host = 4 + (parseInt(createHash("sha256").update(nlb.id).digest("hex").slice(0, 6), 16) % Math.max(1, room));
  const value =
    ((octets[0] ?? 0) * 2 ** 24 + (octets[1] ?? 0) * 2 ** 16 + (octets[2] ?? 0) * 2 ** 8 + (octets[3] ?? 0) + host) >>>
    0;
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

function lbHref(call: VpcCall, id: string): string {
  return `${call.base}/load_balancers/${id}`;
}

function memberView(
  call: VpcCall,
  cloud: AccountRegion,
  nlb: Nlb,
  extras: LbExtras,
  pool: LbPool,
  member: LbMember,
): Json {
  const health =
    nlb.state === "active" ? cloud.nlbs.targetHealth(nlb.id).find((t) => t.vm.id === member.instanceId) : undefined;
  const vm = cloud.vms.list({ where: (v) => v.id === member.instanceId }).items[0];
  return {
    id: member.id,
    href: `${lbHref(call, nlb.id)}/pools/${pool.id}/members/${member.id}`,
    port: member.port,
    weight: member.weight,
    target: instanceRef(call, { id: member.instanceId, name: vm?.name ?? "", zone: vm?.zone }),
    health: health ? healthStates[health.state] : "unknown",
    provisioning_status: provisioningStatus(call, nlb, extras) === "update_pending" ? "update_pending" : "active",
    created_at: iso(member.createdAt),
  };
}

function poolView(call: VpcCall, nlb: Nlb, extras: LbExtras, pool: LbPool): Json {
  const monitor = pool.healthMonitor;
  return {
    id: pool.id,
    href: `${lbHref(call, nlb.id)}/pools/${pool.id}`,
    name: pool.name,
    algorithm: pool.algorithm,
    protocol: pool.protocol,
    proxy_protocol: "disabled",
    health_monitor: {
      type: monitor.type,
      delay: monitor.delay,
      max_retries: monitor.maxRetries,
      timeout: monitor.timeout,
      ...(monitor.port === undefined ? {} : { port: monitor.port }),
      ...(monitor.urlPath === undefined ? {} : { url_path: monitor.urlPath }),
    },
    members: pool.members.map((m) => ({ id: m.id, href: `${lbHref(call, nlb.id)}/pools/${pool.id}/members/${m.id}` })),
    provisioning_status: provisioningStatus(call, nlb, extras) === "update_pending" ? "update_pending" : "active",
    created_at: iso(pool.createdAt),
  };
}

function listenerView(call: VpcCall, nlb: Nlb, extras: LbExtras, listener: LbListener): Json {
  const pool = extras.pools.find((p) => p.id === listener.defaultPoolId);
  return {
    id: listener.id,
    href: `${lbHref(call, nlb.id)}/listeners/${listener.id}`,
    port: listener.port,
    port_min: listener.port,
    port_max: listener.port,
    protocol: listener.protocol,
    ...(pool
      ? { default_pool: { id: pool.id, href: `${lbHref(call, nlb.id)}/pools/${pool.id}`, name: pool.name } }
      : {}),
    provisioning_status: provisioningStatus(call, nlb, extras) === "update_pending" ? "update_pending" : "active",
    created_at: iso(listener.createdAt),
  };
}

function lbView(call: VpcCall, cloud: AccountRegion, nlb: Nlb, extras: LbExtras): Json {
  const status = provisioningStatus(call, nlb, extras);
  const subnet = cloud.subnets.list({ where: (s) => s.id === nlb.subnet.id }).items[0];
  const privateIp = privateIpOf(nlb, subnet?.cidr ?? "10.0.0.0/24");
  return {
    id: nlb.id,
    crn: crnOf(call.account, call.region.name, "load-balancer", nlb.id),
    href: lbHref(call, nlb.id),
    name: nlb.name,
    is_public: extras.isPublic,
    hostname:
      nlb.listener.dnsName ??
      `${createHash("sha256").update(nlb.id).digest("hex").slice(0, 8)}-${call.region.name}.lb.appdomain.cloud`,
    public_ips: extras.isPublic ? [{ address: nlb.listener.ip }] : [],
    private_ips: [{ address: privateIp }],
    provisioning_status: status,
    operating_status: status === "active" || status === "update_pending" ? "online" : "offline",
    profile: { family: "network", href: `${call.base}/load_balancer/profiles/${extras.profile}`, name: extras.profile },
    subnets: subnet ? [subnetRef(call, subnet)] : [],
    listeners: extras.listeners.map((l) => ({ id: l.id, href: `${lbHref(call, nlb.id)}/listeners/${l.id}` })),
    pools: extras.pools.map((p) => ({ id: p.id, href: `${lbHref(call, nlb.id)}/pools/${p.id}`, name: p.name })),
    route_mode: false,
    udp_supported: true,
    security_groups_supported: false,
    security_groups: [],
    source_ip_session_persistence_supported: true,
    instance_groups_supported: false,
    availability: "subnet",
    created_at: iso(nlb.createdAt),
    resource_group: resourceGroupRef(call, extras.resourceGroupId),
    resource_type: "load_balancer",
  };
}

/** Registers the pools' instances as the world's targets (and forgets those no member names). */
function syncTargets(cloud: AccountRegion, nlb: Nlb, extras: LbExtras): void {
  const wanted = [...new Set(extras.pools.flatMap((p) => p.members.map((m) => m.instanceId)))];
  const current = nlb.targetGroup.targets.map((t) => t.id);
  const gone = current.filter((id) => !wanted.includes(id));
  if (gone.length > 0) cloud.nlbs.removeTargets(nlb.id, gone);
  const added = wanted.filter((id) => !current.includes(id));
  if (added.length > 0) cloud.nlbs.addTargets(nlb.id, added);
  const first = extras.pools[0];
  if (first) cloud.nlbs.updateHealthCheck(nlb.id, worldCheck(first.healthMonitor));
}

function requirePool(extras: LbExtras, id: string): LbPool {
  const pool = extras.pools.find((p) => p.id === id);
  if (!pool) throw notFound("pool_not_found", `The pool with ID ${id} cannot be found.`, id);
  return pool;
}

function checkMembers(cloud: AccountRegion, nlb: Nlb, members: readonly LbMember[]): void {
  for (const member of members) {
    const vm = requireInstance(cloud, member.instanceId);
    if (vm.vpc.id !== nlb.vpc.id)
      throw badRequest(
        "member_ip_not_found",
        `Member ${member.instanceId} does not belong to any subnets in the VPC of the load balancer.`,
      );
  }
}

export const loadBalancerRoutes: Route[] = [
  {
    method: "GET",
    path: path("/load_balancer/profiles"),
    api: "list_load_balancer_profiles",
    handle: (call) =>
      Promise.resolve(
        json(200, {
          profiles: [
            { family: "network", href: `${call.base}/load_balancer/profiles/network-fixed`, name: "network-fixed" },
          ],
          total_count: 1,
        }),
      ),
  },
  {
    method: "GET",
    path: path("/load_balancers"),
    api: "list_load_balancers",
    handle: async (call) => {
      const views = await call.call((cloud) =>
        cloud.nlbs
          .list({ where: (n) => call.front.state.loadBalancers.has(n.id) })
          .items.map((n) => lbView(call, cloud, n, call.front.state.loadBalancers.get(n.id) as LbExtras)),
      );
      return json(200, page(call.url, "load_balancers", views, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/load_balancers"),
    api: "create_load_balancer",
    handle: async (call) => {
      const body = call.body();
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "lb");
      const isPublic = booleanOf(body, "is_public");
      if (isPublic === undefined) throw badRequest("load_balancer_missing_is_public", "'is_public' field is missing.");
      const subnets = arrayOf(body, "subnets");
      if (!subnets || subnets.length === 0)
        throw badRequest("load_balancer_missing_subnets", "Load balancer subnets is missing.");
      const profile = stringOf(objectOf(body, "profile") ?? {}, "name");
      if (profile !== "network-fixed")
        throw badRequest(
          "bad_request",
          "The emulator serves network load balancers only: give profile { name: network-fixed }.",
          {
            name: "profile.name",
            type: "field",
          },
        );
      if (subnets.length !== 1)
        throw badRequest("load_balancer_invalid_subnet", "A network load balancer takes exactly one subnet.", {
          name: "subnets",
          type: "field",
        });
      const subnetId = stringOf(subnets[0] ?? {}, "id");
      if (subnetId === undefined) throw badRequest("load_balancer_missing_subnet_id", "Subnet ID is missing.");
      const pools = (arrayOf(body, "pools") ?? []).map((p, i) => poolOf(call, p, `pools[${i}].`));
      const listeners: LbListener[] = [];
      for (const [i, l] of (arrayOf(body, "listeners") ?? []).entries())
        listeners.push(listenerOf(call, l, pools, listeners, `listeners[${i}].`));
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud, gate) => {
        let subnet;
        try {
          subnet = requireSubnet(cloud, subnetId);
        } catch {
          throw notFound("load_balancer_subnet_not_found", `The subnet with ID ${subnetId} cannot be found.`, subnetId);
        }
        if (cloud.nlbs.list({ where: (n) => n.name === name }).items.length > 0)
          throw conflict(
            "load_balancer_duplicate_name",
            `Name ${name} is used by another load balancer instance. Please choose a different name.`,
          );
        const firstListener = listeners[0];
        const firstPool = pools[0];
        const firstMember = firstPool?.members[0];
        const nlb = cloud.nlbs.create(
          {
            name,
            vpcId: subnet.vpcId,
            subnetId,
            scheme: isPublic ? "internet-facing" : "internal",
            // The world needs a listener and target port up front; IBM's may come later.
            listener: { protocol: firstListener?.protocol ?? "tcp", port: firstListener?.port ?? 80 },
            targetGroup: {
              protocol: firstPool?.protocol ?? "tcp",
              port: firstMember?.port ?? firstListener?.port ?? 80,
            },
            ...(firstPool ? { healthCheck: worldCheck(firstPool.healthMonitor) } : {}),
          },
          gate,
        );
        try {
          checkMembers(
            cloud,
            nlb,
            pools.flatMap((p) => p.members),
          );
          const wanted = [...new Set(pools.flatMap((p) => p.members.map((m) => m.instanceId)))];
          if (wanted.length > 0) cloud.nlbs.addTargets(nlb.id, wanted);
        } catch (error) {
          cloud.nlbs.delete(nlb.id);
          throw error;
        }
        const extras: LbExtras = {
          profile,
          isPublic,
          subnetIds: [subnetId],
          pools,
          listeners,
          updateUntil: 0,
          resourceGroupId: resourceGroup ?? defaultResourceGroupId(call.account),
        };
        call.front.state.loadBalancers.set(nlb.id, extras);
        return lbView(call, cloud, cloud.nlbs.get(nlb.id), extras);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}"),
    api: "get_load_balancer",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          return lbView(call, cloud, nlb, extras);
        }),
      ),
  },
  {
    method: "DELETE",
    path: path("/load_balancers/{}"),
    api: "delete_load_balancer",
    handle: async (call) => {
      await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        const status = provisioningStatus(call, nlb, extras);
        if (status !== "active" && status !== "failed")
          throw conflict(
            "load_balancer_delete_conflict",
            `The load balancer with ID ${nlb.id} cannot be deleted because its status is ${status.toUpperCase()}.`,
          );
        cloud.nlbs.beginDelete(nlb.id);
      });
      return noContent(202);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}/pools"),
    api: "list_load_balancer_pools",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          return { pools: extras.pools.map((p) => poolView(call, nlb, extras, p)) };
        }),
      ),
  },
  {
    method: "POST",
    path: path("/load_balancers/{}/pools"),
    api: "create_load_balancer_pool",
    handle: async (call) => {
      const pool = poolOf(call, call.body(), "");
      const view = await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        if (extras.pools.some((p) => p.name === pool.name))
          throw conflict(
            "pool_duplicate_name",
            `Pool name ${pool.name} is already used by another pool. Choose a different name.`,
          );
        checkMembers(cloud, nlb, pool.members);
        change(call, nlb, extras);
        extras.pools.push(pool);
        syncTargets(cloud, nlb, extras);
        return poolView(call, nlb, extras, pool);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}/pools/{}"),
    api: "get_load_balancer_pool",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          return poolView(call, nlb, extras, requirePool(extras, call.params[1] ?? ""));
        }),
      ),
  },
  {
    method: "DELETE",
    path: path("/load_balancers/{}/pools/{}"),
    api: "delete_load_balancer_pool",
    handle: async (call) => {
      await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        const pool = requirePool(extras, call.params[1] ?? "");
        if (extras.listeners.some((l) => l.defaultPoolId === pool.id))
          throw conflict(
            "pool_delete_conflict",
            "Pool cannot be deleted because it is still associated with one or more listeners.",
          );
        change(call, nlb, extras);
        extras.pools = extras.pools.filter((p) => p.id !== pool.id);
        syncTargets(cloud, nlb, extras);
      });
      return noContent(202);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}/pools/{}/members"),
    api: "list_load_balancer_pool_members",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          const pool = requirePool(extras, call.params[1] ?? "");
          return { members: pool.members.map((m) => memberView(call, cloud, nlb, extras, pool, m)) };
        }),
      ),
  },
  {
    method: "POST",
    path: path("/load_balancers/{}/pools/{}/members"),
    api: "create_load_balancer_pool_member",
    handle: async (call) => {
      const member = memberOf(call, call.body(), "");
      const view = await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        const pool = requirePool(extras, call.params[1] ?? "");
        if (pool.members.some((m) => m.instanceId === member.instanceId && m.port === member.port))
          throw conflict(
            "member_duplicate_address_and_port",
            `Member with target ${member.instanceId} and port ${member.port} already exists in the pool.`,
          );
        checkMembers(cloud, nlb, [member]);
        change(call, nlb, extras);
        pool.members.push(member);
        syncTargets(cloud, nlb, extras);
        return memberView(call, cloud, nlb, extras, pool, member);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}/pools/{}/members/{}"),
    api: "get_load_balancer_pool_member",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          const pool = requirePool(extras, call.params[1] ?? "");
          const member = pool.members.find((m) => m.id === call.params[2]);
          if (!member)
            throw notFound(
              "member_not_found",
              `Member with ID ${call.params[2] ?? ""} cannot be found.`,
              call.params[2],
            );
          return memberView(call, cloud, nlb, extras, pool, member);
        }),
      ),
  },
  {
    method: "DELETE",
    path: path("/load_balancers/{}/pools/{}/members/{}"),
    api: "delete_load_balancer_pool_member",
    handle: async (call) => {
      await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        const pool = requirePool(extras, call.params[1] ?? "");
        if (!pool.members.some((m) => m.id === call.params[2]))
          throw notFound("member_not_found", `Member with ID ${call.params[2] ?? ""} cannot be found.`, call.params[2]);
        change(call, nlb, extras);
        pool.members = pool.members.filter((m) => m.id !== call.params[2]);
        syncTargets(cloud, nlb, extras);
      });
      return noContent(202);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}/listeners"),
    api: "list_load_balancer_listeners",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          return { listeners: extras.listeners.map((l) => listenerView(call, nlb, extras, l)) };
        }),
      ),
  },
  {
    method: "POST",
    path: path("/load_balancers/{}/listeners"),
    api: "create_load_balancer_listener",
    handle: async (call) => {
      const body = call.body();
      const view = await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        const listener = listenerOf(call, body, extras.pools, extras.listeners, "");
        change(call, nlb, extras);
        extras.listeners.push(listener);
        return listenerView(call, nlb, extras, listener);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/load_balancers/{}/listeners/{}"),
    api: "get_load_balancer_listener",
    handle: async (call) =>
      json(
        200,
        await call.call((cloud) => {
          const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
          const listener = extras.listeners.find((l) => l.id === call.params[1]);
          if (!listener)
            throw notFound(
              "listener_not_found",
              `The listener with ID ${call.params[1] ?? ""} cannot be found.`,
              call.params[1],
            );
          return listenerView(call, nlb, extras, listener);
        }),
      ),
  },
  {
    method: "DELETE",
    path: path("/load_balancers/{}/listeners/{}"),
    api: "delete_load_balancer_listener",
    handle: async (call) => {
      await call.call((cloud) => {
        const { nlb, extras } = requireLb(call, cloud, call.params[0] ?? "");
        if (!extras.listeners.some((l) => l.id === call.params[1]))
          throw notFound(
            "listener_not_found",
            `The listener with ID ${call.params[1] ?? ""} cannot be found.`,
            call.params[1],
          );
        change(call, nlb, extras);
        extras.listeners = extras.listeners.filter((l) => l.id !== call.params[1]);
      });
      return noContent(202);
    },
  },
];
