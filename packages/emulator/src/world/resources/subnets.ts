import { cidrContains, cidrOverlaps, formatCidr, parseCidr, requireCidr, usableHosts } from "../cidr.js";
import { ensureQuota } from "../control/quotas.js";
import { dependencyViolation, invalidParameter } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Subnet, Tags } from "../types.js";
import type { SubnetRecord, VpcRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { routerOfSubnet } from "./routers.js";
import { liveVms } from "./vm-lifecycle.js";
import { tagRecord } from "./tag-rules.js";

export interface SubnetInput {
  name: string;
  cidr: string;
  /** The region's first available zone when absent. */
  zone?: string | undefined;
  tags?: Tags | undefined;
}

export interface CreateSubnetInput extends SubnetInput {
  vpcId: string;
}

/** Subnets: CIDR inside the VPC's, no overlap with siblings, one zone each. */
export class SubnetService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  create(input: CreateSubnetInput): Subnet {
    const s = this.#state;
    const vpc = s.require(s.vpcs, input.vpcId);
    const siblings = subnetsOf(s, vpc.id);
    ensureQuota("subnetsPerVpc", s.limits().subnetsPerVpc, siblings.length);
    const record = planSubnet(s, vpc, input, siblings, "");
    s.subnets.insert(record);
    return subnetView(s, record);
  }

  get(id: string): Subnet {
    return subnetView(this.#state, this.#state.read(this.#state.subnets, id));
  }

  list(options?: ListOptions<Subnet>): ListPage<Subnet> {
    return this.#state.page(this.#state.subnets, (row) => subnetView(this.#state, row), options);
  }

  delete(id: string): void {
    const s = this.#state;
    const subnet = s.require(s.subnets, id);
    const vms = liveVms(s, (vm) => vm.subnet.id === id).length;
    const nlbs = s.nlbs.all().filter((nlb) => nlb.subnet.id === id).length;
    if (vms + nlbs > 0) throw dependencyViolation("subnet", subnet.id, `${vms} VM(s) and ${nlbs} load balancer(s)`);
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
  const cidr = requireCidr(input.cidr, `${field}cidr`, state.catalog.network.subnetPrefix);
  const vpcCidr = vpc.cidr === undefined ? undefined : parseCidr(vpc.cidr);
  if (vpcCidr && !cidrContains(vpcCidr, cidr)) {
    throw invalidParameter(`${field}cidr`, `${input.cidr} is not inside the VPC's ${vpc.cidr}`);
  }
  const clash = siblings.find((sibling) => {
    const other = parseCidr(sibling.cidr);
    return other !== undefined && cidrOverlaps(other, cidr);
  });
  if (clash) throw invalidParameter(`${field}cidr`, `${input.cidr} overlaps subnet "${clash.name}" (${clash.cidr})`);
  const zone = state.zone(input.zone, `${field}zone`);
  // Subnet names are unique within their VPC where the provider wants unique names.
  const base = state.newRecord("subnet", input, () => siblings.map((sibling) => sibling.name), false, vpc.id);
  return { ...base, vpcId: vpc.id, cidr: formatCidr(cidr), zone: zone.name };
}

/** Private addresses taken in a subnet: live VMs and internal load balancers. */
export function usedPrivateIps(state: RegionState, subnetId: string): Set<string> {
  const used = new Set(liveVms(state, (vm) => vm.subnet.id === subnetId).map((vm) => vm.privateIp));
  for (const nlb of state.nlbs.all()) {
    if (nlb.subnet.id === subnetId && nlb.scheme === "internal") used.add(nlb.listener.ip);
  }
  return used;
}

export function subnetView(state: RegionState, row: SubnetRecord): Subnet {
  const cidr = parseCidr(row.cidr);
  const free = cidr ? usableHosts(cidr) - usedPrivateIps(state, row.id).size : 0;
  return {
    id: row.id,
    name: row.name,
    kind: "subnet",
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    vpcId: row.vpcId,
    cidr: row.cidr,
    zone: row.zone,
    availableIpCount: free,
  };
}
