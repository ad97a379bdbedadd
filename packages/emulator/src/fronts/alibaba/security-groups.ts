import { createHash } from "node:crypto";
import { isWorldError } from "../../world/errors.js";
import type { IpProtocol, SecurityGroup, SecurityGroupRule, TrafficDirection } from "../../world/types.js";
import type { ActionContext, ActionRegistration } from "./actions.js";
import { AlibabaError, invalidParameter, missingParameter } from "./errors.js";
import { idempotent } from "./idempotency.js";
import { descriptionParam, nameParam } from "./names.js";
import { numberedPage, tokenPage } from "./paging.js";
import { ecs } from "./products.js";
import { isoTime, tagSet } from "./render.js";

const protocols: Readonly<Record<string, IpProtocol>> = { tcp: "tcp", udp: "udp", icmp: "icmp", all: "all" };

/** One rule as the request gives it: top-level parameters, or one `Permissions.N` entry. */
function ruleOf(
  fields: (name: string) => string | undefined,
  direction: TrafficDirection,
  at: string,
): SecurityGroupRule {
  const protocolText = fields("IpProtocol");
  if (protocolText === undefined) throw missingParameter(`${at}IpProtocol`);
  const protocol = protocols[protocolText.toLowerCase()];
  if (!protocol)
    throw invalidParameter(
      `${at}IpProtocol`,
      `"${protocolText}" is not tcp, udp, icmp or all.`,
      "InvalidIpProtocol.Malformed",
    );
  const portText = fields("PortRange");
  if (portText === undefined) throw missingParameter(`${at}PortRange`);
  const m = /^(-?\d+)\/(-?\d+)$/.exec(portText);
  const from = Number(m?.[1]);
  const to = Number(m?.[2]);
  const portless = protocol === "icmp" || protocol === "all";
  const valid = m && (portless ? from === -1 && to === -1 : from >= 1 && to <= 65535 && from <= to);
  if (!valid) {
    throw invalidParameter(
      `${at}PortRange`,
      portless ? `"${portText}" must be -1/-1 for ${protocol}.` : `"${portText}" must be from/to within 1/65535.`,
      "InvalidPortRange.Malformed",
    );
  }
  const cidr = fields(direction === "ingress" ? "SourceCidrIp" : "DestCidrIp");
  if (cidr === undefined) {
    if (fields(direction === "ingress" ? "SourceGroupId" : "DestGroupId") !== undefined) {
      throw new AlibabaError(
        "InvalidParameter.NotSupported",
        "The emulator takes CIDR rules only, not group references.",
      );
    }
    throw missingParameter(`${at}${direction === "ingress" ? "SourceCidrIp" : "DestCidrIp"}`);
  }
  const policy = (fields("Policy") ?? "accept").toLowerCase();
  if (policy !== "accept" && policy !== "drop")
    throw invalidParameter(`${at}Policy`, `"${policy}" is not accept or drop.`);
  const priorityText = fields("Priority") ?? "1";
  const priority = Number(priorityText);
  if (!/^\d+$/.test(priorityText) || priority < 1 || priority > 100) {
    throw invalidParameter(`${at}Priority`, "It must be between 1 and 100.", "InvalidPriority.Malformed");
  }
  return {
    direction,
    protocol,
    ...(portless ? {} : { portRange: { from, to } }),
    cidr,
    priority,
    action: policy === "accept" ? "allow" : "deny",
  };
}

/** The rules of an Authorize/Revoke request: `Permissions.N.*`, or the top-level form. */
function rulesOf(c: ActionContext, direction: TrafficDirection): SecurityGroupRule[] {
  const permissions = c.params.structs("Permissions");
  if (permissions.length > 100) throw invalidParameter("Permissions", "At most 100 rules are allowed in one call.");
  if (permissions.length > 0) {
    return permissions.map((fields, i) =>
      ruleOf((name) => fields[name] || undefined, direction, `Permissions.${i + 1}.`),
    );
  }
  return [ruleOf((name) => c.params.string(name), direction, "")];
}

function sameRule(a: SecurityGroupRule, b: SecurityGroupRule, withPriority: boolean): boolean {
  return (
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.cidr === b.cidr &&
    (a.action ?? "allow") === (b.action ?? "allow") &&
    (a.portRange?.from ?? -1) === (b.portRange?.from ?? -1) &&
    (a.portRange?.to ?? -1) === (b.portRange?.to ?? -1) &&
    (!withPriority || (a.priority ?? 1) === (b.priority ?? 1))
  );
}

