import type { RuleProtocol, SecurityRule } from "@cloud-barista/core/driver";
import type { SecurityGroupPolicy } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_models.js";

/** One rule as CreateSecurityGroupPolicies takes it. */
export interface PolicyParams {
  Protocol: string;
  Port?: string;
  CidrBlock: string;
  Action: "ACCEPT";
  PolicyDescription: string;
}

const ported = (protocol: RuleProtocol) => protocol === "TCP" || protocol === "UDP";

/** A rule's ports as the driver compares them: TCP and UDP without ports mean every port. */
export function normalRule(rule: SecurityRule): SecurityRule {
  const base = { direction: rule.direction, protocol: rule.protocol, cidr: rule.cidr };
  if (!ported(rule.protocol)) return base;
  const from = rule.fromPort ?? 1;
  return { ...base, fromPort: from, toPort: rule.toPort ?? (rule.fromPort === undefined ? 65535 : from) };
}

/** A portable rule as Tencent's: Port "22", "80-90" or "ALL" for TCP and UDP, none for ICMP and ALL. */
export function toPolicy(rule: SecurityRule): PolicyParams {
  const r = normalRule(rule);
  const port =
    r.fromPort === undefined
      ? undefined
      : r.fromPort === 1 && r.toPort === 65535
        ? "ALL"
        : r.fromPort === r.toPort
          ? String(r.fromPort)
          : `${r.fromPort}-${r.toPort}`;
  return {
    Protocol: rule.protocol,
    ...(port === undefined ? {} : { Port: port }),
    CidrBlock: rule.cidr,
    Action: "ACCEPT",
    PolicyDescription: "",
  };
}

const protocols: Readonly<Record<string, RuleProtocol>> = { TCP: "TCP", UDP: "UDP", ICMP: "ICMP", ALL: "ALL" };

/**
 * A Tencent policy as a portable rule; undefined for what the model cannot hold (DROP policies,
 * policies on another security group, an address or service template, IPv6, ICMPv6 or GRE).
 */
export function toSecurityRule(p: SecurityGroupPolicy, direction: SecurityRule["direction"]): SecurityRule | undefined {
  if ((p.Action ?? "ACCEPT").toUpperCase() !== "ACCEPT") return undefined;
  const protocol = protocols[(p.Protocol ?? "").toUpperCase()];
  if (!protocol || !p.CidrBlock) return undefined;
  const rule: SecurityRule = { direction, protocol, cidr: p.CidrBlock };
  if (!ported(protocol)) return rule;
  const port = (p.Port ?? "ALL").trim().toUpperCase();
  if (port === "ALL" || port === "") return { ...rule, fromPort: 1, toPort: 65535 };
  const [from, to] = port.split("-").map(Number);
  if (from === undefined || !Number.isInteger(from)) return undefined;
  return { ...rule, fromPort: from, toPort: to !== undefined && Number.isInteger(to) ? to : from };
}
