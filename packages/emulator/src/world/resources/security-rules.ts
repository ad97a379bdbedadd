import { formatCidr, requireCidr } from "../cidr.js";
import { invalidParameter } from "../errors.js";
import type { PortRange, SecurityGroupRule } from "../types.js";

const protocols = new Set(["tcp", "udp", "icmp", "all"]);

/** The name, priority and action of an ordered rule, checked; nothing for a plain allow rule. */
function ordering(rule: SecurityGroupRule, field: string): Pick<SecurityGroupRule, "name" | "priority" | "action"> {
  if (rule.action !== undefined && rule.action !== "allow" && rule.action !== "deny") {
    throw invalidParameter(`${field}.action`, `must be "allow" or "deny"`);
  }
  if (rule.priority !== undefined && !(Number.isInteger(rule.priority) && rule.priority >= 0)) {
    throw invalidParameter(`${field}.priority`, "must be a non-negative integer");
  }
  return {
    ...(rule.name === undefined ? {} : { name: rule.name }),
    ...(rule.priority === undefined ? {} : { priority: rule.priority }),
    ...(rule.action === undefined ? {} : { action: rule.action }),
  };
}

/** Checks a rule and returns it in canonical form (icmp and all rules carry no port range). */
export function normalizeRule(rule: SecurityGroupRule, field: string): SecurityGroupRule {
  if (rule.direction !== "ingress" && rule.direction !== "egress") {
    throw invalidParameter(`${field}.direction`, `must be "ingress" or "egress"`);
  }
  if (!protocols.has(rule.protocol)) throw invalidParameter(`${field}.protocol`, "must be tcp, udp, icmp or all");
  const cidr = formatCidr(requireCidr(rule.cidr, `${field}.cidr`, [0, 32]));
  const order = ordering(rule, field);
  if (rule.protocol === "icmp" || rule.protocol === "all")
    return { direction: rule.direction, protocol: rule.protocol, cidr, ...order };
  const range: Partial<PortRange> = rule.portRange ?? {};
  const { from, to } = range;
  if (!isPort(from) || !isPort(to) || from > to) {
    throw invalidParameter(`${field}.portRange`, `${rule.protocol} rules need a port range 0 <= from <= to <= 65535`);
  }
  return { direction: rule.direction, protocol: rule.protocol, portRange: { from, to }, cidr, ...order };
}

function isPort(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 65535;
}

/** The same traffic with the same effect (names and priorities aside). */
export function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return (
    (a.action ?? "allow") === (b.action ?? "allow") &&
    a.direction === b.direction &&
    a.protocol === b.protocol &&
    a.portRange?.from === b.portRange?.from &&
    a.portRange?.to === b.portRange?.to &&
    a.cidr === b.cidr
  );
}
