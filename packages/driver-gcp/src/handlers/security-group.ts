import { createHash } from "node:crypto";
import { collect, ignoreNotFound, sameRule } from "@cloud-barista/core/driver";
import type {
  CallContext,
  RuleProtocol,
  SecurityGroupHandler,
  SecurityGroupInfo,
  SecurityRule,
} from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { invalid, notFound } from "../errors.js";
import { checkName, lastSegment } from "../names.js";
import type { GcpSession } from "../session.js";
import { refuseTags } from "./vpc.js";

type Firewall = protos.google.cloud.compute.v1.IFirewall;

// A security group is a set of firewall rules of the VPC's network that share a target tag, the
// group's name; a VM is in the group when it carries the tag (`tags.items`). Compute Engine's
// implied rules allow all egress and deny all ingress at the lowest priority (65535); so that a
// group holds exactly the rules asked for, its first firewall, named as the group, denies all
// egress of the tagged VMs at 65535 (a deny wins a tie). That firewall is the group itself: it
// exists from create to delete, also with no rules. Each rule is one firewall at priority 1000,
// one direction, one protocol and range, named "<group>-<8 hex digits of the rule>".

/** Priority of the rules the driver makes; the group's deny rule takes the lowest, 65535. */
const rulePriority = 1000;
const groupPriority = 65535;
const marker = "cloud-barista security group";
/** The longest group name: its rules' firewalls add "-" and 8 hex digits within 63 characters. */
export const maxGroupName = 54;

const protocols: Readonly<Record<RuleProtocol, string>> = { TCP: "tcp", UDP: "udp", ICMP: "icmp", ALL: "all" };
const portable: Readonly<Record<string, RuleProtocol>> = {
  tcp: "TCP",
  "6": "TCP",
  udp: "UDP",
  "17": "UDP",
  icmp: "ICMP",
  "1": "ICMP",
  all: "ALL",
};

/** The name of a rule's firewall: the group's name and a digest of the rule. */
export function ruleName(group: string, rule: SecurityRule): string {
  const ports =
    rule.protocol === "TCP" || rule.protocol === "UDP" ? `${rule.fromPort ?? 1}-${rule.toPort ?? 65535}` : "";
  const digest = createHash("sha256").update(`${rule.direction}|${rule.protocol}|${ports}|${rule.cidr}`).digest("hex");
  return `${group}-${digest.slice(0, 8)}`;
}

function firewallOf(group: string, network: string, rule: SecurityRule): Firewall {
  const inbound = rule.direction === "inbound";
  const ported = rule.protocol === "TCP" || rule.protocol === "UDP";
  const from = rule.fromPort ?? 1;
  const to = rule.toPort ?? 65535;
  return {
    name: ruleName(group, rule),
    network,
    description: `${marker} ${group}: rule`,
    direction: inbound ? "INGRESS" : "EGRESS",
    priority: rulePriority,
    targetTags: [group],
    ...(inbound ? { sourceRanges: [rule.cidr] } : { destinationRanges: [rule.cidr] }),
    allowed: [
      {
        IPProtocol: protocols[rule.protocol],
        ...(ported ? { ports: [from === to ? String(from) : `${from}-${to}`] } : {}),
      },
    ],
  };
}

/** Whether a firewall is a group's own (its deny rule, named as the group). */
const isGroup = (f: Firewall) =>
  f.name !== undefined &&
  f.name !== null &&
  (f.targetTags ?? []).includes(f.name) &&
  (f.description ?? "").startsWith(marker) &&
  f.direction === "EGRESS" &&
  (f.denied ?? []).length > 0;

/** Whether a firewall is one of group `group`'s rules. */
const isRuleOf = (group: string, f: Firewall) =>
  new RegExp(`^${group}-[0-9a-f]{8}$`).test(f.name ?? "") && (f.targetTags ?? []).includes(group);

/** The portable rules a firewall allows (several for a firewall another tool made with several ranges). */
export function portableRules(f: Firewall): SecurityRule[] {
  if ((f.denied ?? []).length > 0) return [];
  const direction = f.direction === "EGRESS" ? "outbound" : "inbound";
  const ranges = (direction === "inbound" ? f.sourceRanges : f.destinationRanges) ?? [];
  return (f.allowed ?? []).flatMap((a) => {
    const protocol = portable[(a.IPProtocol ?? "").toLowerCase()];
    if (!protocol) return [];
    const ports = protocol === "TCP" || protocol === "UDP" ? (a.ports?.length ? a.ports : ["1-65535"]) : [undefined];
    return ranges.flatMap((cidr) =>
      ports.map((p): SecurityRule => {
        if (p === undefined) return { direction, protocol, cidr };
        const [from, to] = p.split("-").map(Number);
        return { direction, protocol, cidr, fromPort: from ?? 1, toPort: to ?? from ?? 65535 };
      }),
    );
  });
}

