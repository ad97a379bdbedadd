import type { AccountRegion } from "../../../world/account-region.js";
import type { Nlb, TargetHealthState } from "../../../world/types.js";
import { isoSeconds, vipPortIdOf } from "../ids.js";
import type { ServiceCall } from "../service.js";
import { fromWorldTags } from "../tags.js";
import type { L7PolicyEntry, LoadBalancerEntry, MemberEntry, OctaviaObject } from "./graph.js";
import { childStatus, lbStatus } from "./provisioning.js";

// Octavia's bodies (octavia/api/v2/types): every field of the response types, null where unset.
// Operating statuses follow the health manager: members from the world's target health (NO_MONITOR
// without a health monitor, OFFLINE when disabled), the pool, listener and load balancer DEGRADED
// when some members fail and ERROR when all do.

type OperatingStatus = "ONLINE" | "OFFLINE" | "DEGRADED" | "ERROR" | "NO_MONITOR";

/** Octavia's timestamps: seconds, no zone. */
const octaviaTime = (ms: number | undefined): string | null =>
  ms === undefined ? null : isoSeconds(ms).replace("Z", "");

const memberHealth: Readonly<Record<TargetHealthState, OperatingStatus>> = {
  healthy: "ONLINE",
  unhealthy: "ERROR",
  initial: "OFFLINE",
  unused: "ERROR",
};

/** What a view needs besides the objects: the caller, the world's view of the balancer, the time. */
export interface RenderContext {
  call: ServiceCall;
  cloud: AccountRegion;
  nlb: Nlb;
  entry: LoadBalancerEntry;
  now: number;
}

function common(r: RenderContext, object: OctaviaObject | LoadBalancerEntry, status: string): Record<string, unknown> {
  return {
    id: object.id,
    project_id: r.call.projectId,
    admin_state_up: object.adminStateUp,
    provisioning_status: status,
    created_at: octaviaTime(object.createdAt),
    updated_at: octaviaTime(object.updatedAt),
  };
}

function memberStatuses(r: RenderContext): Map<string, OperatingStatus> {
  const health = r.nlb.state === "active" ? r.cloud.nlbs.targetHealth(r.nlb.id) : [];
  const byVm = new Map(health.map((t) => [t.vm.id, memberHealth[t.state]]));
  return new Map(
    r.entry.members.map((m): [string, OperatingStatus] => {
      if (!m.adminStateUp) return [m.id, "OFFLINE"];
      if (!r.entry.monitor) return [m.id, "NO_MONITOR"];
      return [m.id, byVm.get(m.vmId) ?? "OFFLINE"];
    }),
  );
}

/** The pool's operating status, which the listener and the load balancer take on. */
function poolOperating(r: RenderContext): OperatingStatus {
  if (r.nlb.state !== "active" || !r.entry.pool.adminStateUp) return "OFFLINE";
  const statuses = [...memberStatuses(r).values()].filter((s) => s !== "OFFLINE");
  const failing = statuses.filter((s) => s === "ERROR").length;
  if (failing === 0) return "ONLINE";
  return failing === statuses.length ? "ERROR" : "DEGRADED";
}

function listenerOperating(r: RenderContext): OperatingStatus {
  return r.entry.listener.adminStateUp ? poolOperating(r) : "OFFLINE";
}

function lbOperating(r: RenderContext): OperatingStatus {
  return r.entry.adminStateUp ? listenerOperating(r) : "OFFLINE";
}

export function loadBalancerView(r: RenderContext): Record<string, unknown> {
  const { nlb, entry } = r;
  const version = r.call.ctx.deployment.octaviaApiVersion;
  return {
    ...common(r, entry, lbStatus(entry, nlb, r.now)),
    name: entry.name,
    description: entry.description,
    operating_status: lbOperating(r),
    vip_address: nlb.listener.ip,
    vip_port_id: vipPortIdOf(nlb.id),
    vip_subnet_id: nlb.subnet.id,
    vip_network_id: nlb.vpc.id,
    vip_qos_policy_id: null,
    listeners: [{ id: entry.listener.id }],
    pools: [{ id: entry.pool.id }],
    provider: "amphora",
    flavor_id: null,
    availability_zone: null,
    tags: fromWorldTags(nlb.tags),
    ...(atLeast(version, 26) ? { additional_vips: [] } : {}),
    ...(atLeast(version, 28) ? { vip_vnic_type: "normal" } : {}),
  };
}

function atLeast(version: string, minor: number): boolean {
  return Number(version.split(".")[1] ?? "0") >= minor;
}

const octaviaProtocol = (protocol: string): string => protocol.toUpperCase();

