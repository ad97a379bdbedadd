import type { Subnet } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { describe } from "./describe.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { tagSet, tagsFromSpecifications, worldNameOf } from "./tags.js";
import { zoneIdOf } from "./zones.js";

function renderSubnet(ctx: Ec2Context, subnet: Subnet, state: "pending" | "available"): XmlFields {
  return {
    subnetId: subnet.id,
    subnetArn: `arn:aws:ec2:${ctx.region}:${ctx.account}:subnet/${subnet.id}`,
    state,
    ownerId: ctx.account,
    vpcId: subnet.vpcId,
    cidrBlock: subnet.cidr,
    ipv6CidrBlockAssociationSet: [],
    availableIpAddressCount: subnet.availableIpCount,
    availabilityZone: subnet.zone,
    availabilityZoneId: zoneIdOf(subnet.zone),
    defaultForAz: subnet.defaultForZone === true,
    // Only default subnets hand out public addresses by default.
    mapPublicIpOnLaunch: subnet.defaultForZone === true,
    assignIpv6AddressOnCreation: false,
    ipv6Native: false,
    enableDns64: false,
    privateDnsNameOptionsOnLaunch: {
      hostnameType: "ip-name",
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    },
    tagSet: tagSet(subnet.tags),
  };
}

/** CreateSubnet: a subnet of a VPC in one zone (the region's first available zone if none is named). */
export const createSubnet: Ec2Action = async (ctx) => {
  const vpcId = ctx.params.required("VpcId");
  const cidr = ctx.params.required("CidrBlock");
  const tags = tagsFromSpecifications(ctx.params, "subnet");
  const zoneId = ctx.params.string("AvailabilityZoneId");
  const subnet = await ctx.call((cloud) => {
    let zone = ctx.params.string("AvailabilityZone");
    if (zone === undefined && zoneId !== undefined) {
      zone = cloud.catalog.getRegion(ctx.region).zones.find((z) => zoneIdOf(z.name) === zoneId)?.name;
      if (zone === undefined)
        throw new AwsFault("InvalidParameterValue", `Value (${zoneId}) for parameter availabilityZoneId is invalid.`);
    }
    return cloud.subnets.create({ vpcId, name: worldNameOf(tags, "subnet"), cidr, zone, tags });
  });
  return { subnet: renderSubnet(ctx, subnet, "pending") };
};

const subnetFields = (ctx: Ec2Context): FilterFields<Subnet> => ({
  "subnet-id": (s) => s.id,
  "vpc-id": (s) => s.vpcId,
  "availability-zone": (s) => s.zone,
  "availability-zone-id": (s) => zoneIdOf(s.zone),
  "cidr-block": (s) => s.cidr,
  cidr: (s) => s.cidr,
  state: () => "available",
  "default-for-az": (s) => s.defaultForZone === true,
  "map-public-ip-on-launch": (s) => s.defaultForZone === true,
  "available-ip-address-count": (s) => s.availableIpCount,
  "owner-id": () => ctx.account,
});

/** DescribeSubnets: by id, or filtered (typically by vpc-id) and paged. */
export const describeSubnets: Ec2Action = async (ctx) => {
  const match = filterPredicate(readFilters(ctx.params), subnetFields(ctx), (s) => s.tags);
  const page = await describe(ctx, {
    idParam: "SubnetId",
    get: (cloud, id) => cloud.subnets.get(id),
    list: (cloud, options) => cloud.subnets.list(options),
    match,
  });
  return { subnetSet: page.items.map((s) => renderSubnet(ctx, s, "available")), nextToken: page.nextToken };
};

/** DeleteSubnet: refused (DependencyViolation) while instances or load balancers use it. */
export const deleteSubnet: Ec2Action = async (ctx) => {
  const id = ctx.params.required("SubnetId");
  await ctx.call((cloud) => cloud.subnets.delete(id));
  return { return: true };
};
