import { clustersUsing } from "./clusters.js";
import { cidrContains, cidrOverlaps, formatCidr, parseCidr, requireCidr, usableHosts } from "../cidr.js";
import { formatIpv6Cidr, ipv6CidrOverlaps, ipv6Size, parseIpv6Cidr } from "../cidr6.js";
import { ensureQuota } from "../control/quotas.js";
import { dependencyViolation, invalidParameter } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Ipv6Mode, Subnet, Tags } from "../types.js";
import type { SubnetRecord, VpcRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { interfaceUsers, interfacesOf, usedAddresses } from "./network-interfaces.js";
import { routerOfSubnet } from "./routers.js";
import { requireOwn } from "./shared-networks.js";
import { tagRecord } from "./tag-rules.js";

/** A new subnet, given on its own (`CreateSubnetInput`) or with a new VPC. */
export interface SubnetInput {
  name: string;
  /** Default 4. IPv6 subnets need a cloud that keeps them apart from IPv4 ones (Neutron). */
  ipVersion?: 4 | 6 | undefined;
  cidr: string;
  ipv6AddressMode?: Ipv6Mode | undefined;
  ipv6RaMode?: Ipv6Mode | undefined;
  /** The region's first available zone when absent. */
  zone?: string | undefined;
  tags?: Tags | undefined;
}

/** A new subnet of an existing VPC. */
export interface CreateSubnetInput extends SubnetInput {
  vpcId: string;
}

/** Subnets: CIDR inside the VPC's, no overlap with siblings, one zone each. */
export class SubnetService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /**
   * Adds a subnet to one of the account's VPCs (InvalidParameter on a CIDR outside the VPC's or
   * overlapping a sibling; QuotaExceeded past `subnetsPerVpc`).
   */
  create(input: CreateSubnetInput): Subnet {
    const s = this.#state;
    const vpc = s.require(s.vpcs, input.vpcId);
    requireOwn(vpc, "network");
    const siblings = subnetsOf(s, vpc.id);
    ensureQuota("subnetsPerVpc", s.limits().subnetsPerVpc, siblings.length);
    const record = planSubnet(s, vpc, input, siblings, "");
    s.subnets.insert(record);
    return subnetView(s, record);
  }

  /** One subnet; NotFound when there is none, or it was created within the consistency window. */
  get(id: string): Subnet {
    return subnetView(this.#state, this.#state.read(this.#state.subnets, id));
  }

  /** One page of the region's subnets, oldest first. */
  list(options?: ListOptions<Subnet>): ListPage<Subnet> {
    return this.#state.page(this.#state.subnets, (row) => subnetView(this.#state, row), options);
  }

  /**
   * DependencyViolation while network interfaces, load balancers, clusters or a router's interface
   * use the subnet; IncorrectState on the operator's shared subnets.
   */
  delete(id: string): void {
    const s = this.#state;
    const subnet = s.require(s.subnets, id);
    requireOwn(subnet, "subnet");
    const users = interfaceUsers(interfacesOf(s).filter((n) => n.fixedIps.some((f) => f.subnetId === id)));
    const nlbs = s.nlbs.all().filter((nlb) => nlb.subnet.id === id).length;
    if (nlbs > 0) users.push(`${nlbs} load balancer(s)`);
    const clusters = clustersUsing(s, id).length;
    if (clusters > 0) users.push(`${clusters} Kubernetes cluster(s)`);
    if (users.length > 0) throw dependencyViolation("subnet", subnet.id, users.join(" and "));
    const router = routerOfSubnet(s, id);
    if (router) throw dependencyViolation("subnet", subnet.id, `an interface of router ${router.id}`);
    s.subnets.remove(id);
  }
}

export function subnetsOf(state: RegionState, vpcId: string): SubnetRecord[] {
  return state.subnets.all().filter((subnet) => subnet.vpcId === vpcId);
}

/**
 * Validates a new subnet of `vpc` against its `siblings` (existing, or planned in the same
 * request) and returns the record to insert. `field` prefixes error fields ("subnets[1].").
 */
export function planSubnet(
  state: RegionState,
  vpc: VpcRecord,
  input: SubnetInput,
  siblings: readonly SubnetRecord[],
  field: string,
): SubnetRecord {
  const v6 = input.ipVersion === 6;
  if (input.ipVersion !== undefined && input.ipVersion !== 4 && !v6)
    throw invalidParameter(`${field}ipVersion`, "must be 4 or 6");
  const cidr = v6 ? requireIpv6Cidr(input.cidr, `${field}cidr`) : planIpv4(state, vpc, input, siblings, field);
  if (v6) {
    const parsed = parseIpv6Cidr(cidr);
    const clash = siblings.find((sibling) => {
      const other = sibling.ipVersion === 6 ? parseIpv6Cidr(sibling.cidr) : undefined;
      return other !== undefined && parsed !== undefined && ipv6CidrOverlaps(other, parsed);
    });
    if (clash) throw invalidParameter(`${field}cidr`, `${input.cidr} overlaps subnet "${clash.name}" (${clash.cidr})`);
  } else if (input.ipv6AddressMode !== undefined || input.ipv6RaMode !== undefined) {
    throw invalidParameter(`${field}ipv6AddressMode`, "applies to IPv6 subnets only");
  }
  const zone = state.zone(input.zone, `${field}zone`);
  // Subnet names are unique within their VPC where the provider wants unique names.
  const base = state.newRecord("subnet", input, () => siblings.map((sibling) => sibling.name), false, vpc.id);
  return {
    ...base,
    vpcId: vpc.id,
    ipVersion: v6 ? 6 : 4,
    cidr,
    ...(input.ipv6AddressMode === undefined ? {} : { ipv6AddressMode: input.ipv6AddressMode }),
    ...(input.ipv6RaMode === undefined ? {} : { ipv6RaMode: input.ipv6RaMode }),
    zone: zone.name,
  };
}

/** Checks an IPv4 subnet against its VPC and its IPv4 siblings; returns its canonical CIDR. */
function planIpv4(
  state: RegionState,
  vpc: VpcRecord,
  input: SubnetInput,
  siblings: readonly SubnetRecord[],
  field: string,
): string {
  const cidr = requireCidr(input.cidr, `${field}cidr`, state.catalog.network.subnetPrefix);
  const vpcCidr = vpc.cidr === undefined ? undefined : parseCidr(vpc.cidr);
  if (vpcCidr && !cidrContains(vpcCidr, cidr)) {
    throw invalidParameter(`${field}cidr`, `${input.cidr} is not inside the VPC's ${vpc.cidr}`);
  }
  const clash = siblings.find((sibling) => {
    const other = sibling.ipVersion === 6 ? undefined : parseCidr(sibling.cidr);
    return other !== undefined && cidrOverlaps(other, cidr);
  });
  if (clash) throw invalidParameter(`${field}cidr`, `${input.cidr} overlaps subnet "${clash.name}" (${clash.cidr})`);
  return formatCidr(cidr);
}

function requireIpv6Cidr(text: string, field: string): string {
  const cidr = typeof text === "string" ? parseIpv6Cidr(text) : undefined;
  if (!cidr || cidr.prefixLength === 0)
    throw invalidParameter(field, `"${text}" is not a valid IPv6 network in CIDR notation`);
  return formatIpv6Cidr(cidr);
}

/** Private addresses taken in a subnet: network interfaces and internal load balancers. */
export function usedPrivateIps(state: RegionState, subnetId: string): Set<string> {
  return usedAddresses(state, subnetId);
}

export function subnetView(state: RegionState, row: SubnetRecord): Subnet {
  return {
    id: row.id,
    name: row.name,
    kind: "subnet",
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    vpcId: row.vpcId,
    ipVersion: row.ipVersion,
    cidr: row.cidr,
    ...(row.ipv6AddressMode === undefined ? {} : { ipv6AddressMode: row.ipv6AddressMode }),
    ...(row.ipv6RaMode === undefined ? {} : { ipv6RaMode: row.ipv6RaMode }),
    zone: row.zone,
    availableIpCount: availableIps(state, row),
    ...(row.defaultForZone ? { defaultForZone: true as const } : {}),
  };
}

function availableIps(state: RegionState, row: SubnetRecord): number {
  const used = usedPrivateIps(state, row.id).size;
  if (row.ipVersion === 6) {
    const cidr = parseIpv6Cidr(row.cidr);
    // The subnet-router anycast address and the gateway are not handed out.
    return cidr ? Math.max(0, ipv6Size(cidr) - 2 - used) : 0;
  }
  const cidr = parseCidr(row.cidr);
  return cidr ? usableHosts(cidr) - used : 0;
}
