import type { RuleProtocol, SecurityRule } from "@cloud-barista/core/driver";

/** One rule as DescribeSecurityGroupAttribute answers it. */
export interface Permission {
  IpProtocol?: string;
  PortRange?: string;
  SourceCidrIp?: string;
  DestCidrIp?: string;
  Direction?: string;
  Policy?: string;
  Priority?: string | number;
}

/** One rule as AuthorizeSecurityGroup(Egress) and Revoke* take it (`Permissions.N.*`). */
export interface PermissionParams {
  IpProtocol: string;
  PortRange: string;
  Policy: "accept";
  Priority: string;
  SourceCidrIp?: string;
  DestCidrIp?: string;
}

/** The priority of the driver's rules: Alibaba's default and highest, 1 (1-100). */
export const rulePriority = "1";

/** A portable rule as Alibaba's: protocol in lower case, ports "22/22", "-1/-1" for ICMP and ALL. */
export function toPermission(rule: SecurityRule): PermissionParams {
  const ported = rule.protocol === "TCP" || rule.protocol === "UDP";
  const range = ported ? `${rule.fromPort ?? 1}/${rule.toPort ?? rule.fromPort ?? 65535}` : "-1/-1";
  return {
    IpProtocol: rule.protocol.toLowerCase(),
    PortRange: range,
    Policy: "accept",
    Priority: rulePriority,
    ...(rule.direction === "inbound" ? { SourceCidrIp: rule.cidr } : { DestCidrIp: rule.cidr }),
  };
}

const protocols: Readonly<Record<string, RuleProtocol>> = { tcp: "TCP", udp: "UDP", icmp: "ICMP", all: "ALL" };

/**
 * An Alibaba rule as a portable one; undefined for what the model cannot hold (Drop rules, rules
 * on another group or a prefix list instead of a CIDR, ICMPv6 or GRE).
 */
export function toSecurityRule(p: Permission): SecurityRule | undefined {
  if ((p.Policy ?? "Accept").toLowerCase() !== "accept") return undefined;
  const protocol = protocols[(p.IpProtocol ?? "").toLowerCase()];
  if (!protocol) return undefined;
  const inbound = (p.Direction ?? "ingress") === "ingress";
  const cidr = inbound ? p.SourceCidrIp : p.DestCidrIp;
  if (!cidr) return undefined;
  const rule: SecurityRule = { direction: inbound ? "inbound" : "outbound", protocol, cidr };
  if (protocol === "TCP" || protocol === "UDP") {
    const [from, to] = (p.PortRange ?? "-1/-1").split("/").map(Number);
    if (from === undefined || to === undefined || from < 0) return { ...rule, fromPort: 1, toPort: 65535 };
    return { ...rule, fromPort: from, toPort: to };
  }
  return rule;
}
