import { sameRule } from "@cloud-barista/core/driver";
import type {
  CallContext,
  IID,
  SecurityGroupHandler,
  SecurityGroupInfo,
  SecurityRule,
} from "@cloud-barista/core/driver";
import type {
  CreateSecurityGroupResponse,
  DescribeSecurityGroupPoliciesResponse,
  DescribeSecurityGroupsResponse,
  SecurityGroup,
  SecurityGroupPolicy,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js";
import { badAnswer } from "../errors.js";
import type { TencentSession } from "../session.js";
import { tagList, tagsOf, withoutKeys } from "../tags.js";
import { normalRule, toPolicy, toSecurityRule } from "./security-rules.js";
import { vpcPaging } from "./vpc.js";

/**
 * The tag that records a security group's VPC: Tencent's security groups belong to no VPC, while
 * the portable model puts each in one.
 */
export const securityGroupVpcTagKey = "cb-vpc-id";

/** Tencent takes up to 100 policies per call. */
const policiesPerCall = 100;

const directions = [
  ["inbound", "Ingress"],
  ["outbound", "Egress"],
] as const;

/**
 * Security groups of the VPC service, which ties them to no VPC: the driver records the VPC it
 * was asked for in a tag (`cb-vpc-id`) and reads it back; a group made elsewhere reads with an
 * empty VPC id. A new group holds no policy (Tencent denies all until told otherwise); the driver
 * adds exactly the requested rules as ACCEPT policies, one CreateSecurityGroupPolicies per
 * direction (Tencent takes one direction per call). A read is DescribeSecurityGroups (name and
 * tags) and DescribeSecurityGroupPolicies (rules of both directions).
 */
export function createSecurityGroupHandler(session: TencentSession): SecurityGroupHandler {
  const addPolicies = async (ctx: CallContext, groupId: string, rules: readonly SecurityRule[]) => {
    for (const [direction, set] of directions) {
      const chosen = rules.filter((r) => r.direction === direction).map(toPolicy);
      for (let i = 0; i < chosen.length; i += policiesPerCall) {
        await session.call(ctx, "CreateSecurityGroupPolicies", {
          SecurityGroupId: groupId,
          SecurityGroupPolicySet: { [set]: chosen.slice(i, i + policiesPerCall) },
        });
      }
    }
  };

  const policiesOf = async (ctx: CallContext, groupId: string) => {
    const answer = await session.call<DescribeSecurityGroupPoliciesResponse>(ctx, "DescribeSecurityGroupPolicies", {
      SecurityGroupId: groupId,
    });
    return answer.SecurityGroupPolicySet ?? {};
  };

  const rulesOf = (set: { Ingress?: SecurityGroupPolicy[]; Egress?: SecurityGroupPolicy[] }): SecurityRule[] =>
    directions.flatMap(([direction, key]) => (set[key] ?? []).flatMap((p) => toSecurityRule(p, direction) ?? []));

  const toInfo = async (ctx: CallContext, g: SecurityGroup): Promise<SecurityGroupInfo> => {
    const all = tagsOf(g.TagSet);
    const vpcId = all?.[securityGroupVpcTagKey] ?? "";
    const tags = withoutKeys(all, [securityGroupVpcTagKey]);
    return {
      iid: { nameId: g.SecurityGroupName, systemId: g.SecurityGroupId },
      vpcIID: { nameId: "", systemId: vpcId },
      rules: rulesOf(await policiesOf(ctx, g.SecurityGroupId)),
      ...(tags ? { tags } : {}),
    };
  };

  const read = (ctx: CallContext, id: string) =>
    session.one<DescribeSecurityGroupsResponse, SecurityGroup>(
      ctx,
      "DescribeSecurityGroups",
      { SecurityGroupIds: [id] },
      (a) => a.SecurityGroupSet?.find((g) => g.SecurityGroupId === id),
      { type: "securityGroup", id },
    );

  const get = async (group: IID, ctx: CallContext) => toInfo(ctx, await read(ctx, group.systemId));

  return {
    async create(request, ctx) {
      return ctx.compensate(async (undo) => {
        const made = await session.call<CreateSecurityGroupResponse>(ctx, "CreateSecurityGroup", {
          GroupName: request.name,
          GroupDescription: request.name,
          ProjectId: String(session.settings.projectId),
          Tags: tagList({ ...request.tags, [securityGroupVpcTagKey]: request.vpcIID.systemId }),
        });
        const id = made.SecurityGroup?.SecurityGroupId;
        if (!id) throw badAnswer("CreateSecurityGroup: no SecurityGroupId in the answer");
        ctx.created(id);
        undo(`delete security group ${id}`, (u) => session.call(u, "DeleteSecurityGroup", { SecurityGroupId: id }));
        await ctx.whenVisible([id], () => addPolicies(ctx, id, request.rules));
        const info: SecurityGroupInfo = {
          iid: { nameId: request.name, systemId: id },
          vpcIID: request.vpcIID,
          rules: request.rules,
          ...(request.tags ? { tags: request.tags } : {}),
        };
        return info;
      });
    },
    get,
    list: (ctx) =>
      (async function* () {
        const groups = session.pages<DescribeSecurityGroupsResponse, SecurityGroup>(
          ctx,
          "DescribeSecurityGroups",
          {},
          (a) => a.SecurityGroupSet,
          vpcPaging(session),
        );
        for await (const g of groups) if (g.SecurityGroupId) yield await toInfo(ctx, g);
      })(),
    async delete(group, ctx) {
      await session.call(ctx, "DeleteSecurityGroup", { SecurityGroupId: group.systemId });
    },
    async addRules(group, rules, ctx) {
      await addPolicies(ctx, group.systemId, rules);
      return get(group, ctx);
    },
    async removeRules(group, rules, ctx) {
      // Policies are removed by index, read just before (a removal renumbers what follows).
      const set = await policiesOf(ctx, group.systemId);
      const wanted = rules.map(normalRule);
      for (const [direction, key] of directions) {
        const indexes = (set[key] ?? []).flatMap((p) => {
          const rule = toSecurityRule(p, direction);
          return rule && p.PolicyIndex !== undefined && wanted.some((w) => sameRule(w, rule)) ? [p.PolicyIndex] : [];
        });
        if (indexes.length === 0) continue;
        await session.call(ctx, "DeleteSecurityGroupPolicies", {
          SecurityGroupId: group.systemId,
          SecurityGroupPolicySet: { [key]: indexes.map((PolicyIndex) => ({ PolicyIndex })) },
        });
      }
    },
  };
}
