import { formatCidr, requireCidr } from "../cidr.js";
import { invalidParameter } from "../errors.js";
import type { SecurityGroupRule } from "../types.js";

const protocols = new Set(["TCP", "UDP", "ICMP", "ALL"]);

/** Checks a rule and returns it in canonical form (ICMP and ALL rules carry no ports). */
export function normalizeRule(rule: SecurityGroupRule, field: string): SecurityGroupRule {
  if (rule.direction !== "inbound" && rule.direction !== "outbound") {
    throw invalidParameter(`${field}.direction`, `must be "inbound" or "outbound"`);
  }
  if (!protocols.has(rule.protocol)) throw invalidParameter(`${field}.protocol`, "must be TCP, UDP, ICMP or ALL");
  const cidr = formatCidr(requireCidr(rule.cidr, `${field}.cidr`, [0, 32]));
  if (rule.protocol === "ICMP" || rule.protocol === "ALL")
    return { direction: rule.direction, protocol: rule.protocol, cidr };
  const { fromPort, toPort } = rule;
  if (!isPort(fromPort) || !isPort(toPort) || fromPort > toPort) {
    throw invalidParameter(`${field}.fromPort`, `${rule.protocol} rules need 0 <= fromPort <= toPort <= 65535`);
  }
  return { direction: rule.direction, protocol: rule.protocol, fromPort, toPort, cidr };
}

function isPort(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 65535;
}

export function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return (
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    a.cidr === b.cidr
  );
}
