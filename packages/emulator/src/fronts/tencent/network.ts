import type { AccountRegion } from "../../world/account-region.js";
import type { Subnet, Vpc } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { TencentError, invalidValue } from "./errors.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import { requireZone } from "./regions.js";
import { plainTime, tagFiltersPass, tagList, tagsParam, withTagFilters } from "./render.js";
import { vpc as vpcService } from "./services.js";

/** A VPC or subnet name: 1-60 characters. */
export function nameParam(c: ActionContext, name: string): string {
  const value = c.params.required(name);
  if (value.length > 60) throw invalidValue(name, "It must be 1 to 60 characters.", "InvalidParameterValue.TooLong");
  return value;
}

function renderSubnet(subnet: Subnet): Record<string, unknown> {
  return {
    VpcId: subnet.vpcId,
    SubnetId: subnet.id,
    SubnetName: subnet.name,
    CidrBlock: subnet.cidr,
    IsDefault: subnet.defaultForZone === true,
    EnableBroadcast: false,
    Zone: subnet.zone,
    RouteTableId: `rtb-${subnet.vpcId.slice(4)}`,
    CreatedTime: plainTime(subnet.createdAt),
    AvailableIpAddressCount: subnet.availableIpCount,
    Ipv6CidrBlock: "",
    NetworkAclId: "",
    IsRemoteVpcSnat: false,
    TotalIpAddressCount: subnet.availableIpCount + 3,
    TagSet: tagList(subnet.tags),
    CdcId: "",
    IsCdcSubnet: 0,
  };
}

function renderVpc(vpc: Vpc): Record<string, unknown> {
  return {
    VpcName: vpc.name,
    VpcId: vpc.id,
    CidrBlock: vpc.cidr ?? "",
    IsDefault: vpc.isDefault === true,
    EnableMulticast: false,
    CreatedTime: plainTime(vpc.createdAt),
    DnsServerSet: ["183.60.83.19", "183.60.82.98"],
    DomainName: "",
    DhcpOptionsId: "",
    EnableDhcp: true,
    Ipv6CidrBlock: "",
    TagSet: tagList(vpc.tags),
    AssistantCidrSet: [],
  };
}

/** Tencent's VPC CIDRs: within 10.0.0.0/12-28, 172.16.0.0/12-28 or 192.168.0.0/16-28. */
function requirePrivateCidr(cidr: string, name: string): void {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  const [a, b, prefix] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[5])];
  const ok =
    m !== null &&
    ((a === 10 && prefix >= 12) ||
      (a === 172 && b >= 16 && b <= 31 && prefix >= 12) ||
      (a === 192 && b === 168 && prefix >= 16)) &&
    prefix <= 28;
  if (!ok)
    throw invalidValue(
      name,
      `\`${cidr}\` must lie in 10.0.0.0/12, 172.16.0.0/12 or 192.168.0.0/16, prefix up to /28.`,
      "InvalidParameterValue.Malformed",
    );
}

/** The subnet, or ResourceNotFound. */
export function requireSubnet(cloud: AccountRegion, id: string): Subnet {
  return cloud.subnets.get(id);
}

const createVpc: ActionRegistration = {
  service: vpcService,
  action: "CreateVpc",
  handler: async (c) => {
    const name = nameParam(c, "VpcName");
    const cidr = c.params.required("CidrBlock");
    requirePrivateCidr(cidr, "CidrBlock");
    const tags = tagsParam(c.params.objects("Tags"));
    return c.call((cloud) => ({ Vpc: renderVpc(cloud.vpcs.create({ name, cidr, tags })) }));
  },
};

const describeVpcs: ActionRegistration = {
  service: vpcService,
  action: "DescribeVpcs",
  handler: async (c) => {
    const ids = c.params.strings("VpcIds", { max: 100 });
    const filters = filtersOf(c.params, withTagFilters(c.params, ["vpc-name", "is-default", "vpc-id", "cidr-block"]));
    return c.call((cloud) => {
      const vpcs = cloud.vpcs
        .list()
        .items.filter(
          (v) =>
            (ids === undefined || ids.includes(v.id)) &&
            passes(filters, "vpc-name", v.name) &&
            passes(filters, "vpc-id", v.id) &&
            passes(filters, "cidr-block", v.cidr) &&
            passes(filters, "is-default", String(v.isDefault === true)) &&
            tagFiltersPass(filters, v.tags),
        );
      if (ids !== undefined) for (const id of ids) if (!vpcs.some((v) => v.id === id)) cloud.vpcs.get(id);
      const page = offsetPage(vpcs, c.params, c.pages);
      return { TotalCount: page.total, VpcSet: page.items.map(renderVpc) };
    });
  },
};

const deleteVpc: ActionRegistration = {
  service: vpcService,
  action: "DeleteVpc",
  handler: async (c) => {
    const id = c.params.required("VpcId");
    return c.call((cloud) => {
      const vpc = cloud.vpcs.get(id);
      if (vpc.subnets.length > 0) {
        throw new TencentError("ResourceInUse", `The VPC \`${id}\` still has subnets.`);
      }
      cloud.vpcs.delete(id);
      return {};
    });
  },
};

const createSubnet: ActionRegistration = {
  service: vpcService,
  action: "CreateSubnet",
  handler: async (c) => {
    const vpcId = c.params.required("VpcId");
    const name = nameParam(c, "SubnetName");
    const cidr = c.params.required("CidrBlock");
    const zone = c.params.required("Zone");
    const tags = tagsParam(c.params.objects("Tags"));
    return c.call((cloud) => {
      requireZone(cloud, zone, "Zone");
      return { Subnet: renderSubnet(cloud.subnets.create({ vpcId, name, cidr, zone, tags })) };
    });
  },
};

const describeSubnets: ActionRegistration = {
  service: vpcService,
  action: "DescribeSubnets",
  handler: async (c) => {
    const ids = c.params.strings("SubnetIds", { max: 100 });
    const filters = filtersOf(
      c.params,
      withTagFilters(c.params, ["subnet-id", "vpc-id", "cidr-block", "is-default", "subnet-name", "zone"]),
    );
    return c.call((cloud) => {
      const subnets = cloud.subnets
        .list()
        .items.filter(
          (s) =>
            (ids === undefined || ids.includes(s.id)) &&
            passes(filters, "subnet-id", s.id) &&
            passes(filters, "vpc-id", s.vpcId) &&
            passes(filters, "cidr-block", s.cidr) &&
            passes(filters, "subnet-name", s.name) &&
            passes(filters, "zone", s.zone) &&
            passes(filters, "is-default", String(s.defaultForZone === true)) &&
            tagFiltersPass(filters, s.tags),
        );
      if (ids !== undefined) for (const id of ids) if (!subnets.some((s) => s.id === id)) cloud.subnets.get(id);
      const page = offsetPage(subnets, c.params, c.pages);
      return { TotalCount: page.total, SubnetSet: page.items.map(renderSubnet) };
    });
  },
};

const deleteSubnet: ActionRegistration = {
  service: vpcService,
  action: "DeleteSubnet",
  handler: async (c) => {
    const id = c.params.required("SubnetId");
    return c.call((cloud) => {
      cloud.subnets.delete(id);
      return {};
    });
  },
};

export const networkActions: ActionRegistration[] = [
  createVpc,
  describeVpcs,
  deleteVpc,
  createSubnet,
  describeSubnets,
  deleteSubnet,
];