export function listenerView(r: RenderContext): Record<string, unknown> {
  const { nlb, entry } = r;
  const l = entry.listener;
  return {
    ...common(r, l, childStatus(l, nlb, r.now)),
    name: l.name,
    description: l.description,
    operating_status: listenerOperating(r),
    protocol: octaviaProtocol(nlb.listener.protocol),
    protocol_port: nlb.listener.port,
    connection_limit: l.connectionLimit,
    default_tls_container_ref: null,
    sni_container_refs: [],
    default_pool_id: entry.pool.id,
    l7policies: entry.l7policies.map((p) => ({ id: p.id })),
    insert_headers: l.insertHeaders,
    loadbalancers: [{ id: nlb.id }],
    timeout_client_data: l.timeoutClientData,
    timeout_member_connect: l.timeoutMemberConnect,
    timeout_member_data: l.timeoutMemberData,
    timeout_tcp_inspect: l.timeoutTcpInspect,
    tags: l.tags,
    client_ca_tls_container_ref: null,
    client_authentication: "NONE",
    client_crl_container_ref: null,
    allowed_cidrs: l.allowedCidrs,
    tls_ciphers: null,
    tls_versions: null,
    alpn_protocols: null,
    hsts_max_age: null,
    hsts_include_subdomains: false,
    hsts_preload: false,
  };
}

export function poolView(r: RenderContext): Record<string, unknown> {
  const { nlb, entry } = r;
  const p = entry.pool;
  return {
    ...common(r, p, childStatus(p, nlb, r.now)),
    name: p.name,
    description: p.description,
    operating_status: poolOperating(r),
    protocol: octaviaProtocol(nlb.targetGroup.protocol),
    lb_algorithm: p.lbAlgorithm,
    session_persistence: p.sessionPersistence,
    loadbalancers: [{ id: nlb.id }],
    listeners: [{ id: entry.listener.id }],
    members: entry.members.map((m) => ({ id: m.id })),
    healthmonitor_id: entry.monitor?.id ?? null,
    tags: p.tags,
    tls_container_ref: null,
    ca_tls_container_ref: null,
    crl_container_ref: null,
    tls_enabled: false,
    tls_ciphers: null,
    tls_versions: null,
    alpn_protocols: null,
  };
}

export function memberView(r: RenderContext, member: MemberEntry): Record<string, unknown> {
  return {
    ...common(r, member, childStatus(member, r.nlb, r.now)),
    name: member.name,
    operating_status: memberStatuses(r).get(member.id) ?? "OFFLINE",
    address: member.address,
    protocol_port: r.nlb.targetGroup.port,
    weight: member.weight,
    backup: member.backup,
    subnet_id: member.subnetId,
    monitor_address: member.monitorAddress,
    monitor_port: member.monitorPort,
    tags: member.tags,
    ...(atLeast(r.call.ctx.deployment.octaviaApiVersion, 28) ? { vnic_type: "normal" } : {}),
  };
}

export function healthMonitorView(r: RenderContext): Record<string, unknown> | undefined {
  const m = r.entry.monitor;
  if (!m) return undefined;
  const hc = r.nlb.healthCheck;
  return {
    ...common(r, m, childStatus(m, r.nlb, r.now)),
    name: m.name,
    type: m.type,
    delay: hc.intervalSeconds,
    timeout: hc.timeoutSeconds,
    max_retries: hc.healthyThreshold,
    max_retries_down: hc.unhealthyThreshold,
    http_method: m.httpMethod,
    url_path: m.urlPath,
    expected_codes: m.expectedCodes,
    pools: [{ id: r.entry.pool.id }],
    operating_status: m.adminStateUp ? "ONLINE" : "OFFLINE",
    tags: m.tags,
    http_version: null,
    domain_name: null,
  };
}

export function l7policyView(r: RenderContext, policy: L7PolicyEntry): Record<string, unknown> {
  return {
    ...common(r, policy, childStatus(policy, r.nlb, r.now)),
    name: policy.name,
    description: policy.description,
    operating_status: policy.adminStateUp ? "ONLINE" : "OFFLINE",
    action: policy.action,
    listener_id: r.entry.listener.id,
    redirect_pool_id: policy.redirectPoolId,
    redirect_url: policy.redirectUrl,
    redirect_prefix: policy.redirectPrefix,
    redirect_http_code: policy.redirectHttpCode,
    position: policy.position,
    rules: [],
    tags: policy.tags,
  };
}

/** GET /loadbalancers/{id}/status: the tree of statuses, load balancer down to members. */
export function statusTree(r: RenderContext): Record<string, unknown> {
  const { nlb, entry, now } = r;
  const monitor = entry.monitor;
  const members = memberStatuses(r);
  return {
    loadbalancer: {
      id: nlb.id,
      name: entry.name,
      operating_status: lbOperating(r),
      provisioning_status: lbStatus(entry, nlb, now),
      listeners: [
        {
          id: entry.listener.id,
          name: entry.listener.name,
          operating_status: listenerOperating(r),
          provisioning_status: childStatus(entry.listener, nlb, now),
          pools: [
            {
              id: entry.pool.id,
              name: entry.pool.name,
              provisioning_status: childStatus(entry.pool, nlb, now),
              operating_status: poolOperating(r),
              ...(monitor
                ? {
                    health_monitor: {
                      id: monitor.id,
                      name: monitor.name,
                      type: monitor.type,
                      provisioning_status: childStatus(monitor, nlb, now),
                      operating_status: monitor.adminStateUp ? "ONLINE" : "OFFLINE",
                    },
                  }
                : {}),
              members: entry.members.map((m) => ({
                id: m.id,
                name: m.name,
                operating_status: members.get(m.id) ?? "OFFLINE",
                provisioning_status: childStatus(m, nlb, now),
                address: m.address,
                protocol_port: nlb.targetGroup.port,
              })),
            },
          ],
        },
      ],
    },
  };
}
