import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { HealthCheckProtocol, LbProtocol, Nlb, Vm } from "../../../world/types.js";
import type { GateContext } from "../../../world/world.js";
import { FrontError, badRequest } from "../http.js";
import type { ServiceCall } from "../service.js";
import { toWorldTags } from "../tags.js";
import { defaultListener, defaultMonitor, defaultPool, newMember, newObject, register } from "./graph.js";
import type { ListenerEntry, LoadBalancerEntry, MemberEntry, PoolEntry } from "./graph.js";
import { bodyOf, flag, integer, mandatory, onlyKnown, oneOf, tagsOf, text, unsupported, uuid } from "./input.js";
import type { Body } from "./input.js";

// POST /v2/lbaas/loadbalancers. The emulator creates load balancers fully populated (one listener
// with its default pool, the pool's members and health monitor), the graph the world can hold.

const lbKeys = [
  "name",
  "description",
  "admin_state_up",
  "vip_address",
  "vip_port_id",
  "vip_subnet_id",
  "vip_network_id",
  "vip_qos_policy_id",
  "additional_vips",
  "project_id",
  "listeners",
  "pools",
  "provider",
  "tags",
  "flavor_id",
  "availability_zone",
];
const listenerKeys = [
  "name",
  "description",
  "admin_state_up",
  "protocol",
  "protocol_port",
  "connection_limit",
  "default_pool",
  "insert_headers",
  "timeout_client_data",
  "timeout_member_connect",
  "timeout_member_data",
  "timeout_tcp_inspect",
  "allowed_cidrs",
  "tags",
  "l7policies",
];
const poolKeys = [
  "name",
  "description",
  "admin_state_up",
  "protocol",
  "lb_algorithm",
  "session_persistence",
  "members",
  "healthmonitor",
  "tags",
];
export const memberKeys = [
  "name",
  "admin_state_up",
  "address",
  "protocol_port",
  "weight",
  "backup",
  "subnet_id",
  "project_id",
  "monitor_port",
  "monitor_address",
  "tags",
  "request_sriov",
];
const monitorKeys = [
  "name",
  "type",
  "delay",
  "timeout",
  "max_retries",
  "max_retries_down",
  "http_method",
  "url_path",
  "expected_codes",
  "admin_state_up",
  "tags",
  "http_version",
  "domain_name",
];

export const listenerProtocols = ["HTTP", "HTTPS", "PROMETHEUS", "SCTP", "TCP", "TERMINATED_HTTPS", "UDP"];
export const poolProtocols = ["HTTP", "HTTPS", "PROXY", "PROXYV2", "SCTP", "TCP", "UDP"];
export const algorithms = ["LEAST_CONNECTIONS", "ROUND_ROBIN", "SOURCE_IP", "SOURCE_IP_PORT"];
export const monitorTypes = ["HTTP", "HTTPS", "PING", "SCTP", "TCP", "TLS-HELLO", "UDP-CONNECT"];
const httpMethods = ["CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE"];

/** The world's check of each monitor type the emulator serves (UDP-CONNECT is a tcp check of UDP members). */
const checkOfType: Readonly<Record<string, HealthCheckProtocol>> = {
  TCP: "tcp",
  "UDP-CONNECT": "tcp",
  HTTP: "http",
  HTTPS: "https",
};

export function checkOf(type: string): HealthCheckProtocol {
  const check = checkOfType[type];
  if (!check) throw unsupported(`health monitors of type ${type} (TCP, UDP-CONNECT, HTTP and HTTPS are)`);
  return check;
}

/** The health monitor fields the world's check holds, validated as Octavia types them. */
export function monitorTiming(body: Body): {
  delay?: number;
  timeout?: number;
  retries?: number;
  retriesDown?: number;
} {
  return {
    delay: integer(body, "delay", 0),
    timeout: integer(body, "timeout", 0),
    retries: integer(body, "max_retries", 1, 10),
    retriesDown: integer(body, "max_retries_down", 1, 10),
  };
}

