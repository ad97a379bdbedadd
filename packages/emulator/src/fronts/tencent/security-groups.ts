import type { SecurityGroup, SecurityGroupRule, TrafficDirection } from "../../world/types.js";
import type { ActionRegistration } from "./actions.js";
import { TencentError, invalidValue, missingParameter } from "./errors.js";
import { filtersOf, offsetPage, passes } from "./paging.js";
import type { Params } from "./params.js";
import { plainTime, tagFiltersPass, tagList, tagsParam, withTagFilters } from "./render.js";
import { vpc } from "./services.js";

// Tencent's security groups belong to the account, not to a VPC (the world's catalog says
// accountSecurityGroups). Policies are ordered per direction: PolicyIndex is the position, kept
// in the world as each rule's priority; PolicyDescription is kept as the rule's name.

function renderGroup(group: SecurityGroup, projectId: string): Record<string, unknown> {
  return {
    SecurityGroupId: group.id,
    SecurityGroupName: group.name,
    SecurityGroupDesc: group.description,
    ProjectId: projectId,
    IsDefault: group.isDefault === true,
    CreatedTime: plainTime(group.createdAt),
    UpdateTime: plainTime(group.createdAt),
    TagSet: tagList(group.tags),
  };
}

function portText(rule: SecurityGroupRule): string {
  if (!rule.portRange) return "ALL";
  const { from, to } = rule.portRange;
  if (from === 0 && to === 65535) return "ALL";
  return from === to ? String(from) : `${from}-${to}`;
}

function renderPolicy(rule: SecurityGroupRule, index: number, groupId: string): Record<string, unknown> {
  return {
    PolicyIndex: index,
    Protocol: rule.protocol.toUpperCase(),
    Port: portText(rule),
    CidrBlock: rule.cidr,
    Ipv6CidrBlock: "",
    SecurityGroupId: groupId,
    Action: rule.action === "deny" ? "DROP" : "ACCEPT",
    PolicyDescription: rule.name ?? "",
    ModifyTime: "",
  };
}

/** One policy as the world keeps it; Protocol, Port, CidrBlock and Action as Tencent accepts them. */
function ruleOf(policy: Params, direction: TrafficDirection, field: string): SecurityGroupRule {
  const protocolText = (policy.string("Protocol") ?? "ALL").toUpperCase();
  if (!["TCP", "UDP", "ICMP", "ALL"].includes(protocolText)) {
    throw invalidValue(
      `${field}.Protocol`,
      `\`${protocolText}\` must be TCP, UDP, ICMP or ALL.`,
      "InvalidParameterValue.Range",
    );
  }
  const protocol = protocolText.toLowerCase() as SecurityGroupRule["protocol"];
  const portText = policy.string("Port") ?? "ALL";
  const cidr = policy.string("CidrBlock");
  if (cidr === undefined) {
    if (policy.has("SecurityGroupId") || policy.has("AddressTemplate") || policy.has("Ipv6CidrBlock")) {
      throw new TencentError("UnsupportedOperation", "The emulator takes policies with a CidrBlock only.");
    }
    throw missingParameter(`${field}.CidrBlock`);
  }
  const actionText = policy.required("Action").toUpperCase();
  if (actionText !== "ACCEPT" && actionText !== "DROP") {
    throw invalidValue(`${field}.Action`, "It must be ACCEPT or DROP.", "InvalidParameterValue.Range");
  }
  const description = policy.string("PolicyDescription");
  if (description !== undefined && description.length > 100) {
    throw invalidValue(
      `${field}.PolicyDescription`,
      "It must be at most 100 characters.",
      "InvalidParameterValue.TooLong",
    );
  }
  const base = {
    direction,
    cidr,
    action: actionText === "DROP" ? ("deny" as const) : ("allow" as const),
    ...(description ? { name: description } : {}),
  };
  if (protocol === "icmp" || protocol === "all") {
    if (portText.toUpperCase() !== "ALL") {
      throw invalidValue(
        `${field}.Port`,
        `A ${protocolText} policy takes Port ALL only.`,
        "InvalidParameterValue.Range",
      );
    }
    return { ...base, protocol };
  }
  if (portText.toUpperCase() === "ALL") return { ...base, protocol, portRange: { from: 0, to: 65535 } };
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(portText);
  const from = Number(m?.[1]);
  const to = m?.[2] === undefined ? from : Number(m[2]);
  if (!m || from < 1 || to > 65535 || from > to) {
    // Tencent also takes comma lists ("22,80"); the emulator keeps one range per policy.
    throw invalidValue(
      `${field}.Port`,
      `\`${portText}\` must be a port, a range "80-90", or ALL.`,
      "InvalidParameterValue.Range",
    );
  }
  return { ...base, protocol, portRange: { from, to } };
}

