import { ignoreNotFound } from "@cloud-barista/core/driver";
import type {
  CallContext,
  DriverSubnetRequest,
  IID,
  SubnetInfo,
  VpcHandler,
  VpcInfo,
} from "@cloud-barista/core/driver";
import type {
  CreateSubnetResponse,
  CreateVpcResponse,
  DescribeSubnetsResponse,
  DescribeVpcsResponse,
  Subnet,
  Vpc,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js";
import { badAnswer, invalid } from "../errors.js";
import { filters } from "../session.js";
import type { TencentSession } from "../session.js";
import { tagList, tagsOf } from "../tags.js";

/** The VPC service pages by at most 100, and takes Offset and Limit as strings. */
export const vpcPaging = (session: TencentSession) => ({
  pageSize: Math.min(session.settings.pageSize, 100),
  asText: true,
});

export const toSubnetInfo = (s: Subnet): SubnetInfo => {
  const tags = tagsOf(s.TagSet);
  return {
    iid: { nameId: s.SubnetName ?? "", systemId: s.SubnetId ?? "" },
    ...(s.Zone ? { zone: s.Zone } : {}),
    ...(s.CidrBlock ? { ipv4Cidr: s.CidrBlock } : {}),
    ...(tags ? { tags } : {}),
  };
};

const toVpcInfo = (v: Vpc, subnets: readonly Subnet[]): VpcInfo => {
  const tags = tagsOf(v.TagSet);
  return {
    iid: { nameId: v.VpcName ?? "", systemId: v.VpcId ?? "" },
    ...(v.CidrBlock ? { ipv4Cidr: v.CidrBlock } : {}),
    subnets: subnets.filter((s) => s.VpcId === undefined || s.VpcId === v.VpcId).map(toSubnetInfo),
    ...(tags ? { tags } : {}),
    ...(v.IsDefault ? { extra: { default: "true" } } : {}),
  };
};

/**
 * VPCs with their zonal subnets (VPC 2017-03-12). Each subnet lives in one zone: the subnet's
 * zone, else the connection's. A VPC is usable at once (Tencent has no pending state for it).
 */
export function createVpcHandler(session: TencentSession): VpcHandler {
  const subnetsOf = async (ctx: CallContext, vpcId?: string) => {
    const out: Subnet[] = [];
    const pages = session.pages<DescribeSubnetsResponse, Subnet>(
      ctx,
      "DescribeSubnets",
      vpcId ? { Filters: filters({ "vpc-id": vpcId }) } : {},
      (a) => a.SubnetSet,
      vpcPaging(session),
    );
    for await (const s of pages) out.push(s);
    return out;
  };

  const zoneOf = (subnet: DriverSubnetRequest, field: string): string => {
    const zone = subnet.zone ?? session.settings.zone;
    if (!zone) throw invalid(`${field}.zone`, "required", "a Tencent subnet needs a zone (or a connection zone)");
    return zone;
  };

  const createSubnet = async (ctx: CallContext, vpcId: string, subnet: DriverSubnetRequest, zone: string) => {
    const made = await session.call<CreateSubnetResponse>(ctx, "CreateSubnet", {
      VpcId: vpcId,
      SubnetName: subnet.name,
      CidrBlock: subnet.ipv4Cidr,
      Zone: zone,
      Tags: tagList(subnet.tags),
    });
    const id = made.Subnet?.SubnetId;
    if (!id) throw badAnswer("CreateSubnet: no SubnetId in the answer");
    session.subnetZones.set(id, zone);
    ctx.created(id);
    const info: SubnetInfo = {
      iid: { nameId: subnet.name, systemId: id },
      zone,
      ipv4Cidr: subnet.ipv4Cidr,
      ...(subnet.tags ? { tags: subnet.tags } : {}),
    };
    return info;
  };

  const get = async (vpc: IID, ctx: CallContext): Promise<VpcInfo> => {
    const found = await session.one<DescribeVpcsResponse, Vpc>(
      ctx,
      "DescribeVpcs",
      { VpcIds: [vpc.systemId] },
      (a) => a.VpcSet?.find((v) => v.VpcId === vpc.systemId),
      { type: "vpc", id: vpc.systemId },
    );
    return toVpcInfo(found, await subnetsOf(ctx, vpc.systemId));
  };

  return {
    async create(request, ctx) {
      if (!request.ipv4Cidr) throw invalid("ipv4Cidr", "required", "a Tencent VPC needs a CIDR block");
      const zones = request.subnets.map((s, i) => zoneOf(s, `subnets[${i}]`));
      return ctx.compensate(async (undo) => {
        const made = await session.call<CreateVpcResponse>(ctx, "CreateVpc", {
          VpcName: request.name,
          CidrBlock: request.ipv4Cidr,
          Tags: tagList(request.tags),
        });
        const vpcId = made.Vpc?.VpcId;
        if (!vpcId) throw badAnswer("CreateVpc: no VpcId in the answer");
        ctx.created(vpcId);
        undo(`delete VPC ${vpcId}`, (u) => session.call(u, "DeleteVpc", { VpcId: vpcId }));
        const subnets: SubnetInfo[] = [];
        for (const [i, subnet] of request.subnets.entries()) {
          const info = await ctx.whenVisible([vpcId], () => createSubnet(ctx, vpcId, subnet, zones[i] ?? ""));
          undo(`delete subnet ${info.iid.systemId}`, (u) =>
            session.call(u, "DeleteSubnet", { SubnetId: info.iid.systemId }),
          );
          subnets.push(info);
        }
        const info: VpcInfo = {
          iid: { nameId: request.name, systemId: vpcId },
          ipv4Cidr: request.ipv4Cidr,
          subnets,
          ...(request.tags ? { tags: request.tags } : {}),
        };
        return info;
      });
    },
    get,
    list: (ctx) =>
      (async function* () {
        const subnets = await subnetsOf(ctx);
        const vpcs = session.pages<DescribeVpcsResponse, Vpc>(
          ctx,
          "DescribeVpcs",
          {},
          (a) => a.VpcSet,
          vpcPaging(session),
        );
        for await (const vpc of vpcs) {
          yield toVpcInfo(
            vpc,
            subnets.filter((s) => s.VpcId === vpc.VpcId),
          );
        }
      })(),
    async delete(vpc, ctx) {
      for (const subnet of await subnetsOf(ctx, vpc.systemId)) {
        if (!subnet.SubnetId) continue;
        await session.call(ctx, "DeleteSubnet", { SubnetId: subnet.SubnetId }).catch(ignoreNotFound);
        session.subnetZones.forget(subnet.SubnetId);
      }
      await session.call(ctx, "DeleteVpc", { VpcId: vpc.systemId });
    },
    async addSubnet(vpc, subnet, ctx) {
      await createSubnet(ctx, vpc.systemId, subnet, zoneOf(subnet, "subnet"));
      return get(vpc, ctx);
    },
    async removeSubnet(_vpc, subnet, ctx) {
      await session.call(ctx, "DeleteSubnet", { SubnetId: subnet.systemId });
      session.subnetZones.forget(subnet.systemId);
    },
  };
}