export function createSecurityGroupHandler(session: GcpSession): SecurityGroupHandler {
  const firewalls = (ctx: CallContext) =>
    session.pages(
      ctx,
      "compute.firewalls.list",
      (c, o, page) => c.firewalls.list({ project: session.project, ...page }, o),
      (f: Firewall) => f,
    );
  /** A group's own firewalls: its deny rule and its rules, by name (`name eq` takes an RE2 regex). */
  const groupFirewalls = (ctx: CallContext, group: string) =>
    collect(
      session.pages(
        ctx,
        "compute.firewalls.list",
        (c, o, page) =>
          c.firewalls.list({ project: session.project, filter: `name eq "${group}(-[0-9a-f]{8})?"`, ...page }, o),
        (f: Firewall) => f,
      ),
    );
  const toInfo = (group: Firewall, all: readonly Firewall[]): SecurityGroupInfo => {
    const name = group.name ?? "";
    const network = lastSegment(group.network);
    return {
      iid: { nameId: name, systemId: name },
      vpcIID: { nameId: network, systemId: network },
      rules: all.filter((f) => isRuleOf(name, f)).flatMap(portableRules),
    };
  };
  /** A group (its own deny rule) with all its firewalls, from one filtered list. */
  const readGroup = async (ctx: CallContext, name: string) => {
    const all = await groupFirewalls(ctx, name);
    const own = all.find((f) => f.name === name && isGroup(f));
    if (!own) throw notFound("security group", name);
    return { own, all };
  };
  const insert = (ctx: CallContext, firewall: Firewall) =>
    session.mutate(
      ctx,
      "compute.firewalls.insert",
      (c, o, requestId) => c.firewalls.insert({ project: session.project, requestId, firewallResource: firewall }, o),
      `firewall ${firewall.name ?? ""} to be made`,
    );
  const remove = (ctx: CallContext, name: string) =>
    session.mutate(
      ctx,
      "compute.firewalls.delete",
      (c, o, requestId) => c.firewalls.delete({ project: session.project, firewall: name, requestId }, o),
      `firewall ${name} to be deleted`,
    );
  /** Adds rules not yet in the group (a rule's firewall name is its identity). */
  const addAll = async (
    ctx: CallContext,
    group: string,
    network: string,
    rules: readonly SecurityRule[],
    have: Set<string>,
    undo?: (name: string) => void,
  ) => {
    for (const rule of rules) {
      const firewall = firewallOf(group, network, rule);
      const name = firewall.name ?? "";
      if (have.has(name)) continue;
      await insert(ctx, firewall);
      have.add(name);
      undo?.(name);
    }
  };
  return {
    async create(request, ctx) {
      checkName(request.name);
      // Its rules' firewalls are named "<group>-<8 hex digits>", within Compute Engine's 63.
      if (request.name.length > maxGroupName) {
        throw invalid("name", "gcp-security-group-name", `at most ${maxGroupName} characters (its rules' names add 9)`);
      }
      refuseTags(request.tags, "firewall rules");
      await session.ready(ctx);
      const network = session.globalPath("networks", request.vpcIID.systemId || request.vpcIID.nameId);
      return ctx.compensate(async (undo) => {
        await insert(ctx, {
          name: request.name,
          network,
          description: `${marker} ${request.name}: denies the egress its rules do not allow`,
          direction: "EGRESS",
          priority: groupPriority,
          targetTags: [request.name],
          destinationRanges: ["0.0.0.0/0"],
          denied: [{ IPProtocol: "all" }],
        });
        ctx.created(request.name);
        undo(`delete firewall ${request.name}`, (u) => remove(u, request.name));
        await addAll(ctx, request.name, network, request.rules, new Set(), (name) =>
          undo(`delete firewall ${name}`, (u) => remove(u, name)),
        );
        // What was made is the group (one firewall per distinct rule): no read needed.
        const made = new Map(request.rules.map((r) => [ruleName(request.name, r), r]));
        return {
          iid: { nameId: request.name, systemId: request.name },
          vpcIID: { nameId: lastSegment(network), systemId: lastSegment(network) },
          rules: [...made.values()],
        };
      });
    },

    async get(group, ctx) {
      const { own, all } = await readGroup(ctx, group.systemId || group.nameId);
      return toInfo(own, all);
    },

    async *list(ctx) {
      await session.ready(ctx);
      const all = await collect(firewalls(ctx));
      for (const f of all) if (isGroup(f)) yield toInfo(f, all);
    },

    async delete(group, ctx) {
      const name = group.systemId || group.nameId;
      await session.ready(ctx);
      for (const f of await groupFirewalls(ctx, name)) {
        if (isRuleOf(name, f)) await remove(ctx, f.name ?? "").catch(ignoreNotFound);
      }
      await remove(ctx, name);
    },

    async addRules(group, rules, ctx) {
      const name = group.systemId || group.nameId;
      const { own, all: before } = await readGroup(ctx, name);
      const have = new Set(before.filter((f) => isRuleOf(name, f)).map((f) => f.name ?? ""));
      await addAll(ctx, name, own.network ?? "", rules, have);
      return toInfo(own, await groupFirewalls(ctx, name));
    },

    async removeRules(group, rules, ctx) {
      const name = group.systemId || group.nameId;
      for (const f of (await readGroup(ctx, name)).all) {
        if (!isRuleOf(name, f)) continue;
        const mine = portableRules(f);
        if (mine.length > 0 && mine.every((r) => rules.some((doomed) => sameRule(r, doomed)))) {
          await remove(ctx, f.name ?? "").catch(ignoreNotFound);
        }
      }
    },
  };
}
