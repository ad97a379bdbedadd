import { sameRule } from "@cloud-barista/core/driver";
import type { CallContext, SecurityGroupHandler, SecurityGroupInfo, SecurityRule } from "@cloud-barista/core/driver";
import type { SecurityGroup } from "@aws-sdk/client-ec2";
import { notFound } from "../errors.js";
import type { AwsSession } from "../session.js";
import { tagSpecifications, userTagsOf } from "../tags.js";
import { defaultEgressRule, fromPermissions, toPermissions } from "./security-rules.js";

function toInfo(group: SecurityGroup): SecurityGroupInfo {
  return {
    iid: { nameId: group.GroupName ?? "", systemId: group.GroupId ?? "" },
    vpcIID: { nameId: group.VpcId ?? "", systemId: group.VpcId ?? "" },
    rules: [
      ...fromPermissions(group.IpPermissions, "inbound"),
      ...fromPermissions(group.IpPermissionsEgress, "outbound"),
    ],
    tags: userTagsOf(group.Tags),
    extra: { description: group.Description ?? "", ownerId: group.OwnerId ?? "" },
  };
}

const authorize = { inbound: "AuthorizeSecurityGroupIngress", outbound: "AuthorizeSecurityGroupEgress" } as const;
const revoke = { inbound: "RevokeSecurityGroupIngress", outbound: "RevokeSecurityGroupEgress" } as const;

/**
 * Security groups. AWS gives every new group an allow-all egress rule; the driver revokes it
 * unless it was asked for, so a group holds exactly the requested rules (as on other clouds).
 */
export function createSecurityGroupHandler(aws: AwsSession): SecurityGroupHandler {
  /** One Authorize or Revoke call per direction that has rules. */
  const change = async (
    ctx: CallContext,
    apis: typeof authorize | typeof revoke,
    groupId: string,
    rules: readonly SecurityRule[],
  ) => {
    for (const direction of ["inbound", "outbound"] as const) {
      const mine = rules.filter((r) => r.direction === direction);
      if (mine.length === 0) continue;
      const input = { GroupId: groupId, IpPermissions: toPermissions(mine) };
      await ctx.whenVisible([groupId], () => aws.ec2(ctx, apis[direction], input));
    }
  };

  const describe = async (ctx: CallContext, id: string): Promise<SecurityGroup> => {
    const group = (await aws.ec2(ctx, "DescribeSecurityGroups", { GroupIds: [id] })).SecurityGroups?.[0];
    if (!group) throw notFound("securityGroup", id);
    return group;
  };

  return {
    create: (request, ctx) =>
      ctx.compensate(async (undo) => {
        const created = await aws.ec2(ctx, "CreateSecurityGroup", {
          GroupName: request.name,
          Description: request.name,
          VpcId: request.vpcIID.systemId,
          TagSpecifications: tagSpecifications("security-group", request.name, request.tags),
        });
        const groupId = created.GroupId ?? "";
        ctx.created(groupId);
        // A group without the requested rules must not stay behind.
        undo(`delete security group ${groupId}`, (u) => aws.ec2(u, "DeleteSecurityGroup", { GroupId: groupId }));
        const keepDefault = request.rules.some((r) => sameRule(r, defaultEgressRule));
        if (!keepDefault) await change(ctx, revoke, groupId, [defaultEgressRule]);
        await change(
          ctx,
          authorize,
          groupId,
          keepDefault ? request.rules.filter((r) => !sameRule(r, defaultEgressRule)) : request.rules,
        );
        return {
          iid: { nameId: request.name, systemId: groupId },
          vpcIID: request.vpcIID,
          rules: request.rules.map((r) => ({ ...r })),
          tags: { ...request.tags },
          extra: { description: request.name },
        };
      }),

    get: async (group, ctx) => toInfo(await describe(ctx, group.systemId)),

    list: (ctx) =>
      aws.pages(
        (NextToken) => aws.ec2(ctx, "DescribeSecurityGroups", { MaxResults: aws.settings.pageSize, NextToken }),
        (page) => page.SecurityGroups?.map(toInfo),
      ),

    async delete(group, ctx) {
      await aws.ec2(ctx, "DeleteSecurityGroup", { GroupId: group.systemId });
    },

    async addRules(group, rules, ctx) {
      await change(ctx, authorize, group.systemId, rules);
      return toInfo(await describe(ctx, group.systemId));
    },

    async removeRules(group, rules, ctx) {
      await change(ctx, revoke, group.systemId, rules);
    },
  };
}
