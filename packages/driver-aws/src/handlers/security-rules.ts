import type { RuleDirection, RuleProtocol, SecurityRule } from "@cloud-barista/core/driver";
import type { IpPermission } from "@aws-sdk/client-ec2";

// Portable rules <-> EC2 IpPermissions. A rule is one protocol, port range and IPv4 range; EC2
// groups the ranges of one protocol and port range into one permission.

const wireProtocol: Readonly<Record<RuleProtocol, string>> = { TCP: "tcp", UDP: "udp", ICMP: "icmp", ALL: "-1" };

const portableProtocol: Readonly<Record<string, RuleProtocol>> = {
  tcp: "TCP",
  "6": "TCP",
  udp: "UDP",
  "17": "UDP",
  icmp: "ICMP",
  "1": "ICMP",
  "-1": "ALL",
  all: "ALL",
};

/** The permissions that grant `rules` (all of one direction). ICMP rules cover every type and code. */
export function toPermissions(rules: readonly SecurityRule[]): IpPermission[] {
  const byKey = new Map<string, IpPermission>();
  for (const rule of rules) {
    const ports =
      rule.protocol === "ALL"
        ? {}
        : rule.protocol === "ICMP"
          ? { FromPort: -1, ToPort: -1 }
          : { FromPort: rule.fromPort, ToPort: rule.toPort };
    const key = `${rule.protocol}/${ports.FromPort ?? ""}/${ports.ToPort ?? ""}`;
    const permission = byKey.get(key) ?? { IpProtocol: wireProtocol[rule.protocol], ...ports, IpRanges: [] };
    permission.IpRanges?.push({ CidrIp: rule.cidr });
    byKey.set(key, permission);
  }
  return [...byKey.values()];
}

/**
 * The rules an EC2 group's permissions grant, one per IPv4 range. Sources the portable model has
 * no word for (other security groups, IPv6 ranges, prefix lists) are left out.
 */
export function fromPermissions(
  permissions: readonly IpPermission[] | undefined,
  direction: RuleDirection,
): SecurityRule[] {
  return (permissions ?? []).flatMap((p) => {
    const protocol = portableProtocol[(p.IpProtocol ?? "").toLowerCase()];
    if (!protocol) return [];
    const ports = protocol === "TCP" || protocol === "UDP" ? { fromPort: p.FromPort, toPort: p.ToPort } : {};
    return (p.IpRanges ?? []).flatMap((r) =>
      r.CidrIp === undefined ? [] : [{ direction, protocol, ...ports, cidr: r.CidrIp }],
    );
  });
}

/** AWS's rule in every new group: all outbound traffic allowed. */
export const defaultEgressRule: SecurityRule = { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" };
