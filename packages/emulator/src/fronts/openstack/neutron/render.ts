import type { AccountRegion } from "../../../world/account-region.js";
import { cidrContains, formatIp, parseCidr } from "../../../world/cidr.js";
import type {
  PublicIp,
  PublicIpTargetKind,
  Router,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
} from "../../../world/types.js";
import { FrontError } from "../http.js";
import {
  derivedMac,
  derivedUuid,
  isoSeconds,
  operatorProjectId,
  routerPortIdOf,
  vipPortIdOf,
  vmPortIdOf,
} from "../ids.js";
import type { ServiceCall } from "../service.js";
import { fromWorldTags } from "../tags.js";

/** The external network routers' gateways and floating IPs come from: the operator's shared one. */
export function externalNetworkOf(cloud: AccountRegion): Vpc | undefined {
  return cloud.vpcs.list({ where: (v) => v.shared?.external === true }).items[0];
}

/** The project that owns a network: the operator's admin project for shared networks. */
export function ownerOf(call: ServiceCall, vpc: Pick<Vpc, "shared">): string {
  return vpc.shared ? operatorProjectId : call.projectId;
}

function owned(call: ServiceCall, createdAt: number, projectId = call.projectId): Record<string, unknown> {
  return {
    tenant_id: projectId,
    project_id: projectId,
    created_at: isoSeconds(createdAt),
    updated_at: isoSeconds(createdAt),
    revision_number: 1,
  };
}

/**
 * A network. The provider attributes of a shared network (provider:network_type "flat",
 * provider:physical_network) stay hidden: Neutron's default policy shows them to admins only.
 */
export function networkView(call: ServiceCall, vpc: Vpc): Record<string, unknown> {
  const shared = vpc.shared;
  return {
    ...owned(call, vpc.createdAt, ownerOf(call, vpc)),
    id: vpc.id,
    name: vpc.name,
    admin_state_up: true,
    mtu: shared?.mtu ?? 1450,
    status: "ACTIVE",
    subnets: vpc.subnets.map((s) => s.id).sort(),
    shared: shared !== undefined,
    "router:external": shared?.external ?? false,
    port_security_enabled: true,
    availability_zone_hints: [],
    availability_zones: shared ? [] : [...new Set(vpc.subnets.map((s) => s.zone))],
    ipv4_address_scope: null,
    ipv6_address_scope: null,
    description: "",
    tags: fromWorldTags(vpc.tags),
  };
}

/** The gateway address of a subnet: its first host. */
export function gatewayIp(cidr: string): string {
  const parsed = parseCidr(cidr);
  return parsed ? formatIp(parsed.base + 1) : "";
}

export function subnetView(call: ServiceCall, subnet: Subnet, network: Pick<Vpc, "shared">): Record<string, unknown> {
  const parsed = parseCidr(subnet.cidr);
  const last = parsed ? parsed.base + 2 ** (32 - parsed.prefixLength) - 2 : 0;
  return {
    ...owned(call, subnet.createdAt, ownerOf(call, network)),
    id: subnet.id,
    name: subnet.name,
    network_id: subnet.vpcId,
    ip_version: 4,
    cidr: subnet.cidr,
    gateway_ip: gatewayIp(subnet.cidr),
    allocation_pools: parsed ? [{ start: formatIp(parsed.base + 2), end: formatIp(last) }] : [],
    enable_dhcp: true,
    dns_nameservers: [],
    host_routes: [],
    ipv6_ra_mode: null,
    ipv6_address_mode: null,
    subnetpool_id: null,
    service_types: [],
    description: "",
    tags: fromWorldTags(subnet.tags),
  };
}

/** The id of a world rule: derived from its group and its content. */
export function ruleIdOf(sgId: string, rule: SecurityGroupRule): string {
  return derivedUuid(
    "rule",
    sgId,
    rule.direction,
    rule.protocol,
    String(rule.portRange?.from ?? ""),
    String(rule.portRange?.to ?? ""),
    rule.cidr,
  );
}

export function ruleView(call: ServiceCall, sg: SecurityGroup, rule: SecurityGroupRule): Record<string, unknown> {
  const ports = rule.protocol === "tcp" || rule.protocol === "udp";
  return {
    ...owned(call, sg.createdAt),
    id: ruleIdOf(sg.id, rule),
    security_group_id: sg.id,
    direction: rule.direction,
    ethertype: "IPv4",
    protocol: rule.protocol === "all" ? null : rule.protocol,
    port_range_min: ports ? (rule.portRange?.from ?? null) : null,
    port_range_max: ports ? (rule.portRange?.to ?? null) : null,
    remote_ip_prefix: rule.cidr,
    normalized_cidr: rule.cidr,
    remote_group_id: null,
    remote_address_group_id: null,
    description: "",
    belongs_to_default_sg: false,
  };
}

export function securityGroupView(call: ServiceCall, sg: SecurityGroup): Record<string, unknown> {
  return {
    ...owned(call, sg.createdAt),
    id: sg.id,
    name: sg.name,
    description: sg.description,
    stateful: true,
    shared: false,
    security_group_rules: sg.rules.map((r) => ruleView(call, sg, r)),
    tags: fromWorldTags(sg.tags),
  };
}

