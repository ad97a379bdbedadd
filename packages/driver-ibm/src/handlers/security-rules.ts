import type { RuleProtocol, SecurityRule } from "@cloud-barista/core/driver";
import type { IbmRule } from "./native-types.js";

// "all" before API version 2025-12-09; "icmp_tcp_udp" and "any" from it.
const protocols: Readonly<Record<string, RuleProtocol>> = {
  tcp: "TCP",
  udp: "UDP",
  icmp: "ICMP",
  all: "ALL",
  icmp_tcp_udp: "ALL",
  any: "ALL",
};

/**
 * An IBM rule in the portable model, or undefined for one it cannot hold: an IPv6 rule, a rule
 * whose remote is another security group, a protocol it does not know. A rule without a remote
 * allows any address.
 */
export function toRule(r: IbmRule): SecurityRule | undefined {
  const protocol = r.protocol !== undefined && Object.hasOwn(protocols, r.protocol) ? protocols[r.protocol] : undefined;
  if (!protocol || (r.ip_version ?? "ipv4") !== "ipv4") return undefined;
  if (r.direction !== "inbound" && r.direction !== "outbound") return undefined;
  const remote = r.remote;
  if (remote?.id !== undefined && remote.cidr_block === undefined && remote.address === undefined) return undefined;
  const cidr = remote?.cidr_block ?? (remote?.address ? `${remote.address}/32` : "0.0.0.0/0");
  const ports =
    protocol === "TCP" || protocol === "UDP" ? { fromPort: r.port_min ?? 1, toPort: r.port_max ?? 65535 } : {};
  return { direction: r.direction, protocol, ...ports, cidr };
}

/** A rule prototype (`create_security_group_rule`, or a group's `rules` at create). */
export function rulePrototype(rule: SecurityRule): Record<string, unknown> {
  const ports = rule.protocol === "TCP" || rule.protocol === "UDP";
  return {
    direction: rule.direction,
    ip_version: "ipv4",
    protocol: rule.protocol.toLowerCase(),
    ...(ports ? { port_min: rule.fromPort ?? 1, port_max: rule.toPort ?? 65535 } : {}),
    remote: { cidr_block: rule.cidr },
  };
}