/** A stable id for a rule, as ECS names rules "sgr-...". */
function ruleId(groupId: string, rule: SecurityGroupRule): string {
  const text = `${groupId}|${rule.direction}|${rule.protocol}|${rule.portRange?.from ?? -1}/${rule.portRange?.to ?? -1}|${rule.cidr}|${rule.action ?? "allow"}|${rule.priority ?? 1}`;
  return `sgr-${createHash("sha256").update(text).digest("hex").slice(0, 20)}`;
}

function renderRule(group: SecurityGroup, rule: SecurityGroupRule): Record<string, unknown> {
  const ingress = rule.direction === "ingress";
  return {
    SecurityGroupRuleId: ruleId(group.id, rule),
    Direction: rule.direction,
    IpProtocol: rule.protocol.toUpperCase(),
    PortRange: rule.portRange ? `${rule.portRange.from}/${rule.portRange.to}` : "-1/-1",
    SourceCidrIp: ingress ? rule.cidr : "",
    DestCidrIp: ingress ? "" : rule.cidr,
    SourceGroupId: "",
    DestGroupId: "",
    SourcePortRange: "",
    Ipv6SourceCidrIp: "",
    Ipv6DestCidrIp: "",
    Policy: rule.action === "deny" ? "Drop" : "Accept",
    Priority: rule.priority ?? 1,
    NicType: "intranet",
    Description: "",
    CreateTime: isoTime(group.createdAt),
  };
}

const createSecurityGroup: ActionRegistration = {
  product: ecs,
  action: "CreateSecurityGroup",
  handler: async (c) => {
    const vpcId = c.params.string("VpcId");
    if (vpcId === undefined) throw missingParameter("VpcId");
    const type = c.params.oneOf("SecurityGroupType", ["normal", "enterprise"]) ?? "normal";
    if (type !== "normal")
      throw new AlibabaError("InvalidParameter.NotSupported", "The emulator makes normal security groups only.");
    const name = nameParam(c.params, "SecurityGroupName");
    const description = descriptionParam(c.params);
    const tags = c.params.tags();
    return idempotent(c, (cloud) => {
      const group = cloud.securityGroups.create({
        vpcId,
        name: name ?? "unnamed",
        description: description ?? "",
        tags,
      });
      if (name === undefined) c.state.unnamed.add(group.id);
      return { SecurityGroupId: group.id };
    });
  },
};

function authorize(action: string, direction: TrafficDirection): ActionRegistration {
  return {
    product: ecs,
    action,
    handler: async (c) => {
      const id = c.params.required("SecurityGroupId");
      const rules = rulesOf(c, direction);
      return c.call((cloud) => {
        const group = cloud.securityGroups.get(id);
        // A rule already present (at the same priority) is kept as it is: the call succeeds.
        const fresh = rules.filter(
          (rule, i) =>
            !group.rules.some((kept) => sameRule(kept, rule, true)) &&
            rules.findIndex((other) => sameRule(other, rule, true)) === i,
        );
        try {
          if (fresh.length > 0) cloud.securityGroups.addRules(id, fresh);
        } catch (error) {
          if (isWorldError(error, "QuotaExceeded")) {
            throw new AlibabaError(
              "QuotaExceed.SecurityGroupRule",
              "The maximum number of rules in the security group is reached.",
              403,
            );
          }
          throw error;
        }
        return {};
      });
    },
  };
}

function revoke(action: string, direction: TrafficDirection): ActionRegistration {
  return {
    product: ecs,
    action,
    handler: async (c) => {
      const id = c.params.required("SecurityGroupId");
      const ids = c.params.list("SecurityGroupRuleId");
      const rules = ids.length > 0 ? [] : rulesOf(c, direction);
      const priorityGiven =
        c.params.string("Priority") !== undefined || c.params.structs("Permissions").some((p) => p["Priority"]);
      return c.call((cloud) => {
        const group = cloud.securityGroups.get(id);
        const doomed = group.rules.filter(
          (kept) =>
            kept.direction === direction &&
            (ids.length > 0
              ? ids.includes(ruleId(id, kept))
              : rules.some((rule) => sameRule(kept, rule, priorityGiven))),
        );
        if (ids.length > 0 && doomed.length < ids.length) {
          throw new AlibabaError(
            "InvalidSecurityGroupRuleId.NotFound",
            "The specified security group rule does not exist.",
            404,
          );
        }
        // Revoking a rule that is not there succeeds and changes nothing.
        if (doomed.length > 0) cloud.securityGroups.removeRules(id, doomed);
        return {};
      });
    },
  };
}

