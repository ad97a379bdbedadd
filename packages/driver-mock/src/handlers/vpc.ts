import { isBaristaError } from "@cloud-barista/core/driver";
import type { SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core/driver";
import type { AccountRegion, Subnet, Vpc } from "@cloud-barista/emulator";
import { notFound } from "../errors.js";
import { idOf } from "../session.js";
import type { MockSession } from "../session.js";

export function createVpcHandler(session: MockSession): VpcHandler {
  const describe = (cloud: AccountRegion, id: string) => cloud.vpcs.get(id);
  return {
    async create(request, ctx) {
      const vpc = await session.call(ctx, "CreateVpc", (cloud) =>
        cloud.vpcs.create({
          name: request.name,
          cidr: request.ipv4Cidr,
          subnets: request.subnets.map((subnet) => ({
            name: subnet.name,
            cidr: subnet.ipv4Cidr,
            zone: subnet.zone ?? session.zone,
            tags: subnet.tags,
          })),
          tags: request.tags,
        }),
      );
      return toVpcInfo(vpc);
    },

    async get(vpc, ctx) {
      return toVpcInfo(await session.call(ctx, "DescribeVpcs", (cloud) => describe(cloud, idOf(vpc))));
    },

    list: (ctx) => session.list(ctx, "DescribeVpcs", (cloud, page) => cloud.vpcs.list(page), toVpcInfo),

    // Like the clouds' own consoles, delete the VPC's subnets first: one native call each.
    async delete(vpc, ctx) {
      const id = idOf(vpc);
      const current = await session.call(ctx, "DescribeVpcs", (cloud) => describe(cloud, id));
      for (const subnet of current.subnets) {
        // A subnet already gone (a retry after a lost answer) is what this wanted: a NotFound
        // here must not reach core, which would take it for the VPC's and forget a live VPC.
        await session
          .call(ctx, "DeleteSubnet", (cloud) => cloud.subnets.delete(subnet.id))
          .catch((error: unknown) => {
            if (!isBaristaError(error, "NotFound")) throw error;
          });
      }
      await session.call(ctx, "DeleteVpc", (cloud) => cloud.vpcs.delete(id));
    },

    async addSubnet(vpc, subnet, ctx) {
      const id = idOf(vpc);
      await session.call(ctx, "CreateSubnet", (cloud) =>
        cloud.subnets.create({
          vpcId: id,
          name: subnet.name,
          cidr: subnet.ipv4Cidr,
          zone: subnet.zone ?? session.zone,
          tags: subnet.tags,
        }),
      );
      return toVpcInfo(await session.call(ctx, "DescribeVpcs", (cloud) => describe(cloud, id)));
    },

    async removeSubnet(vpc, subnet, ctx) {
      const vpcId = idOf(vpc);
      await session.call(ctx, "DeleteSubnet", (cloud) => {
        const found = cloud.subnets.get(idOf(subnet));
        if (found.vpcId !== vpcId) {
          throw notFound("subnet", subnet.nameId, `VPC ${vpcId}`);
        }
        cloud.subnets.delete(found.id);
      });
    },
  };
}

export function toVpcInfo(vpc: Vpc): VpcInfo {
  return {
    iid: { nameId: vpc.name, systemId: vpc.id },
    ...(vpc.cidr === undefined ? {} : { ipv4Cidr: vpc.cidr }),
    subnets: vpc.subnets.map(toSubnetInfo),
    tags: vpc.tags,
  };
}

function toSubnetInfo(subnet: Subnet): SubnetInfo {
  return {
    iid: { nameId: subnet.name, systemId: subnet.id },
    zone: subnet.zone,
    ipv4Cidr: subnet.cidr,
    tags: subnet.tags,
    extra: { availableIpCount: String(subnet.availableIpCount) },
  };
}
