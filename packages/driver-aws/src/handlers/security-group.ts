import type { CallContext, SecurityGroupHandler, SecurityGroupInfo, SecurityRule } from "@cloud-barista/core";
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import type { SecurityGroup } from "@aws-sdk/client-ec2";
import { awsNotFound } from "../not-found.js";
import type { AwsSession } from "../session.js";
import { tagSpecifications, userTagsOf } from "../tags.js";
import { defaultEgressRule, fromPermissions, sameRule, toPermissions } from "./security-rules.js";

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

/**
 * Security groups. AWS gives every new group an allow-all egress rule; the driver revokes it
 * unless it was asked for, so a group holds exactly the requested rules (as on other clouds).
 */
export function createSecurityGroupHandler(session: AwsSession): SecurityGroupHandler {
  const authorize = async (ctx: CallContext, groupId: string, rules: readonly SecurityRule[]) => {
    const inbound = rules.filter((r) => r.direction === "inbound");
    const outbound = rules.filter((r) => r.direction === "outbound");
    if (inbound.length > 0) {
      await session.whenVisible(ctx, [groupId], () =>
        session.ec2(ctx, "AuthorizeSecurityGroupIngress", (c, abortSignal) =>
          c.send(
            new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: toPermissions(inbound) }),
            { abortSignal },
          ),
        ),
      );
    }
    if (outbound.length > 0) {
      await session.whenVisible(ctx, [groupId], () =>
        session.ec2(ctx, "AuthorizeSecurityGroupEgress", (c, abortSignal) =>
          c.send(
            new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: toPermissions(outbound) }),
            { abortSignal },
          ),
        ),
      );
    }
  };

  const revoke = async (ctx: CallContext, groupId: string, rules: readonly SecurityRule[]) => {
    const inbound = rules.filter((r) => r.direction === "inbound");
    const outbound = rules.filter((r) => r.direction === "outbound");
    if (inbound.length > 0) {
      await session.whenVisible(ctx, [groupId], () =>
        session.ec2(ctx, "RevokeSecurityGroupIngress", (c, abortSignal) =>
          c.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: toPermissions(inbound) }), {
            abortSignal,
          }),
        ),
      );
    }
    if (outbound.length > 0) {
      await session.whenVisible(ctx, [groupId], () =>
        session.ec2(ctx, "RevokeSecurityGroupEgress", (c, abortSignal) =>
          c.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: toPermissions(outbound) }), {
            abortSignal,
          }),
        ),
      );
    }
  };

  const describe = async (ctx: CallContext, id: string): Promise<SecurityGroup> => {
    const found = await session.whenVisible(ctx, [id], () =>
      session.ec2(
        ctx,
        "DescribeSecurityGroups",
        (c, abortSignal) => c.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }), { abortSignal }),
        {
          idempotent: true,
        },
      ),
    );
    const group = found.SecurityGroups?.[0];
    if (!group) throw awsNotFound("securityGroup", id);
    return group;
  };

  const remove = (ctx: CallContext, id: string) =>
    session.ec2(
      ctx,
      "DeleteSecurityGroup",
      (c, abortSignal) => c.send(new DeleteSecurityGroupCommand({ GroupId: id }), { abortSignal }),
      {
        idempotent: true,
      },
    );

  return {
    async create(request, ctx) {
      const created = await session.ec2(ctx, "CreateSecurityGroup", (c, abortSignal) =>
        c.send(
          new CreateSecurityGroupCommand({
            GroupName: request.name,
            Description: request.name,
            VpcId: request.vpcIID.systemId,
            TagSpecifications: tagSpecifications("security-group", request.name, request.tags),
          }),
          { abortSignal },
        ),
      );
      const groupId = created.GroupId ?? "";
      session.created(ctx, groupId);
      const keepDefault = request.rules.some((r) => sameRule(r, defaultEgressRule));
      try {
        if (!keepDefault) await revoke(ctx, groupId, [defaultEgressRule]);
        await authorize(
          ctx,
          groupId,
          request.rules.filter((r) => !(keepDefault && sameRule(r, defaultEgressRule))),
        );
      } catch (error) {
        // A group without the requested rules must not stay behind.
        await remove(ctx, groupId).catch(() => undefined);
        throw error;
      }
      return {
        iid: { nameId: request.name, systemId: groupId },
        vpcIID: request.vpcIID,
        rules: request.rules.map((r) => ({ ...r })),
        tags: { ...request.tags },
        extra: { description: request.name },
      };
    },

    async get(group, ctx) {
      return toInfo(await describe(ctx, group.systemId));
    },

    list: (ctx) =>
      session.pages(async (token) => {
        const page = await session.ec2(
          ctx,
          "DescribeSecurityGroups",
          (c, abortSignal) =>
            c.send(new DescribeSecurityGroupsCommand({ MaxResults: session.settings.pageSize, NextToken: token }), {
              abortSignal,
            }),
          { idempotent: true },
        );
        return { items: (page.SecurityGroups ?? []).map(toInfo), nextToken: page.NextToken };
      }),

    async delete(group, ctx) {
      await remove(ctx, group.systemId);
    },

    async addRules(group, rules, ctx) {
      await authorize(ctx, group.systemId, rules);
      return toInfo(await describe(ctx, group.systemId));
    },

    async removeRules(group, rules, ctx) {
      await revoke(ctx, group.systemId, rules);
    },
  };
}