export function routerView(call: ServiceCall, cloud: AccountRegion, router: Router): Record<string, unknown> {
  const external = externalNetworkOf(cloud);
  const address = router.externalIp === undefined ? undefined : parseCidr(`${router.externalIp}/32`)?.base;
  const gatewaySubnet = external?.subnets.find((s) => {
    const cidr = parseCidr(s.cidr);
    return cidr && address !== undefined && cidrContains(cidr, { base: address, prefixLength: 32 });
  });
  return {
    ...owned(call, router.createdAt),
    id: router.id,
    name: router.name,
    status: "ACTIVE",
    admin_state_up: true,
    external_gateway_info:
      router.externalIp === undefined || !external
        ? null
        : {
            network_id: external.id,
            enable_snat: true,
            external_fixed_ips: [{ subnet_id: gatewaySubnet?.id ?? "", ip_address: router.externalIp }],
          },
    routes: [],
    description: "",
    tags: fromWorldTags(router.tags),
  };
}

/** A port: a view of a VM's address, a router interface, or a load balancer's VIP. */
export interface PortView {
  id: string;
  view: Record<string, unknown>;
  /** What a floating IP on this port forwards to. */
  target?: { kind: PublicIpTargetKind; id: string };
}

export function allPorts(call: ServiceCall, cloud: AccountRegion): PortView[] {
  const port = (id: string, createdAt: number, fields: Record<string, unknown>): Record<string, unknown> => ({
    ...owned(call, createdAt),
    id,
    name: "",
    admin_state_up: true,
    mac_address: derivedMac(id),
    "binding:vnic_type": "normal",
    port_security_enabled: true,
    allowed_address_pairs: [],
    extra_dhcp_opts: [],
    description: "",
    tags: [],
    ...fields,
  });
  const vms = cloud.vms.list({ where: (vm) => vm.state !== "terminated" }).items.map((vm): PortView => {
    const id = vmPortIdOf(vm.id);
    return {
      id,
      target: { kind: "instance", id: vm.id },
      view: port(id, vm.createdAt, {
        network_id: vm.vpc.id,
        fixed_ips: [{ subnet_id: vm.subnet.id, ip_address: vm.privateIp }],
        device_id: vm.id,
        device_owner: `compute:${vm.zone}`,
        status: vm.state === "running" ? "ACTIVE" : "DOWN",
        security_groups: vm.securityGroups.map((sg) => sg.id),
      }),
    };
  });
  const subnets = new Map(cloud.subnets.list().items.map((s) => [s.id, s]));
  const routers = cloud.routers.list().items.flatMap((router) =>
    router.subnets.map((ref): PortView => {
      const subnet = subnets.get(ref.id);
      const id = routerPortIdOf(router.id, ref.id);
      return {
        id,
        view: port(id, router.createdAt, {
          network_id: subnet?.vpcId ?? "",
          fixed_ips: [{ subnet_id: ref.id, ip_address: gatewayIp(subnet?.cidr ?? "") }],
          device_id: router.id,
          device_owner: "network:router_interface",
          status: "ACTIVE",
          security_groups: [],
          port_security_enabled: false,
        }),
      };
    }),
  );
  const vips = cloud.nlbs.list().items.map((nlb): PortView => {
    const id = vipPortIdOf(nlb.id);
    return {
      id,
      target: { kind: "load-balancer", id: nlb.id },
      view: port(id, nlb.createdAt, {
        name: `octavia-lb-${nlb.id}`,
        network_id: nlb.vpc.id,
        fixed_ips: [{ subnet_id: nlb.subnet.id, ip_address: nlb.listener.ip }],
        device_id: `lb-${nlb.id}`,
        device_owner: "Octavia",
        status: "DOWN",
        security_groups: [],
      }),
    };
  });
  return [...vms, ...routers, ...vips];
}

export function findPort(call: ServiceCall, cloud: AccountRegion, id: string): PortView {
  const found = allPorts(call, cloud).find((p) => p.id === id);
  if (!found) throw new FrontError(404, `Port ${id} could not be found.`, "PortNotFound");
  return found;
}

export function floatingIpView(call: ServiceCall, cloud: AccountRegion, ip: PublicIp): Record<string, unknown> {
  const target = ip.target;
  const port = target
    ? allPorts(call, cloud).find((p) => p.target?.kind === target.kind && p.target.id === target.id)
    : undefined;
  const fixed = (port?.view["fixed_ips"] as { subnet_id: string; ip_address: string }[] | undefined)?.[0];
  const router = fixed
    ? cloud.routers.list({ where: (r) => r.subnets.some((s) => s.id === fixed.subnet_id) }).items[0]
    : undefined;
  return {
    ...owned(call, ip.createdAt),
    id: ip.id,
    floating_ip_address: ip.address,
    floating_network_id: externalNetworkOf(cloud)?.id ?? "",
    router_id: port ? (router?.id ?? null) : null,
    port_id: port?.id ?? null,
    fixed_ip_address: fixed?.ip_address ?? null,
    status: port ? "ACTIVE" : "DOWN",
    description: ip.description,
    dns_domain: "",
    dns_name: "",
    qos_policy_id: null,
    port_forwardings: [],
    port_details: port
      ? {
          name: port.view["name"],
          network_id: port.view["network_id"],
          mac_address: port.view["mac_address"],
          admin_state_up: true,
          status: port.view["status"],
          device_id: port.view["device_id"],
          device_owner: port.view["device_owner"],
        }
      : null,
    tags: fromWorldTags(ip.tags),
  };
}
