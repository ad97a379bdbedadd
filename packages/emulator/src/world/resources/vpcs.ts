import { clustersUsing } from "./clusters.js";
import { formatCidr, requireCidr } from "../cidr.js";
import { ensureQuota } from "../control/quotas.js";
import { dependencyViolation, invalidParameter } from "../errors.js";
import { requireQuota } from "./quota-usage.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Vpc } from "../types.js";
import type { SubnetRecord, VpcRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { requireOwn } from "./shared-networks.js";
import { planSubnet, subnetsOf, subnetView } from "./subnets.js";
import type { SubnetInput } from "./subnets.js";
import { interfaceUsers, interfacesOf } from "./network-interfaces.js";
import { tagRecord } from "./tag-rules.js";

export interface CreateVpcInput extends NewResource {
  /** Required where the provider's VPCs carry a CIDR. */
  cidr?: string | undefined;
  /** Subnets created with the VPC, atomically: all or none. */
  subnets?: SubnetInput[] | undefined;
}

/** VPCs (virtual networks). */
export class VpcService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Creates a VPC and its subnets, all or none (InvalidParameter, QuotaExceeded on `vpcs`). */
  create(input: CreateVpcInput): Vpc {
    const s = this.#state;
    const network = s.catalog.network;
    const cidr = input.cidr === undefined ? undefined : requireCidr(input.cidr, "cidr", network.vpcPrefix);
    if (!cidr && network.vpcCidr) throw invalidParameter("cidr", "is required");
    const limits = s.limits();
    requireQuota(s, "vpcs");
    const subnets = input.subnets ?? [];
    ensureQuota("subnetsPerVpc", limits.subnetsPerVpc, 0, subnets.length);
    const base = s.newRecord("network", input, () => s.vpcs.all().map((vpc) => vpc.name));
    const vpc: VpcRecord = cidr ? { ...base, cidr: formatCidr(cidr) } : base;
    // Plan every subnet before storing anything, so a bad subnet leaves no VPC behind.
    const planned: SubnetRecord[] = [];
    subnets.forEach((subnet, i) => planned.push(planSubnet(s, vpc, subnet, planned, `subnets[${i}].`)));
    s.vpcs.insert(vpc);
    for (const subnet of planned) s.subnets.insert(subnet);
    return vpcView(s, vpc, { fresh: true });
  }

  /** One VPC with its subnets; NotFound when there is none, or it was created within the consistency window. */
  get(id: string): Vpc {
    return vpcView(this.#state, this.#state.read(this.#state.vpcs, id));
  }

  /** One page of the region's VPCs (the operator's shared networks included), oldest first. */
  list(options?: ListOptions<Vpc>): ListPage<Vpc> {
    return this.#state.page(this.#state.vpcs, (row) => vpcView(this.#state, row), options);
  }

  /** Fails with DependencyViolation while subnets, security groups, interfaces or load balancers remain. */
  delete(id: string): void {
    const s = this.#state;
    const vpc = s.require(s.vpcs, id);
    requireOwn(vpc, "network");
    // Where groups belong to the account, the VPC a group was filed under does not hold it.
    const groups = s.catalog.network.accountSecurityGroups
      ? []
      : s.securityGroups.all().filter((sg) => sg.vpc.id === id && !sg.isDefault);
    const dependents = [
      [subnetsOf(s, id).length, "subnet(s)"],
      [groups.length, "security group(s)"],
      [s.nlbs.all().filter((nlb) => nlb.vpc.id === id).length, "load balancer(s)"],
      [clustersUsing(s, id).length, "Kubernetes cluster(s)"],
    ] as const;
    const remaining = dependents.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
    remaining.splice(2, 0, ...interfaceUsers(interfacesOf(s).filter((n) => n.vpcId === id)));
    if (remaining.length > 0) throw dependencyViolation("network", vpc.id, remaining.join(", "));
    for (const sg of s.securityGroups.all()) if (sg.vpc.id === id && sg.isDefault) s.securityGroups.remove(sg.id);
    s.vpcs.remove(id);
  }
}

/** A VPC with its subnets; reads list only visible subnets, a `fresh` create answer all. */
export function vpcView(state: RegionState, row: VpcRecord, options: { fresh?: boolean } = {}): Vpc {
  const subnets = subnetsOf(state, row.id)
    .filter((subnet) => options.fresh === true || state.visible(subnet))
    .map((subnet) => subnetView(state, subnet));
  return {
    id: row.id,
    name: row.name,
    kind: "network",
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    ...(row.cidr === undefined ? {} : { cidr: row.cidr }),
    ...(row.shared ? { shared: { ...row.shared } } : {}),
    ...(row.isDefault ? { isDefault: true as const } : {}),
    subnets,
  };
}
