import type { SecurityRule as AzureRule } from "@azure/arm-network";
import type { RuleProtocol, SecurityRule } from "@cloud-barista/core/driver";

// An Azure NSG evaluates rules by priority (100 first, 4096 last) and always holds six default
// rules below them (65000+: allow traffic within the virtual network and from Azure's load
// balancer, allow outbound to the Internet, then deny). So that a group holds exactly the rules
// asked for, the driver adds a deny-everything rule per direction at 4096, below every rule it
// makes and above the defaults; reads leave those two out.

/** The lowest priority a rule can have; the driver's deny rules take it. */
export const denyPriority = 4096;
/** The driver's rules start here, one priority apart per direction, in the order given. */
const firstPriority = 100;
const denyRuleNames = { inbound: "cb-deny-all-inbound", outbound: "cb-deny-all-outbound" } as const;

const protocols: Readonly<Record<RuleProtocol, AzureRule["protocol"]>> = {
  TCP: "Tcp",
  UDP: "Udp",
  ICMP: "Icmp",
  ALL: "*",
};

function portRange(rule: SecurityRule): string {
  if (rule.protocol !== "TCP" && rule.protocol !== "UDP") return "*";
  const from = rule.fromPort ?? 1;
  const to = rule.toPort ?? 65535;
  return from === to ? String(from) : `${from}-${to}`;
}

function azureRule(rule: SecurityRule, priority: number): AzureRule {
  const inbound = rule.direction === "inbound";
  const remote = rule.cidr === "0.0.0.0/0" ? "*" : rule.cidr;
  return {
    name: `cb-${inbound ? "in" : "out"}-${priority}`,
    priority,
    direction: inbound ? "Inbound" : "Outbound",
    access: "Allow",
    protocol: protocols[rule.protocol],
    sourcePortRange: "*",
    destinationPortRange: portRange(rule),
    sourceAddressPrefix: inbound ? remote : "*",
    destinationAddressPrefix: inbound ? "*" : remote,
  };
}

function denyAll(direction: "inbound" | "outbound"): AzureRule {
  return {
    name: denyRuleNames[direction],
    priority: denyPriority,
    direction: direction === "inbound" ? "Inbound" : "Outbound",
    access: "Deny",
    protocol: "*",
    sourcePortRange: "*",
    destinationPortRange: "*",
    sourceAddressPrefix: "*",
    destinationAddressPrefix: "*",
  };
}

/**
 * The NSG rules for `rules`: `kept` (rules already in the group, with their priorities) first, then
 * the new ones at the next free priorities of their direction, then the two deny rules.
 */
export function azureRules(kept: readonly AzureRule[], added: readonly SecurityRule[]): AzureRule[] {
  const next = { inbound: firstPriority, outbound: firstPriority };
  for (const rule of kept) {
    const direction = rule.direction === "Inbound" ? "inbound" : "outbound";
    next[direction] = Math.max(next[direction], (rule.priority ?? 0) + 1);
  }
  const made = added.map((rule) => azureRule(rule, next[rule.direction]++));
  return [...kept, ...made, denyAll("inbound"), denyAll("outbound")];
}

/** Whether a rule is one of the driver's two deny rules. */
export function isDriverDeny(rule: AzureRule): boolean {
  return rule.access === "Deny" && (rule.name === denyRuleNames.inbound || rule.name === denyRuleNames.outbound);
}

const portable: Readonly<Record<string, RuleProtocol>> = { tcp: "TCP", udp: "UDP", icmp: "ICMP", "*": "ALL" };

/**
 * The portable rule of an Allow rule, or undefined for what the portable model cannot say (deny
 * rules, service tags such as "VirtualNetwork", several prefixes or ports in one rule).
 */
export function portableRule(rule: AzureRule): SecurityRule | undefined {
  if (rule.access !== "Allow") return undefined;
  const protocol = portable[(rule.protocol ?? "").toLowerCase()];
  if (!protocol) return undefined;
  const inbound = rule.direction === "Inbound";
  const remote = inbound ? rule.sourceAddressPrefix : rule.destinationAddressPrefix;
  const cidr = remote === "*" || remote === "Internet" ? "0.0.0.0/0" : remote;
  if (cidr === undefined || !/^[\d.]+\/\d+$/.test(cidr)) return undefined;
  const base: SecurityRule = { direction: inbound ? "inbound" : "outbound", protocol, cidr };
  if (protocol !== "TCP" && protocol !== "UDP") return base;
  const ports = rule.destinationPortRange ?? "*";
  if (ports === "*") return { ...base, fromPort: 1, toPort: 65535 };
  const match = /^(\d+)(?:-(\d+))?$/.exec(ports);
  if (!match) return undefined;
  return { ...base, fromPort: Number(match[1]), toPort: Number(match[2] ?? match[1]) };
}
