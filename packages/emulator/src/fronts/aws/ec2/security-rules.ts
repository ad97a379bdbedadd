import type { IpProtocol, SecurityGroup, SecurityGroupRule, TrafficDirection } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { derivedId } from "../ids.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";

// EC2 IpPermissions <-> the world's one-CIDR-per-rule security rules. A permission names a
// protocol, a port range and any number of IPv4 ranges; the world keeps one rule per range.

const protocols: Readonly<Record<string, IpProtocol>> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
  "-1": "all",
  all: "all",
};

const wireProtocol: Readonly<Record<IpProtocol, string>> = { tcp: "tcp", udp: "udp", icmp: "icmp", all: "-1" };

function readPermission(p: QueryParams, direction: TrafficDirection, cidrs: string[]): SecurityGroupRule[] {
  const raw = p.required("IpProtocol").toLowerCase();
  const protocol = protocols[raw];
  if (!protocol)
    throw new AwsFault(
      "InvalidParameterValue",
      `The emulator supports the protocols tcp, udp, icmp and -1, not '${raw}'`,
    );
  if (p.has("Groups") || p.has("Ipv6Ranges") || p.has("PrefixListIds")) {
    throw new AwsFault("InvalidParameterValue", "The emulator supports IPv4 CIDR sources (IpRanges) only");
  }
  if (cidrs.length === 0)
    throw new AwsFault("MissingParameter", "The request must specify a source (IpRanges) for each permission");
  const from = p.int("FromPort");
  const to = p.int("ToPort");
  if (protocol === "all") return cidrs.map((cidr) => ({ direction, protocol, cidr }));
  if (protocol === "icmp") {
    if ((from ?? -1) !== -1 || (to ?? -1) !== -1) {
      throw new AwsFault(
        "InvalidParameterValue",
        "The emulator supports ICMP permissions for all types and codes (-1) only",
      );
    }
    return cidrs.map((cidr) => ({ direction, protocol, cidr }));
  }
  if (from === undefined || to === undefined) {
    throw new AwsFault(
      "InvalidParameterValue",
      `Invalid value for portRange. Must specify both from and to ports with ${raw}.`,
    );
  }
  return cidrs.map((cidr) => ({ direction, protocol, portRange: { from, to }, cidr }));
}

/** The rules an Authorize/Revoke call names: `IpPermissions.N`, or the legacy single-rule fields. */
export function readRules(params: QueryParams, direction: TrafficDirection): SecurityGroupRule[] {
  const permissions = params.list("IpPermissions");
  if (permissions.length > 0) {
    return permissions.flatMap((p) =>
      readPermission(
        p,
        direction,
        p.list("IpRanges").map((r) => r.required("CidrIp")),
      ),
    );
  }
  const cidr = params.string("CidrIp");
  if (params.string("IpProtocol") === undefined)
    throw new AwsFault("MissingParameter", "The request must contain the parameter ipPermissions");
  return readPermission(params, direction, cidr === undefined ? [] : [cidr]);
}

/** The rules of one direction, grouped into permissions as EC2 reports them. */
export function renderPermissions(rules: readonly SecurityGroupRule[], direction: TrafficDirection): XmlFields[] {
  const groups = new Map<string, { rule: SecurityGroupRule; cidrs: string[] }>();
  for (const rule of rules) {
    if (rule.direction !== direction) continue;
    const key = `${rule.protocol}/${rule.portRange?.from ?? ""}/${rule.portRange?.to ?? ""}`;
    const group = groups.get(key) ?? { rule, cidrs: [] };
    group.cidrs.push(rule.cidr);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ rule, cidrs }) => ({
    ipProtocol: wireProtocol[rule.protocol],
    fromPort: rule.protocol === "icmp" ? -1 : rule.portRange?.from,
    toPort: rule.protocol === "icmp" ? -1 : rule.portRange?.to,
    groups: [],
    ipRanges: cidrs.map((cidrIp) => ({ cidrIp })),
    ipv6Ranges: [],
    prefixListIds: [],
  }));
}

/** Rules have no ids in the world; EC2's are derived from what the rule is. */
export function ruleIdOf(groupId: string, rule: SecurityGroupRule): string {
  return derivedId(
    "sgr",
    `${groupId}/${rule.direction}/${rule.protocol}/${rule.portRange?.from ?? ""}/${rule.portRange?.to ?? ""}/${rule.cidr}`,
  );
}

function renderRule(ctx: Ec2Context, groupId: string, rule: SecurityGroupRule): XmlFields {
  const ports =
    rule.protocol === "all" ? {} : { fromPort: rule.portRange?.from ?? -1, toPort: rule.portRange?.to ?? -1 };
  return {
    securityGroupRuleId: ruleIdOf(groupId, rule),
    groupId,
    groupOwnerId: ctx.account,
    isEgress: rule.direction === "egress",
    ipProtocol: wireProtocol[rule.protocol],
    ...ports,
    cidrIpv4: rule.cidr,
    tagSet: [],
  };
}

function authorize(direction: TrafficDirection): Ec2Action {
  return async (ctx) => {
    const groupId = ctx.params.required("GroupId");
    const rules = readRules(ctx.params, direction);
    await ctx.call((cloud) => cloud.securityGroups.addRules(groupId, rules));
    return { return: true, securityGroupRuleSet: rules.map((rule) => renderRule(ctx, groupId, rule)) };
  };
}

function revoke(direction: TrafficDirection): Ec2Action {
  return async (ctx) => {
    const groupId = ctx.params.required("GroupId");
    const ruleIds = ctx.params.strings("SecurityGroupRuleId");
    const named = ruleIds.length > 0 ? undefined : readRules(ctx.params, direction);
    const revoked = await ctx.call((cloud) => {
      const rules = named ?? byIds(cloud.securityGroups.get(groupId), direction, ruleIds);
      cloud.securityGroups.removeRules(groupId, rules);
      return rules;
    });
    return {
      return: true,
      revokedSecurityGroupRuleSet: revoked.map((rule) => ({
        securityGroupRuleId: ruleIdOf(groupId, rule),
        groupId,
        isEgress: direction === "egress",
      })),
    };
  };
}

function byIds(group: SecurityGroup, direction: TrafficDirection, ids: readonly string[]): SecurityGroupRule[] {
  return ids.map((id) => {
    const rule = group.rules.find((r) => r.direction === direction && ruleIdOf(group.id, r) === id);
    if (!rule)
      throw new AwsFault("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist`);
    return rule;
  });
}

export const authorizeSecurityGroupIngress = authorize("ingress");
export const authorizeSecurityGroupEgress = authorize("egress");
export const revokeSecurityGroupIngress = revoke("ingress");
export const revokeSecurityGroupEgress = revoke("egress");