function rulesIn(group: SecurityGroup, direction: TrafficDirection): SecurityGroupRule[] {
  return group.rules.filter((r) => r.direction === direction).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
}

/** Both directions renumbered by position, as the world keeps them. */
function numbered(ingress: SecurityGroupRule[], egress: SecurityGroupRule[]): SecurityGroupRule[] {
  return [...ingress.map((r, i) => ({ ...r, priority: i })), ...egress.map((r, i) => ({ ...r, priority: i }))];
}

function groupName(params: Params): string {
  const name = params.required("GroupName");
  if (name.length > 60)
    throw invalidValue("GroupName", "It must be 1 to 60 characters.", "InvalidParameterValue.TooLong");
  return name;
}

export const securityGroupActions: ActionRegistration[] = [
  {
    service: vpc,
    action: "CreateSecurityGroup",
    handler: async (c) => {
      const name = groupName(c.params);
      const description = c.params.required("GroupDescription");
      if (description.length > 100) {
        throw invalidValue("GroupDescription", "It must be at most 100 characters.", "InvalidParameterValue.TooLong");
      }
      const projectId = c.params.string("ProjectId") ?? "0";
      const tags = tagsParam(c.params.objects("Tags"));
      return c.call((cloud) => {
        const group = cloud.securityGroups.create({ name, description, tags, rules: [] });
        c.state.projects.set(group.id, projectId);
        return { SecurityGroup: renderGroup(group, projectId) };
      });
    },
  },
  {
    service: vpc,
    action: "DescribeSecurityGroups",
    handler: async (c) => {
      const ids = c.params.strings("SecurityGroupIds", { max: 100 });
      const filters = filtersOf(
        c.params,
        withTagFilters(c.params, ["security-group-id", "security-group-name", "project-id"]),
      );
      return c.call((cloud) => {
        const groups = cloud.securityGroups
          .list()
          .items.filter(
            (g) =>
              (ids === undefined || ids.includes(g.id)) &&
              passes(filters, "security-group-id", g.id) &&
              passes(filters, "security-group-name", g.name) &&
              passes(filters, "project-id", c.state.projects.get(g.id) ?? "0") &&
              tagFiltersPass(filters, g.tags),
          );
        if (ids !== undefined) for (const id of ids) if (!groups.some((g) => g.id === id)) cloud.securityGroups.get(id);
        const page = offsetPage(groups, c.params, c.pages);
        return {
          TotalCount: page.total,
          SecurityGroupSet: page.items.map((g) => renderGroup(g, c.state.projects.get(g.id) ?? "0")),
        };
      });
    },
  },
  {
    service: vpc,
    action: "DeleteSecurityGroup",
    handler: async (c) => {
      const id = c.params.required("SecurityGroupId");
      return c.call((cloud) => {
        cloud.securityGroups.delete(id);
        return {};
      });
    },
  },
  {
    service: vpc,
    action: "CreateSecurityGroupPolicies",
    handler: async (c) => {
      const id = c.params.required("SecurityGroupId");
      const set = c.params.requiredObject("SecurityGroupPolicySet");
      const ingress = set.objects("Ingress");
      const egress = set.objects("Egress");
      if (ingress.length > 0 && egress.length > 0) {
        throw new TencentError("InvalidParameter", "Ingress and Egress policies cannot be created in one request.");
      }
      if (ingress.length + egress.length === 0) throw missingParameter("SecurityGroupPolicySet.Ingress");
      const direction: TrafficDirection = ingress.length > 0 ? "ingress" : "egress";
      const given = direction === "ingress" ? ingress : egress;
      const label = direction === "ingress" ? "Ingress" : "Egress";
      const added = given.map((p, i) => ({
        rule: ruleOf(p, direction, `SecurityGroupPolicySet.${label}.${i}`),
        index: p.int("PolicyIndex", { min: 0 }),
      }));
      return c.call((cloud) => {
        const group = cloud.securityGroups.get(id);
        const lists = { ingress: rulesIn(group, "ingress"), egress: rulesIn(group, "egress") };
        const list = lists[direction];
        for (const { rule, index } of added) {
          if (index !== undefined && index > list.length) {
            throw invalidValue("PolicyIndex", `It must be at most ${list.length}.`, "InvalidParameterValue.Range");
          }
          list.splice(index ?? list.length, 0, rule);
        }
        // addRules first: it refuses duplicates and counts the quota, then the order is stored.
        cloud.securityGroups.addRules(
          id,
          added.map((a) => a.rule),
        );
        cloud.securityGroups.setRules(id, numbered(lists.ingress, lists.egress));
        c.state.bumpPolicyVersion(id);
        return {};
      });
    },
  },
  {
    service: vpc,
    action: "DescribeSecurityGroupPolicies",
    handler: async (c) => {
      const id = c.params.required("SecurityGroupId");
      return c.call((cloud) => {
        const group = cloud.securityGroups.get(id);
        const ingress = rulesIn(group, "ingress");
        const egress = rulesIn(group, "egress");
        return {
          SecurityGroupPolicySet: {
            Version: String(c.state.policyVersions.get(id) ?? 0),
            Ingress: ingress.map((r, i) => renderPolicy(r, i, id)),
            Egress: egress.map((r, i) => renderPolicy(r, i, id)),
            PolicyStatistics: {
              IngressIPv4TotalCount: ingress.length,
              IngressIPv6TotalCount: 0,
              IngressTotalCount: ingress.length,
              EgressIPv4TotalCount: egress.length,
              EgressIPv6TotalCount: 0,
              EgressTotalCount: egress.length,
              TotalCount: ingress.length + egress.length,
            },
          },
        };
      });
    },
  },
  {
    service: vpc,
    action: "DeleteSecurityGroupPolicies",
    handler: async (c) => {
      const id = c.params.required("SecurityGroupId");
      const set = c.params.requiredObject("SecurityGroupPolicySet");
      const ingress = set.objects("Ingress");
      const egress = set.objects("Egress");
      if (ingress.length > 0 && egress.length > 0) {
        throw new TencentError("InvalidParameter", "Ingress and Egress policies cannot be deleted in one request.");
      }
      if (ingress.length + egress.length === 0) throw missingParameter("SecurityGroupPolicySet.Ingress");
      const direction: TrafficDirection = ingress.length > 0 ? "ingress" : "egress";
      const given = direction === "ingress" ? ingress : egress;
      const label = direction === "ingress" ? "Ingress" : "Egress";
      return c.call((cloud) => {
        const group = cloud.securityGroups.get(id);
        const lists = { ingress: rulesIn(group, "ingress"), egress: rulesIn(group, "egress") };
        const list = lists[direction];
        const doomed = given.map((p, i) => {
          const index = p.int("PolicyIndex", { min: 0 });
          if (index !== undefined) {
            const rule = list[index];
            if (!rule) throw new TencentError("ResourceNotFound", `No ${label} policy has PolicyIndex ${index}.`);
            return rule;
          }
          return ruleOf(p, direction, `SecurityGroupPolicySet.${label}.${i}`);
        });
        cloud.securityGroups.removeRules(id, doomed);
        const left = rulesIn(cloud.securityGroups.get(id), direction);
        lists[direction] = left;
        cloud.securityGroups.setRules(id, numbered(lists.ingress, lists.egress));
        c.state.bumpPolicyVersion(id);
        return {};
      });
    },
  },
];