export function monitorFields(body: Body): { httpMethod?: string; urlPath?: string; expectedCodes?: string } {
  const expectedCodes = text(body, "expected_codes");
  if (expectedCodes !== undefined && !/^(\d{3}(\s*,\s*\d{3})*)$|^(\d{3}-\d{3})$/.test(expectedCodes))
    throw badRequest(
      `Invalid input for field/attribute expected_codes. Value: '${expectedCodes}'. Value should match the pattern ^(\\d{3}(\\s*,\\s*\\d{3})*)$|^(\\d{3}-\\d{3})$`,
    );
  return { httpMethod: oneOf(body, "http_method", httpMethods), urlPath: text(body, "url_path"), expectedCodes };
}

function worldProtocol(protocol: string, what: string): LbProtocol {
  if (protocol === "TCP") return "tcp";
  if (protocol === "UDP") return "udp";
  throw unsupported(`${what} ${protocol} (the emulator's load balancers are TCP or UDP)`);
}

function objectsOf(value: unknown, field: string): Body[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v)))
    throw badRequest(
      `Invalid input for field/attribute ${field}. Value: '${JSON.stringify(value)}'. Value should be a list`,
    );
  return value as Body[];
}

/** The VM a member address names: a live VM of the load balancer's network with that address. */
export function memberVm(cloud: AccountRegion, vpcId: string, address: string, subnetId: string | undefined): Vm {
  const vm = cloud.vms.list({
    where: (v) =>
      v.state !== "terminated" &&
      v.vpc.id === vpcId &&
      v.privateIp === address &&
      (!subnetId || v.subnet.id === subnetId),
  }).items[0];
  if (!vm) throw unsupported(`members other than servers of the load balancer's network (no server has ${address})`);
  return vm;
}

/** The member fields Octavia takes on create, validated. */
export function memberFields(body: Body): Partial<MemberEntry> & { protocolPort: number; address: string } {
  onlyKnown(body, "member", memberKeys);
  mandatory(body, "address");
  mandatory(body, "protocol_port");
  const monitorAddress = text(body, "monitor_address");
  const monitorPort = integer(body, "monitor_port", 1, 65535);
  if (flag(body, "request_sriov"))
    throw badRequest("Validation failure: SR-IOV member ports are not allowed in this deployment.");
  return {
    address: text(body, "address") ?? "",
    protocolPort: integer(body, "protocol_port", 1, 65535) ?? 0,
    name: text(body, "name") ?? "",
    adminStateUp: flag(body, "admin_state_up") ?? true,
    weight: integer(body, "weight", 0, 256) ?? 1,
    backup: flag(body, "backup") ?? false,
    monitorAddress: monitorAddress ?? null,
    monitorPort: monitorPort ?? null,
    tags: tagsOf(body) ?? [],
  };
}

