import type {
  CallContext,
  IID,
  SecurityGroupHandler,
  SecurityGroupInfo,
  SecurityRule,
} from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { tagParams, tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";
import { toPermission, toSecurityRule } from "./security-rules.js";
import type { Permission } from "./security-rules.js";

interface AttributeAnswer extends RpcAnswer {
  SecurityGroupId?: string;
  SecurityGroupName?: string;
  VpcId?: string;
  Permissions?: { Permission?: Permission[] };
}

interface GroupsAnswer extends RpcAnswer {
  TotalCount?: number;
  SecurityGroups?: {
    SecurityGroup?: {
      SecurityGroupId?: string;
      SecurityGroupName?: string;
      VpcId?: string;
      Tags?: { Tag?: AnsweredTag[] };
    }[];
  };
}

/** DescribeSecurityGroups pages by at most 50. */
const securityGroupPageSizeMax = 50;

/** Alibaba takes up to 100 rules per Authorize call. */
const rulesPerCall = 100;

/**
 * Security groups of type "normal" in a VPC (ECS). A new group holds exactly the requested rules:
 * ingress by AuthorizeSecurityGroup, egress by AuthorizeSecurityGroupEgress, each `Permissions.N`
 * at priority 1 with policy accept ("22/22" ports, "-1/-1" for ICMP and ALL). A read is
 * DescribeSecurityGroupAttribute (rules of both directions in one call).
 */
export function createSecurityGroupHandler(session: AlibabaSession): SecurityGroupHandler {
  const authorize = async (ctx: CallContext, groupId: string, rules: readonly SecurityRule[]) => {
    for (const direction of ["inbound", "outbound"] as const) {
      const chosen = rules.filter((r) => r.direction === direction).map(toPermission);
      for (let i = 0; i < chosen.length; i += rulesPerCall) {
        await session.create(ctx, direction === "inbound" ? "AuthorizeSecurityGroup" : "AuthorizeSecurityGroupEgress", {
          SecurityGroupId: groupId,
          Permissions: chosen.slice(i, i + rulesPerCall),
        });
      }
    }
  };

  const get = async (group: IID, ctx: CallContext, tags?: SecurityGroupInfo["tags"]): Promise<SecurityGroupInfo> => {
    const answer = await session.call<AttributeAnswer>(ctx, "DescribeSecurityGroupAttribute", {
      SecurityGroupId: group.systemId,
      Direction: "all",
    });
    const rules = (answer.Permissions?.Permission ?? []).flatMap((p) => toSecurityRule(p) ?? []);
    const vpcId = answer.VpcId ?? "";
    return {
      iid: { nameId: answer.SecurityGroupName ?? group.nameId, systemId: answer.SecurityGroupId ?? group.systemId },
      vpcIID: { nameId: "", systemId: vpcId },
      rules,
      ...(tags ? { tags } : {}),
    };
  };

  return {
    async create(request, ctx) {
      return ctx.compensate(async (undo) => {
        const made = await session.create<RpcAnswer & { SecurityGroupId?: string }>(ctx, "CreateSecurityGroup", {
          VpcId: request.vpcIID.systemId,
          SecurityGroupName: request.name,
          SecurityGroupType: "normal",
          ...tagParams(request.tags),
        });
        const id = made.SecurityGroupId;
        if (!id) throw badAnswer("CreateSecurityGroup: no SecurityGroupId in the answer");
        ctx.created(id);
        undo(`delete security group ${id}`, (u) => session.call(u, "DeleteSecurityGroup", { SecurityGroupId: id }));
        await ctx.whenVisible([id], () => authorize(ctx, id, request.rules));
        const info: SecurityGroupInfo = {
          iid: { nameId: request.name, systemId: id },
          vpcIID: request.vpcIID,
          rules: request.rules,
          ...(request.tags ? { tags: request.tags } : {}),
        };
        return info;
      });
    },
    get: (group, ctx) => get(group, ctx),
    list: (ctx) =>
      (async function* () {
        const groups = session.pages<
          GroupsAnswer,
          NonNullable<NonNullable<GroupsAnswer["SecurityGroups"]>["SecurityGroup"]>[number]
        >(
          ctx,
          "DescribeSecurityGroups",
          {},
          (a) => a.SecurityGroups?.SecurityGroup,
          Math.min(session.settings.pageSize, securityGroupPageSizeMax),
        );
        for await (const g of groups) {
          if (!g.SecurityGroupId) continue;
          yield await get({ nameId: g.SecurityGroupName ?? "", systemId: g.SecurityGroupId }, ctx, tagsOf(g.Tags));
        }
      })(),
    async delete(group, ctx) {
      await session.call(ctx, "DeleteSecurityGroup", { SecurityGroupId: group.systemId });
    },
    async addRules(group, rules, ctx) {
      await authorize(ctx, group.systemId, rules);
      return get(group, ctx);
    },
    async removeRules(group, rules, ctx) {
      for (const direction of ["inbound", "outbound"] as const) {
        const chosen = rules.filter((r) => r.direction === direction).map(toPermission);
        for (let i = 0; i < chosen.length; i += rulesPerCall) {
          await session.call(ctx, direction === "inbound" ? "RevokeSecurityGroup" : "RevokeSecurityGroupEgress", {
            SecurityGroupId: group.systemId,
            Permissions: chosen.slice(i, i + rulesPerCall),
          });
        }
      }
    },
  };
}
