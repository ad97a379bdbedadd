import { randomUUID } from "node:crypto";
import { ignoreNotFound } from "@cloud-barista/core/driver";
import type {
  CallContext,
  DriverSubnetRequest,
  IID,
  SubnetInfo,
  VpcHandler,
  VpcInfo,
} from "@cloud-barista/core/driver";
import { badAnswer, invalid, pendingNetwork } from "../errors.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagParams, tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";

interface AlibabaVpc {
  VpcId?: string;
  VpcName?: string;
  CidrBlock?: string;
  Status?: string;
  Tags?: { Tag?: AnsweredTag[] };
}

interface AlibabaVSwitch {
  VSwitchId?: string;
  VSwitchName?: string;
  VpcId?: string;
  ZoneId?: string;
  CidrBlock?: string;
  Status?: string;
  Tags?: { Tag?: AnsweredTag[] };
}

interface VpcsAnswer extends RpcAnswer {
  TotalCount?: number;
  Vpcs?: { Vpc?: AlibabaVpc[] };
}

interface VSwitchesAnswer extends RpcAnswer {
  TotalCount?: number;
  VSwitches?: { VSwitch?: AlibabaVSwitch[] };
}

/** The VPC product pages by at most 50. */
export const vpcPageSizeMax = 50;

const toSubnetInfo = (v: AlibabaVSwitch): SubnetInfo => {
  const tags = tagsOf(v.Tags);
  return {
    iid: { nameId: v.VSwitchName ?? "", systemId: v.VSwitchId ?? "" },
    ...(v.ZoneId ? { zone: v.ZoneId } : {}),
    ...(v.CidrBlock ? { ipv4Cidr: v.CidrBlock } : {}),
    ...(tags ? { tags } : {}),
    ...(v.Status ? { extra: { nativeState: v.Status } } : {}),
  };
};

const toVpcInfo = (v: AlibabaVpc, vswitches: readonly AlibabaVSwitch[]): VpcInfo => {
  const tags = tagsOf(v.Tags);
  return {
    iid: { nameId: v.VpcName ?? "", systemId: v.VpcId ?? "" },
    ...(v.CidrBlock ? { ipv4Cidr: v.CidrBlock } : {}),
    subnets: vswitches.filter((s) => s.VpcId === undefined || s.VpcId === v.VpcId).map(toSubnetInfo),
    ...(tags ? { tags } : {}),
    ...(v.Status ? { extra: { nativeState: v.Status } } : {}),
  };
};

/** Reads one VPC's Status; NotFound when it is gone. */
export async function vpcStatus(session: AlibabaSession, ctx: CallContext, vpcId: string): Promise<string> {
  const vpc = await session.one<VpcsAnswer, AlibabaVpc>(
    ctx,
    "DescribeVpcs",
    { VpcId: vpcId },
    (a) => a.Vpcs?.Vpc?.find((v) => v.VpcId === vpcId),
    { type: "vpc", id: vpcId },
  );
  return vpc.Status ?? "Available";
}

/** Reads one VSwitch's Status; NotFound when it is gone. */
async function vswitchStatus(session: AlibabaSession, ctx: CallContext, vswitchId: string): Promise<string> {
  const vswitch = await session.one<VSwitchesAnswer, AlibabaVSwitch>(
    ctx,
    "DescribeVSwitches",
    { VSwitchId: vswitchId },
    (a) => a.VSwitches?.VSwitch?.find((v) => v.VSwitchId === vswitchId),
    { type: "subnet", id: vswitchId },
  );
  return vswitch.Status ?? "Available";
}

/**
 * Runs an action that needs a VPC or VSwitch to be Available; when Alibaba refuses it because the
 * network is still being made (IncorrectVpcStatus, IncorrectVSwitchStatus), waits through the
 * runtime's waiter for it to be Available and runs it again (with the same ClientToken), instead
 * of failing.
 */
export async function onAvailableNetwork<T>(
  session: AlibabaSession,
  ctx: CallContext,
  network: { vpcId?: string | undefined; vswitchId?: string | undefined },
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const pending = pendingNetwork(error);
    const id = pending === "vpc" ? network.vpcId : pending === "vswitch" ? network.vswitchId : undefined;
    if (!pending || !id) throw error;
    await ctx.waitUntil({
      description: `${pending === "vpc" ? "VPC" : "VSwitch"} ${id} to be Available`,
      deadline: "vmControl",
      read: () => (pending === "vpc" ? vpcStatus(session, ctx, id) : vswitchStatus(session, ctx, id)),
      accept: (status) => (status === "Available" ? "success" : "retry"),
    });
    return action();
  }
}