/** Fields of a listener that a create or an update may set (the emulator's are plain TCP or UDP). */
export function listenerFields(body: Body): Partial<ListenerEntry> {
  const allowedCidrs = body["allowed_cidrs"];
  if (
    allowedCidrs !== undefined &&
    allowedCidrs !== null &&
    (!Array.isArray(allowedCidrs) || !allowedCidrs.every((c) => typeof c === "string"))
  )
    throw badRequest(
      `Invalid input for field/attribute allowed_cidrs. Value: '${JSON.stringify(allowedCidrs)}'. Value should be a list of CIDRs`,
    );
  const headers = body["insert_headers"];
  if (headers !== undefined && headers !== null && Object.keys(headers).length > 0)
    throw badRequest(
      "Validation failure: The following headers are not supported for TCP/UDP listeners: " +
        Object.keys(headers).join(", "),
    );
  const fields: Partial<ListenerEntry> = {
    name: text(body, "name"),
    description: text(body, "description"),
    adminStateUp: flag(body, "admin_state_up"),
    connectionLimit: integer(body, "connection_limit", -1),
    timeoutClientData: integer(body, "timeout_client_data", 0, 86_400_000),
    timeoutMemberConnect: integer(body, "timeout_member_connect", 0, 86_400_000),
    timeoutMemberData: integer(body, "timeout_member_data", 0, 86_400_000),
    timeoutTcpInspect: integer(body, "timeout_tcp_inspect", 0, 86_400_000),
    allowedCidrs: Array.isArray(allowedCidrs) ? allowedCidrs : undefined,
    tags: tagsOf(body),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** Fields of a pool that a create or an update may set. */
export function poolFields(body: Body): Partial<PoolEntry> {
  const persistence = body["session_persistence"];
  if (
    persistence !== undefined &&
    persistence !== null &&
    (typeof persistence !== "object" || Array.isArray(persistence))
  )
    throw badRequest(
      `Invalid input for field/attribute session_persistence. Value: '${JSON.stringify(persistence)}'. Value should be an object`,
    );
  const fields: Partial<PoolEntry> = {
    name: text(body, "name"),
    description: text(body, "description"),
    adminStateUp: flag(body, "admin_state_up"),
    lbAlgorithm: oneOf(body, "lb_algorithm", algorithms),
    sessionPersistence: persistence === undefined ? undefined : (persistence as Record<string, unknown> | null),
    tags: tagsOf(body),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** The subnet a create names, or Octavia's "Subnet <id> not found." */
function subnetOf(cloud: AccountRegion, id: string, status: number): { id: string; vpcId: string } {
  try {
    return cloud.subnets.get(id);
  } catch (error) {
    if (isWorldError(error, "NotFound")) throw new FrontError(status, `Subnet ${id} not found.`);
    throw error;
  }
}

/** The VIP's subnet: vip_subnet_id, or the first subnet of vip_network_id. */
function vipSubnet(cloud: AccountRegion, args: Body): { id: string; vpcId: string } {
  const subnetId = uuid(args, "vip_subnet_id");
  const networkId = uuid(args, "vip_network_id");
  if (args["vip_port_id"] !== undefined && args["vip_port_id"] !== null) throw unsupported("VIPs on existing ports");
  if (subnetId) return subnetOf(cloud, subnetId, 400);
  if (networkId) {
    const subnet = cloud.subnets.list({ where: (s) => s.vpcId === networkId }).items[0];
    if (!subnet) throw new FrontError(400, `Network ${networkId} not found.`);
    return subnet;
  }
  throw badRequest("Validation failure: VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.");
}

/** A fully populated create, as Octavia checks it: the body, the VIP, the provider, the quota, the graph. */
export function createLoadBalancer(
  call: ServiceCall,
  cloud: AccountRegion,
  gate: GateContext,
): { nlb: Nlb; entry: LoadBalancerEntry } {
  const args = bodyOf(call, "loadbalancer");
  onlyKnown(args, "loadbalancer", lbKeys);
  const name = text(args, "name") ?? "";
  const description = text(args, "description") ?? "";
  const adminStateUp = flag(args, "admin_state_up") ?? true;
  const tags = tagsOf(args);
  const subnet = vipSubnet(cloud, args);
  const provider = text(args, "provider") ?? "amphora";
  if (provider !== "amphora" && provider !== "octavia") throw badRequest(`Provider '${provider}' is not enabled.`);
  if (args["vip_qos_policy_id"] !== undefined && args["vip_qos_policy_id"] !== null)
    throw unsupported("VIP QoS policies");
  const usage = cloud.quotaUsage().find((q) => q.name === "nlbs");
  if (usage && usage.used >= usage.limit) throw new FrontError(403, "Quota has been met for resources: Load Balancer");

  const listeners = objectsOf(args["listeners"], "listeners");
  const [listener] = listeners;
  if (listeners.length !== 1 || !listener || objectsOf(args["pools"], "pools").length > 0)
    throw unsupported("load balancers without exactly one listener with a default_pool (create them fully populated)");
  onlyKnown(listener, "listeners", listenerKeys);
  mandatory(listener, "protocol");
  mandatory(listener, "protocol_port");
  const listenerProtocol = oneOf(listener, "protocol", listenerProtocols) ?? "";
  const listenerPort = integer(listener, "protocol_port", 1, 65535) ?? 0;
  const pool = listener["default_pool"];
  if (pool === null || typeof pool !== "object" || Array.isArray(pool))
    throw unsupported("listeners without a default_pool");
  const poolBody = pool as Body;
  onlyKnown(poolBody, "default_pool", poolKeys);
  mandatory(poolBody, "protocol");
  mandatory(poolBody, "lb_algorithm");
  const poolProtocol = oneOf(poolBody, "protocol", poolProtocols) ?? "";
  const algorithm = oneOf(poolBody, "lb_algorithm", algorithms) ?? "ROUND_ROBIN";
  const udp = listenerProtocol === "UDP";
  if ((poolProtocol === "UDP") !== udp)
    throw badRequest(
      `Validation failure: The pool protocol '${poolProtocol}' is invalid while the listener protocol is '${listenerProtocol}'.`,
    );
  const members = objectsOf(poolBody["members"], "members").map(memberFields);
  const monitor = poolBody["healthmonitor"] as Body | undefined | null;
  if (monitor) {
    onlyKnown(monitor, "healthmonitor", monitorKeys);
    for (const key of ["type", "delay", "timeout", "max_retries"]) mandatory(monitor, key);
  }
  const timing = monitor ? monitorTiming(monitor) : {};
  const monitorType = monitor ? (oneOf(monitor, "type", monitorTypes) ?? "") : undefined;
  const targetPort = members[0]?.protocolPort ?? listenerPort;
  if (members.some((m) => m.protocolPort !== targetPort)) throw unsupported("members on different ports");
  const vms = members.map((m) => memberVm(cloud, subnet.vpcId, m.address, undefined));

  const nlb = cloud.nlbs.create(
    {
      name,
      vpcId: subnet.vpcId,
      subnetId: subnet.id,
      // The VIP is a private address; a floating IP on its port makes the balancer public.
      scheme: "internal",
      listener: { protocol: worldProtocol(listenerProtocol, "listener protocol"), port: listenerPort },
      targetGroup: {
        protocol: worldProtocol(poolProtocol, "pool protocol"),
        port: targetPort,
        vmIds: vms.map((v) => v.id),
      },
      healthCheck: monitor
        ? {
            protocol: checkOf(monitorType ?? ""),
            port: members[0]?.monitorPort ?? targetPort,
            intervalSeconds: timing.delay,
            timeoutSeconds: timing.timeout,
            healthyThreshold: timing.retries,
            unhealthyThreshold: timing.retriesDown ?? timing.retries,
          }
        : undefined,
      tags: tags && toWorldTags(tags),
    },
    gate,
  );
  const now = nlb.createdAt;
  const { tags: _tags, ...lbObject } = newObject(nlb.id, now, { name, description, adminStateUp });
  const entry: LoadBalancerEntry = {
    ...lbObject,
    listener: { ...defaultListener(nlb, now), ...listenerFields(listener) },
    pool: {
      ...defaultPool(nlb, now),
      ...poolFields(poolBody),
      lbAlgorithm: algorithm,
    },
    monitor: monitor
      ? {
          ...defaultMonitor(nlb, now),
          type: monitorType ?? "TCP",
          name: text(monitor, "name") ?? "",
          adminStateUp: flag(monitor, "admin_state_up") ?? true,
          tags: tagsOf(monitor) ?? [],
          ...(checkOf(monitorType ?? "") === "tcp"
            ? {}
            : {
                httpMethod: monitorFields(monitor).httpMethod ?? "GET",
                urlPath: monitorFields(monitor).urlPath ?? "/",
                expectedCodes: monitorFields(monitor).expectedCodes ?? "200",
              }),
        }
      : undefined,
    members: members.map(({ protocolPort: _port, address: _address, ...fields }, i) =>
      newMember(nlb, vms[i] ?? { id: "", privateIp: "", subnet: { id: "" } }, now, fields),
    ),
    l7policies: [],
    l7seq: 0,
  };
  register(call.ctx.world, nlb.id, entry);
  return { nlb, entry };
}