const describeSecurityGroupAttribute: ActionRegistration = {
  product: ecs,
  action: "DescribeSecurityGroupAttribute",
  handler: async (c) => {
    const id = c.params.required("SecurityGroupId");
    const direction = c.params.oneOf("Direction", ["ingress", "egress", "all"]) ?? "all";
    return c.call((cloud) => {
      const group = cloud.securityGroups.get(id);
      return {
        RegionId: c.region,
        SecurityGroupId: group.id,
        SecurityGroupName: c.state.nameOf(group),
        Description: group.description,
        VpcId: group.vpc.id,
        InnerAccessPolicy: "Accept",
        Permissions: {
          Permission: group.rules
            .filter((r) => direction === "all" || r.direction === direction)
            .map((r) => renderRule(group, r)),
        },
      };
    });
  },
};

const describeSecurityGroups: ActionRegistration = {
  product: ecs,
  action: "DescribeSecurityGroups",
  handler: async (c) => {
    const vpcId = c.params.string("VpcId");
    const ids = c.params.jsonArray("SecurityGroupIds") ?? c.params.string("SecurityGroupId")?.split(",");
    const name = c.params.string("SecurityGroupName");
    const tags = c.params.tags();
    const where = (g: SecurityGroup) =>
      (vpcId === undefined || g.vpc.id === vpcId) &&
      (ids === undefined || ids.includes(g.id)) &&
      (name === undefined || c.state.nameOf(g) === name) &&
      Object.entries(tags).every(([k, v]) => g.tags[k] === v);
    const tokenMode = c.params.string("NextToken") !== undefined || c.params.string("MaxResults") !== undefined;
    return c.call((cloud) => {
      const vms = cloud.vms.list().items.filter((vm) => vm.state !== "terminated");
      // NextToken/MaxResults when asked for, else PageNumber/PageSize.
      const page = tokenMode
        ? (() => {
            const t = tokenPage((o) => cloud.securityGroups.list(o), c.params, c.pages, where, { max: 100 });
            return { items: t.items, fields: { NextToken: t.nextToken } };
          })()
        : numberedPage(cloud.securityGroups.list().items.filter(where), c.params, c.pages, { max: 50 });
      return {
        RegionId: c.region,
        ...page.fields,
        SecurityGroups: {
          SecurityGroup: page.items.map((g) => {
            const members = vms.filter((vm) => vm.securityGroups.some((s) => s.id === g.id)).length;
            return {
              SecurityGroupId: g.id,
              SecurityGroupName: c.state.nameOf(g),
              Description: g.description,
              VpcId: g.vpc.id,
              SecurityGroupType: "normal",
              CreationTime: isoTime(g.createdAt),
              EcsCount: members,
              AvailableInstanceAmount: 2000 - members,
              RuleCount: g.rules.length,
              GroupToGroupRuleCount: 0,
              ServiceManaged: false,
              ResourceGroupId: "",
              Tags: tagSet(g.tags),
            };
          }),
        },
      };
    });
  },
};

const deleteSecurityGroup: ActionRegistration = {
  product: ecs,
  action: "DeleteSecurityGroup",
  handler: async (c) => {
    const id = c.params.required("SecurityGroupId");
    return c.call((cloud) => {
      try {
        cloud.securityGroups.delete(id);
      } catch (error) {
        if (isWorldError(error, "DependencyViolation")) {
          throw new AlibabaError(
            "DependencyViolation",
            "There is still instance(s) in the specified security group.",
            403,
          );
        }
        throw error;
      }
      return {};
    });
  },
};

export const securityGroupActions: readonly ActionRegistration[] = [
  createSecurityGroup,
  authorize("AuthorizeSecurityGroup", "ingress"),
  authorize("AuthorizeSecurityGroupEgress", "egress"),
  revoke("RevokeSecurityGroup", "ingress"),
  revoke("RevokeSecurityGroupEgress", "egress"),
  describeSecurityGroupAttribute,
  describeSecurityGroups,
  deleteSecurityGroup,
];
