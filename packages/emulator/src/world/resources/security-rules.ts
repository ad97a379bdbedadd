import { formatCidr, requireCidr } from "../cidr.js";
import { invalidParameter } from "../errors.js";
import type { PortRange, SecurityGroupRule } from "../types.js";

const protocols = new Set(["tcp", "udp", "icmp", "all"]);

/** Checks a rule and returns it in canonical form (icmp and all rules carry no port range). */
export function normalizeRule(rule: SecurityGroupRule, field: string): SecurityGroupRule {
  if (rule.direction !== "ingress" && rule.direction !== "egress") {
    throw invalidParameter(`${field}.direction`, `must be "ingress" or "egress"`);
  }
  if (!protocols.has(rule.protocol)) throw invalidParameter(`${field}.protocol`, "must be tcp, udp, icmp or all");
  const cidr = formatCidr(requireCidr(rule.cidr, `${field}.cidr`, [0, 32]));
  if (rule.protocol === "icmp" || rule.protocol === "all")
    return { direction: rule.direction, protocol: rule.protocol, cidr };
  const range: Partial<PortRange> = rule.portRange ?? {};
  const { from, to } = range;
  if (!isPort(from) || !isPort(to) || from > to) {
    throw invalidParameter(`${field}.portRange`, `${rule.protocol} rules need a port range 0 <= from <= to <= 65535`);
  }
  return { direction: rule.direction, protocol: rule.protocol, portRange: { from, to }, cidr };
}

function isPort(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 65535;
}

export function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return (
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.portRange?.from === b.portRange?.from &&
    a.portRange?.to === b.portRange?.to &&
    a.cidr === b.cidr
  );
}
