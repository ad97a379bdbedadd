import { ignoreNotFound, sameRule } from "@cloud-barista/core/driver";
import type {
  CallContext,
  IID,
  SecurityGroupHandler,
  SecurityGroupInfo,
  SecurityRule,
} from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";
import { awaitGone } from "../lifecycle.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import type { IbmRule, IbmSecurityGroup } from "./native-types.js";
import { rulePrototype, toRule } from "./security-rules.js";

const toGroupInfo = (g: IbmSecurityGroup): SecurityGroupInfo => ({
  iid: { nameId: g.name ?? "", systemId: g.id ?? "" },
  vpcIID: { nameId: g.vpc?.name ?? "", systemId: g.vpc?.id ?? "" },
  rules: (g.rules ?? []).map(toRule).filter((r): r is SecurityRule => r !== undefined),
});

/**
 * VPC security groups with exactly the requested rules: they go in the create's `rules`, and any
 * rule IBM adds on its own is removed. The VPC's default security group (made with the VPC, not
 * deletable) is listed like any other group.
 */
export function createSecurityGroupHandler(session: IbmSession): SecurityGroupHandler {
  const read = async (ctx: CallContext, group: IID) => {
    const found = await session.call<IbmSecurityGroup>(ctx, "get_security_group", { id: group.systemId });
    if (found.id && found.crn) session.crns.set(found.id, found.crn);
    return found;
  };

  const deleteRule = (ctx: CallContext, groupId: string, rule: IbmRule) =>
    session
      .call(ctx, "delete_security_group_rule", { security_group_id: groupId, id: rule.id ?? "" })
      .catch(ignoreNotFound);

  return {
    async create(request, ctx) {
      const made = await session.call<IbmSecurityGroup>(
        ctx,
        "create_security_group",
        {},
        {
          name: request.name,
          vpc: { id: request.vpcIID.systemId },
          rules: request.rules.map(rulePrototype),
          ...session.resourceGroup(),
        },
      );
      const id = made.id;
      if (!id) throw badAnswer("create_security_group: no id in the answer");
      ctx.created(id);
      if (made.crn) session.crns.set(id, made.crn);
      await tagCreated(session, ctx, made, request.tags, (u) => session.call(u, "delete_security_group", { id }));
      // Each requested rule once; whatever else the group came with goes.
      const left = [...request.rules];
      const kept: IbmRule[] = [];
      for (const rule of made.rules ?? []) {
        const mapped = toRule(rule);
        const at = mapped ? left.findIndex((r) => sameRule(r, mapped)) : -1;
        if (at >= 0) {
          left.splice(at, 1);
          kept.push(rule);
        } else if (rule.id) {
          await ctx.whenVisible([id], () => deleteRule(ctx, id, rule));
        }
      }
      return { ...toGroupInfo({ ...made, rules: kept }), vpcIID: request.vpcIID };
    },
    get: async (group, ctx) => toGroupInfo(await read(ctx, group)),
    list: (ctx) =>
      session.list<IbmSecurityGroup, SecurityGroupInfo>(
        ctx,
        "list_security_groups",
        "security_groups",
        {},
        toGroupInfo,
      ),
    async delete(group, ctx) {
      await session.call(ctx, "delete_security_group", { id: group.systemId });
      await awaitGone(ctx, `security group ${group.systemId}`, "vmControl", async () => {
        const g = await session.call<IbmSecurityGroup & { lifecycle_state?: string }>(ctx, "get_security_group", {
          id: group.systemId,
        });
        return g.lifecycle_state ?? "deleting";
      });
      session.crns.forget(group.systemId);
    },
    async addRules(group, rules, ctx) {
      const current = toGroupInfo(await read(ctx, group));
      for (const rule of rules) {
        if (current.rules.some((r) => sameRule(r, rule))) continue;
        await session.call(
          ctx,
          "create_security_group_rule",
          { security_group_id: group.systemId },
          rulePrototype(rule),
        );
      }
      return toGroupInfo(await read(ctx, group));
    },
    async removeRules(group, rules, ctx) {
      const found = await read(ctx, group);
      for (const rule of found.rules ?? []) {
        const mapped = toRule(rule);
        if (mapped && rules.some((r) => sameRule(r, mapped))) await deleteRule(ctx, group.systemId, rule);
      }
    },
  };
}
