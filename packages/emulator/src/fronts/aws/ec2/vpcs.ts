import type { Vpc } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { derivedId } from "../ids.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { describe } from "./describe.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { tagSet, tagsFromSpecifications, worldNameOf } from "./tags.js";

function dhcpOptionsId(ctx: Ec2Context): string {
  return derivedId("dopt", `${ctx.account}/${ctx.region}`);
}

function renderVpc(ctx: Ec2Context, vpc: Vpc, state: "pending" | "available"): XmlFields {
  return {
    vpcId: vpc.id,
    ownerId: ctx.account,
    state,
    cidrBlock: vpc.cidr,
    cidrBlockAssociationSet: [
      {
        associationId: derivedId("vpc-cidr-assoc", vpc.id),
        cidrBlock: vpc.cidr,
        cidrBlockState: { state: "associated" },
      },
    ],
    ipv6CidrBlockAssociationSet: [],
    dhcpOptionsId: dhcpOptionsId(ctx),
    instanceTenancy: "default",
    isDefault: vpc.isDefault === true,
    tagSet: tagSet(vpc.tags),
  };
}

/** CreateVpc: a VPC with one IPv4 CIDR; the "Name" tag (TagSpecification) is its only name. */
export const createVpc: Ec2Action = async (ctx) => {
  const cidr = ctx.params.required("CidrBlock");
  const tenancy = ctx.params.string("InstanceTenancy") ?? "default";
  if (tenancy !== "default")
    throw new AwsFault("InvalidParameterValue", `The emulator offers only default tenancy, not '${tenancy}'`);
  const tags = tagsFromSpecifications(ctx.params, "vpc");
  const vpc = await ctx.call((cloud) => cloud.vpcs.create({ name: worldNameOf(tags, "vpc"), cidr, tags }));
  return { vpc: renderVpc(ctx, vpc, "pending") };
};

const vpcFields = (ctx: Ec2Context): FilterFields<Vpc> => ({
  "vpc-id": (v) => v.id,
  cidr: (v) => v.cidr,
  "cidr-block-association.cidr-block": (v) => v.cidr,
  state: () => "available",
  "is-default": (v) => v.isDefault === true,
  "owner-id": () => ctx.account,
  "dhcp-options-id": () => dhcpOptionsId(ctx),
});

/** DescribeVpcs: by id, or filtered and paged. */
export const describeVpcs: Ec2Action = async (ctx) => {
  const match = filterPredicate(readFilters(ctx.params), vpcFields(ctx), (v) => v.tags);
  const page = await describe(ctx, {
    idParam: "VpcId",
    get: (cloud, id) => cloud.vpcs.get(id),
    list: (cloud, options) => cloud.vpcs.list(options),
    match,
  });
  return { vpcSet: page.items.map((v) => renderVpc(ctx, v, "available")), nextToken: page.nextToken };
};

/** DeleteVpc: refused (DependencyViolation) while subnets, security groups or instances remain. */
export const deleteVpc: Ec2Action = async (ctx) => {
  const id = ctx.params.required("VpcId");
  await ctx.call((cloud) => cloud.vpcs.delete(id));
  return { return: true };
};
