import { collect, ignoreNotFound } from "@cloud-barista/core/driver";
import type { CallContext, DriverSubnetRequest, SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core/driver";
import type { Subnet, Vpc } from "@aws-sdk/client-ec2";
import { notFound } from "../errors.js";
import type { AwsSession } from "../session.js";
import { checkUserTags, nameOf, tagSpecifications, userTagsOf } from "../tags.js";

export function toSubnetInfo(subnet: Subnet): SubnetInfo {
  return {
    iid: { nameId: nameOf(subnet.Tags, subnet.SubnetId), systemId: subnet.SubnetId ?? "" },
    ...(subnet.AvailabilityZone === undefined ? {} : { zone: subnet.AvailabilityZone }),
    ipv4Cidr: subnet.CidrBlock ?? "",
    tags: userTagsOf(subnet.Tags),
    extra: { availableIpCount: String(subnet.AvailableIpAddressCount ?? 0), zoneId: subnet.AvailabilityZoneId ?? "" },
  };
}

export function toVpcInfo(vpc: Vpc, subnets: readonly Subnet[]): VpcInfo {
  return {
    iid: { nameId: nameOf(vpc.Tags, vpc.VpcId), systemId: vpc.VpcId ?? "" },
    ...(vpc.CidrBlock === undefined ? {} : { ipv4Cidr: vpc.CidrBlock }),
    subnets: subnets.map(toSubnetInfo),
    tags: userTagsOf(vpc.Tags),
    extra: { state: vpc.State ?? "", dhcpOptionsId: vpc.DhcpOptionsId ?? "" },
  };
}

/** VPCs and their subnets: a VPC is created first, then its subnets one by one, undone together on failure. */
export function createVpcHandler(aws: AwsSession): VpcHandler {
  const subnetsOf = (ctx: CallContext, vpcIds: readonly string[]): Promise<Subnet[]> =>
    vpcIds.length === 0
      ? Promise.resolve([])
      : collect(
          aws.pages(
            (NextToken) =>
              aws.ec2(ctx, "DescribeSubnets", {
                Filters: [{ Name: "vpc-id", Values: [...vpcIds] }],
                MaxResults: aws.settings.pageSize,
                NextToken,
              }),
            (page) => page.Subnets,
          ),
        );

  // A VPC this new may not be visible to CreateSubnet yet.
  const createSubnet = async (ctx: CallContext, vpcId: string, request: DriverSubnetRequest): Promise<Subnet> => {
    checkUserTags(request.tags, "subnet.tags");
    const input = {
      VpcId: vpcId,
      CidrBlock: request.ipv4Cidr,
      ...(request.zone === undefined ? {} : { AvailabilityZone: request.zone }),
      TagSpecifications: tagSpecifications("subnet", request.name, request.tags),
    };
    const { Subnet: subnet = {} } = await ctx.whenVisible([vpcId], () => aws.ec2(ctx, "CreateSubnet", input));
    if (subnet.SubnetId) ctx.created(subnet.SubnetId);
    return subnet;
  };

  const describe = async (ctx: CallContext, id: string): Promise<Vpc> => {
    const vpc = (await aws.ec2(ctx, "DescribeVpcs", { VpcIds: [id] })).Vpcs?.[0];
    if (!vpc) throw notFound("vpc", id);
    return vpc;
  };

  const deleteSubnet = (ctx: CallContext, id: string) => aws.ec2(ctx, "DeleteSubnet", { SubnetId: id });

  return {
    create: (request, ctx) =>
      ctx.compensate(async (undo) => {
        checkUserTags(request.tags);
        const tags = tagSpecifications("vpc", request.name, request.tags);
        const vpc =
          (await aws.ec2(ctx, "CreateVpc", { CidrBlock: request.ipv4Cidr, TagSpecifications: tags })).Vpc ?? {};
        const vpcId = vpc.VpcId ?? "";
        ctx.created(vpcId);
        undo(`delete VPC ${vpcId}`, (u) => aws.ec2(u, "DeleteVpc", { VpcId: vpcId }));
        const subnets: Subnet[] = [];
        for (const request_ of request.subnets) {
          const subnet = await createSubnet(ctx, vpcId, request_);
          undo(`delete subnet ${subnet.SubnetId}`, (u) => deleteSubnet(u, subnet.SubnetId ?? ""));
          subnets.push(subnet);
        }
        return toVpcInfo(vpc, subnets);
      }),

    get: async (vpc, ctx) => toVpcInfo(await describe(ctx, vpc.systemId), await subnetsOf(ctx, [vpc.systemId])),

    async *list(ctx) {
      // One subnet listing per page of VPCs.
      const pages = aws.pages(
        (NextToken) => aws.ec2(ctx, "DescribeVpcs", { MaxResults: aws.settings.pageSize, NextToken }),
        (page) => [page.Vpcs ?? []],
      );
      for await (const vpcs of pages) {
        const subnets = await subnetsOf(
          ctx,
          vpcs.flatMap((v) => v.VpcId ?? []),
        );
        yield* vpcs.map((v) =>
          toVpcInfo(
            v,
            subnets.filter((s) => s.VpcId === v.VpcId),
          ),
        );
      }
    },

    // AWS refuses to delete a VPC that still has subnets: delete them first, one call each.
    async delete(vpc, ctx) {
      for (const subnet of await subnetsOf(ctx, [vpc.systemId])) {
        await deleteSubnet(ctx, subnet.SubnetId ?? "").catch(ignoreNotFound);
      }
      await aws.ec2(ctx, "DeleteVpc", { VpcId: vpc.systemId });
    },

    async addSubnet(vpc, subnet, ctx) {
      const made = await createSubnet(ctx, vpc.systemId, subnet);
      const [current, subnets] = [await describe(ctx, vpc.systemId), await subnetsOf(ctx, [vpc.systemId])];
      // A subnet this new may not be listed yet.
      if (!subnets.some((s) => s.SubnetId === made.SubnetId)) subnets.push(made);
      return toVpcInfo(current, subnets);
    },

    async removeSubnet(vpc, subnet, ctx) {
      const found = (await aws.ec2(ctx, "DescribeSubnets", { SubnetIds: [subnet.systemId] })).Subnets?.[0];
      if (found?.VpcId !== vpc.systemId) throw notFound("subnet", subnet.systemId, `VPC ${vpc.systemId}`);
      await deleteSubnet(ctx, subnet.systemId);
    },
  };
}
