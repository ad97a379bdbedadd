import type { SecurityGroupHandler, SecurityGroupInfo } from "@cloud-barista/core/driver";
import type { SecurityGroup } from "@cloud-barista/emulator";
import { idOf, iidOf } from "../session.js";
import type { MockSession } from "../session.js";
import { fromWorldRule, toWorldRule } from "../vocabulary.js";

export function createSecurityGroupHandler(session: MockSession): SecurityGroupHandler {
  return {
    async create(request, ctx) {
      const sg = await session.call(ctx, "CreateSecurityGroup", (cloud) =>
        cloud.securityGroups.create({
          name: request.name,
          vpcId: idOf(request.vpcIID),
          rules: request.rules.map(toWorldRule),
          tags: request.tags,
        }),
      );
      return toSecurityGroupInfo(sg);
    },

    async get(sg, ctx) {
      const found = await session.call(ctx, "DescribeSecurityGroups", (cloud) => cloud.securityGroups.get(idOf(sg)));
      return toSecurityGroupInfo(found);
    },

    list: (ctx) =>
      session.list(
        ctx,
        "DescribeSecurityGroups",
        (cloud, page) => cloud.securityGroups.list(page),
        toSecurityGroupInfo,
      ),

    async delete(sg, ctx) {
      await session.call(ctx, "DeleteSecurityGroup", (cloud) => cloud.securityGroups.delete(idOf(sg)));
    },

    async addRules(sg, rules, ctx) {
      const updated = await session.call(ctx, "AuthorizeSecurityGroupRules", (cloud) =>
        cloud.securityGroups.addRules(idOf(sg), rules.map(toWorldRule)),
      );
      return toSecurityGroupInfo(updated);
    },

    async removeRules(sg, rules, ctx) {
      await session.call(ctx, "RevokeSecurityGroupRules", (cloud) =>
        cloud.securityGroups.removeRules(idOf(sg), rules.map(toWorldRule)),
      );
    },
  };
}

function toSecurityGroupInfo(sg: SecurityGroup): SecurityGroupInfo {
  return {
    iid: { nameId: sg.name, systemId: sg.id },
    vpcIID: iidOf(sg.vpc),
    rules: sg.rules.map(fromWorldRule),
    tags: sg.tags,
  };
}