/**
 * VPCs with their zonal VSwitches (VPC 2016-04-28). Each VSwitch lives in one zone: the subnet's
 * zone, else the connection's. Creates carry a ClientToken; acting on a VPC that is still Pending
 * waits for it (`onAvailableNetwork`).
 */
export function createVpcHandler(session: AlibabaSession): VpcHandler {
  const pageSize = Math.min(session.settings.pageSize, vpcPageSizeMax);

  const vswitchesOf = async (ctx: CallContext, vpcId?: string) => {
    const out: AlibabaVSwitch[] = [];
    const pages = session.pages<VSwitchesAnswer, AlibabaVSwitch>(
      ctx,
      "DescribeVSwitches",
      { VpcId: vpcId },
      (a) => a.VSwitches?.VSwitch,
      pageSize,
    );
    for await (const v of pages) out.push(v);
    return out;
  };

  const zoneOf = (subnet: DriverSubnetRequest, field: string): string => {
    const zone = subnet.zone ?? session.settings.zone;
    if (!zone) throw invalid(`${field}.zone`, "required", "an Alibaba VSwitch needs a zone (or a connection zone)");
    return zone;
  };

  const createVSwitch = async (ctx: CallContext, vpcId: string, subnet: DriverSubnetRequest, zone: string) => {
    const params = {
      VpcId: vpcId,
      ZoneId: zone,
      CidrBlock: subnet.ipv4Cidr,
      VSwitchName: subnet.name,
      ...tagParams(subnet.tags),
    };
    const token = randomUUID();
    const answer = await onAvailableNetwork(session, ctx, { vpcId }, () =>
      session.create<RpcAnswer & { VSwitchId?: string }>(ctx, "CreateVSwitch", params, token),
    );
    const id = answer.VSwitchId;
    if (!id) throw badAnswer("CreateVSwitch: no VSwitchId in the answer");
    session.vswitchZones.set(id, zone);
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
    const found = await session.one<VpcsAnswer, AlibabaVpc>(
      ctx,
      "DescribeVpcs",
      { VpcId: vpc.systemId },
      (a) => a.Vpcs?.Vpc?.find((v) => v.VpcId === vpc.systemId),
      { type: "vpc", id: vpc.systemId },
    );
    return toVpcInfo(found, await vswitchesOf(ctx, vpc.systemId));
  };

  return {
    async create(request, ctx) {
      if (!request.ipv4Cidr) throw invalid("ipv4Cidr", "required", "an Alibaba VPC needs a CIDR block");
      const zones = request.subnets.map((s, i) => zoneOf(s, `subnets[${i}]`));
      return ctx.compensate(async (undo) => {
        const made = await session.create<RpcAnswer & { VpcId?: string }>(ctx, "CreateVpc", {
          CidrBlock: request.ipv4Cidr,
          VpcName: request.name,
          ...tagParams(request.tags),
        });
        const vpcId = made.VpcId;
        if (!vpcId) throw badAnswer("CreateVpc: no VpcId in the answer");
        ctx.created(vpcId);
        undo(`delete VPC ${vpcId}`, (u) => session.call(u, "DeleteVpc", { VpcId: vpcId }));
        const subnets: SubnetInfo[] = [];
        for (const [i, subnet] of request.subnets.entries()) {
          const info = await createVSwitch(ctx, vpcId, subnet, zones[i] ?? "");
          undo(`delete VSwitch ${info.iid.systemId}`, (u) =>
            session.call(u, "DeleteVSwitch", { VSwitchId: info.iid.systemId }),
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
        const vswitches = await vswitchesOf(ctx);
        const vpcs = session.pages<VpcsAnswer, AlibabaVpc>(ctx, "DescribeVpcs", {}, (a) => a.Vpcs?.Vpc, pageSize);
        for await (const vpc of vpcs) {
          yield toVpcInfo(
            vpc,
            vswitches.filter((s) => s.VpcId === vpc.VpcId),
          );
        }
      })(),
    async delete(vpc, ctx) {
      for (const vswitch of await vswitchesOf(ctx, vpc.systemId)) {
        if (!vswitch.VSwitchId) continue;
        await session.call(ctx, "DeleteVSwitch", { VSwitchId: vswitch.VSwitchId }).catch(ignoreNotFound);
      }
      await session.call(ctx, "DeleteVpc", { VpcId: vpc.systemId });
    },
    async addSubnet(vpc, subnet, ctx) {
      await createVSwitch(ctx, vpc.systemId, subnet, zoneOf(subnet, "subnet"));
      return get(vpc, ctx);
    },
    async removeSubnet(_vpc, subnet, ctx) {
      await session.call(ctx, "DeleteVSwitch", { VSwitchId: subnet.systemId });
      session.vswitchZones.forget(subnet.systemId);
    },
  };
}
