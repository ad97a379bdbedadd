import { isBaristaError } from "@cloud-barista/core";
import type { CallContext, DriverSubnetRequest, SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core";
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import type { Subnet, Vpc } from "@aws-sdk/client-ec2";
import { awsNotFound } from "../not-found.js";
import type { AwsSession } from "../session.js";
import { checkUserTags, nameOf, tagSpecifications, userTagsOf } from "../tags.js";

export function toSubnetInfo(subnet: Subnet): SubnetInfo {
  return {
    iid: { nameId: nameOf(subnet.Tags), systemId: subnet.SubnetId ?? "" },
    ...(subnet.AvailabilityZone === undefined ? {} : { zone: subnet.AvailabilityZone }),
    ipv4Cidr: subnet.CidrBlock ?? "",
    tags: userTagsOf(subnet.Tags),
    extra: { availableIpCount: String(subnet.AvailableIpAddressCount ?? 0), zoneId: subnet.AvailabilityZoneId ?? "" },
  };
}

export function toVpcInfo(vpc: Vpc, subnets: readonly Subnet[]): VpcInfo {
  return {
    iid: { nameId: nameOf(vpc.Tags), systemId: vpc.VpcId ?? "" },
    ...(vpc.CidrBlock === undefined ? {} : { ipv4Cidr: vpc.CidrBlock }),
    subnets: subnets.map(toSubnetInfo),
    tags: userTagsOf(vpc.Tags),
    extra: { state: vpc.State ?? "", dhcpOptionsId: vpc.DhcpOptionsId ?? "" },
  };
}

/**
 * VPCs and their subnets. A VPC is created first and its subnets one by one; if a subnet fails,
 * what was made is deleted again so the create leaves nothing behind.
 */
export function createVpcHandler(session: AwsSession): VpcHandler {
  const subnetsOf = async (ctx: CallContext, vpcIds: readonly string[]): Promise<Subnet[]> => {
    const subnets: Subnet[] = [];
    if (vpcIds.length === 0) return subnets;
    for await (const subnet of session.pages(async (token) => {
      const page = await session.ec2(
        ctx,
        "DescribeSubnets",
        (c, abortSignal) =>
          c.send(
            new DescribeSubnetsCommand({
              Filters: [{ Name: "vpc-id", Values: [...vpcIds] }],
              MaxResults: session.settings.pageSize,
              NextToken: token,
            }),
            {
              abortSignal,
            },
          ),
        { idempotent: true },
      );
      return { items: page.Subnets ?? [], nextToken: page.NextToken };
    })) {
      subnets.push(subnet);
    }
    return subnets;
  };

  const createSubnet = async (ctx: CallContext, vpcId: string, request: DriverSubnetRequest): Promise<Subnet> => {
    checkUserTags(request.tags, "subnet.tags");
    const created = await session.whenVisible(ctx, [vpcId], () =>
      session.ec2(ctx, "CreateSubnet", (c, abortSignal) =>
        c.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: request.ipv4Cidr,
            ...(request.zone === undefined ? {} : { AvailabilityZone: request.zone }),
            TagSpecifications: tagSpecifications("subnet", request.name, request.tags),
          }),
          { abortSignal },
        ),
      ),
    );
    const subnet = created.Subnet ?? {};
    if (subnet.SubnetId) session.created(ctx, subnet.SubnetId);
    return subnet;
  };

  const describe = async (ctx: CallContext, id: string): Promise<Vpc> => {
    const found = await session.whenVisible(ctx, [id], () =>
      session.ec2(
        ctx,
        "DescribeVpcs",
        (c, abortSignal) => c.send(new DescribeVpcsCommand({ VpcIds: [id] }), { abortSignal }),
        { idempotent: true },
      ),
    );
    const vpc = found.Vpcs?.[0];
    if (!vpc) throw awsNotFound("vpc", id);
    return vpc;
  };

  const deleteSubnet = async (ctx: CallContext, id: string): Promise<void> => {
    try {
      await session.ec2(
        ctx,
        "DeleteSubnet",
        (c, abortSignal) => c.send(new DeleteSubnetCommand({ SubnetId: id }), { abortSignal }),
        { idempotent: true },
      );
    } catch (error) {
      if (!isBaristaError(error, "NotFound")) throw error;
    }
  };

  const deleteVpc = (ctx: CallContext, id: string) =>
    session.ec2(ctx, "DeleteVpc", (c, abortSignal) => c.send(new DeleteVpcCommand({ VpcId: id }), { abortSignal }), {
      idempotent: true,
    });

  return {
    async create(request, ctx) {
      checkUserTags(request.tags);
      const created = await session.ec2(ctx, "CreateVpc", (c, abortSignal) =>
        c.send(
          new CreateVpcCommand({
            CidrBlock: request.ipv4Cidr,
            TagSpecifications: tagSpecifications("vpc", request.name, request.tags),
          }),
          { abortSignal },
        ),
      );
      const vpc = created.Vpc ?? {};
      const vpcId = vpc.VpcId ?? "";
      session.created(ctx, vpcId);
      const subnets: Subnet[] = [];
      try {
        for (const subnet of request.subnets) subnets.push(await createSubnet(ctx, vpcId, subnet));
      } catch (error) {
        // Leave nothing behind: the create as a whole failed.
        for (const subnet of subnets) await deleteSubnet(ctx, subnet.SubnetId ?? "").catch(() => undefined);
        await deleteVpc(ctx, vpcId).catch(() => undefined);
        throw error;
      }
      return toVpcInfo(vpc, subnets);
    },

    async get(vpc, ctx) {
      const found = await describe(ctx, vpc.systemId);
      return toVpcInfo(found, await subnetsOf(ctx, [vpc.systemId]));
    },

    async *list(ctx) {
      const pages = session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeVpcs",
          (c, abortSignal) =>
            c.send(new DescribeVpcsCommand({ MaxResults: session.settings.pageSize, NextToken: token }), {
              abortSignal,
            }),
          { idempotent: true },
        );
        const vpcs = page.Vpcs ?? [];
        // One subnet listing per page of VPCs.
        const subnets = await subnetsOf(
          ctx,
          vpcs.flatMap((v) => (v.VpcId ? [v.VpcId] : [])),
        );
        return {
          items: vpcs.map((v) =>
            toVpcInfo(
              v,
              subnets.filter((s) => s.VpcId === v.VpcId),
            ),
          ),
          nextToken: page.NextToken,
        };
      });
      yield* pages;
    },

    // AWS refuses to delete a VPC that still has subnets: delete them first, one call each.
    async delete(vpc, ctx) {
      for (const subnet of await subnetsOf(ctx, [vpc.systemId])) await deleteSubnet(ctx, subnet.SubnetId ?? "");
      await deleteVpc(ctx, vpc.systemId);
    },

    async addSubnet(vpc, subnet, ctx) {
      const made = await createSubnet(ctx, vpc.systemId, subnet);
      const current = await describe(ctx, vpc.systemId);
      const subnets = await subnetsOf(ctx, [vpc.systemId]);
      // A subnet this new may not be listed yet.
      if (!subnets.some((s) => s.SubnetId === made.SubnetId)) subnets.push(made);
      return toVpcInfo(current, subnets);
    },

    async removeSubnet(vpc, subnet, ctx) {
      const found = await session.whenVisible(ctx, [subnet.systemId], () =>
        session.ec2(
          ctx,
          "DescribeSubnets",
          (c, abortSignal) => c.send(new DescribeSubnetsCommand({ SubnetIds: [subnet.systemId] }), { abortSignal }),
          {
            idempotent: true,
          },
        ),
      );
      if (found.Subnets?.[0]?.VpcId !== vpc.systemId)
        throw awsNotFound("subnet", subnet.systemId, `VPC ${vpc.systemId}`);
      await session.ec2(
        ctx,
        "DeleteSubnet",
        (c, abortSignal) => c.send(new DeleteSubnetCommand({ SubnetId: subnet.systemId }), { abortSignal }),
        {
          idempotent: true,
        },
      );
    },
  };
}
