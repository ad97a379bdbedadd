import type { AccountRegion } from "../../../world/account-region.js";
import { cidrContains, formatIp, parseCidr } from "../../../world/cidr.js";
import { formatIpv6, parseIpv6Cidr } from "../../../world/cidr6.js";
import type { Router, SecurityGroup, SecurityGroupRule, Subnet, Vpc } from "../../../world/types.js";
import { derivedUuid, isoSeconds, operatorProjectId } from "../ids.js";
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

export function owned(call: ServiceCall, createdAt: number, projectId = call.projectId): Record<string, unknown> {
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

/** The gateway address of a subnet: its first host (Neutron's default gateway_ip). */
export function gatewayIp(cidr: string): string {
  const v6 = parseIpv6Cidr(cidr);
  if (v6) return formatIpv6(v6.base + 1n);
  const parsed = parseCidr(cidr);
  return parsed ? formatIp(parsed.base + 1) : "";
}

/** Neutron's default allocation pool: from the address after the gateway to the last (or, in IPv4, the one before broadcast). */
function allocationPools(cidr: string): { start: string; end: string }[] {
  const v6 = parseIpv6Cidr(cidr);
  if (v6) {
    const last = v6.base + (1n << BigInt(128 - v6.prefixLength)) - 1n;
    return [{ start: formatIpv6(v6.base + 2n), end: formatIpv6(last) }];
  }
  const parsed = parseCidr(cidr);
  if (!parsed) return [];
  return [{ start: formatIp(parsed.base + 2), end: formatIp(parsed.base + 2 ** (32 - parsed.prefixLength) - 2) }];
}

export function subnetView(call: ServiceCall, subnet: Subnet, network: Pick<Vpc, "shared">): Record<string, unknown> {
  return {
    ...owned(call, subnet.createdAt, ownerOf(call, network)),
    id: subnet.id,
    name: subnet.name,
    network_id: subnet.vpcId,
    ip_version: subnet.ipVersion,
    cidr: subnet.cidr,
    gateway_ip: gatewayIp(subnet.cidr),
    allocation_pools: allocationPools(subnet.cidr),
    enable_dhcp: true,
    dns_nameservers: [],
    host_routes: [],
    ipv6_ra_mode: subnet.ipv6RaMode ?? null,
    ipv6_address_mode: subnet.ipv6AddressMode ?? null,
    subnetpool_id: null,
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
    remote_group_id: null,
    description: "",
  };
}

export function securityGroupView(call: ServiceCall, sg: SecurityGroup): Record<string, unknown> {
  return {
    ...owned(call, sg.createdAt),
    id: sg.id,
    name: sg.name,
    description: sg.description,
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
