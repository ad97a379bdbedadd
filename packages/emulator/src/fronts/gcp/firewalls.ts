import { parseCidr } from "../../world/cidr.js";
import { parseIpv6, parseIpv6Cidr } from "../../world/cidr6.js";
import type { SecurityGroupRule } from "../../world/types.js";
import { bodyOf, cloudOf, gate, json, link, param, relative, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { alreadyExists, badRequest, invalidField, notFound, required } from "./errors.js";
import { projectKey } from "./front-state.js";
import { computeBook } from "./instance-book.js";
import type { FirewallEntry } from "./front-state.js";
import { checkName } from "./names.js";
import { networkOfField, regionsOf, vpcIn } from "./network-model.js";
import { operate } from "./operations.js";
import { listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// VPC firewall rules: global, on one network, one direction each, allowed or denied protocol/port
// lists, source or destination ranges, target tags. The world keeps each rule as a security
// group of the same name in the network's VPC of every region, holding the rule's IPv4 traffic
// (tcp, udp, icmp, all; other protocols and IPv6 ranges are kept by the front only), so the
// instances a rule targets can carry it (`firewallGroupsFor`).

const protocolNames = new Set(["tcp", "udp", "icmp", "esp", "ah", "sctp", "ipip", "all"]);
const portProtocols = new Set(["tcp", "udp", "sctp", "6", "17", "132"]);

interface ProtocolEntry {
  IPProtocol: string;
  ports?: string[];
}

interface FirewallBody {
  name: unknown;
  description: unknown;
  network: unknown;
  priority: unknown;
  direction: unknown;
  allowed: unknown;
  denied: unknown;
  sourceRanges: unknown;
  destinationRanges: unknown;
  sourceTags: unknown;
  targetTags: unknown;
  sourceServiceAccounts: unknown;
  targetServiceAccounts: unknown;
  disabled: unknown;
  logConfig: unknown;
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw invalidField(field, value, "Must be a list of strings.");
  }
  return value as string[];
}

function checkPort(text: string, field: string): void {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  const from = Number(m?.[1]);
  const to = m?.[2] === undefined ? from : Number(m[2]);
  if (!m || from > 65535 || to > 65535 || from > to) {
    throw invalidField(field, text, "Must be a port number or a range of them (from-to), 0 to 65535.");
  }
}

function protocolEntries(value: unknown, field: string): ProtocolEntry[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidField(field, value, "Must be a list.");
  return value.map((raw: unknown, i) => {
    const entry = (raw ?? {}) as { IPProtocol?: unknown; ports?: unknown };
    const protocol = entry.IPProtocol;
    if (protocol === undefined || protocol === "") throw required(`${field}[${i}].IPProtocol`);
    const numeric = typeof protocol === "string" && /^\d{1,3}$/.test(protocol) && Number(protocol) <= 255;
    if (typeof protocol !== "string" || (!protocolNames.has(protocol) && !numeric)) {
      throw invalidField(
        `${field}[${i}].IPProtocol`,
        protocol,
        "Must be one of [tcp, udp, icmp, esp, ah, sctp, ipip, all] or an IP protocol number.",
      );
    }
    const ports = stringList(entry.ports, `${field}[${i}].ports`);
    if (ports && ports.length > 0) {
      if (!portProtocols.has(protocol)) {
        throw invalidField(`${field}[${i}].ports`, ports.join(","), "Ports may be given for tcp, udp and sctp only.");
      }
      ports.forEach((p, j) => checkPort(p, `${field}[${i}].ports[${j}]`));
    }
    return { IPProtocol: protocol, ...(ports && ports.length > 0 ? { ports } : {}) };
  });
}

function ranges(value: unknown, field: string): string[] | undefined {
  const list = stringList(value, field);
  list?.forEach((range, i) => {
    const ok = range.includes(":")
      ? parseIpv6Cidr(range.includes("/") ? range : `${range}/128`) !== undefined || parseIpv6(range) !== undefined
      : parseCidr(range.includes("/") ? range : `${range}/32`) !== undefined;
    if (!ok) throw invalidField(`${field}[${i}]`, range, "Must be a valid IPv4 or IPv6 CIDR range.");
  });
  return list;
}

function tags(value: unknown, field: string): string[] | undefined {
  const list = stringList(value, field);
  list?.forEach((tag, i) => checkName(tag, `${field}[${i}]`));
  return list;
}

/** The body checked as Compute Engine checks it, in the shape it keeps (defaults filled in). */
function normalize(body: Partial<FirewallBody>): Record<string, unknown> {
  const priority = body.priority ?? 1000;
  if (typeof priority !== "number" || !Number.isInteger(priority) || priority < 0 || priority > 65535) {
    throw invalidField("resource.priority", priority, "Must be an integer from 0 to 65535.");
  }
  const direction = body.direction ?? "INGRESS";
  if (direction !== "INGRESS" && direction !== "EGRESS") {
    throw invalidField("resource.direction", direction, "Must be INGRESS or EGRESS.");
  }
  const allowed = protocolEntries(body.allowed, "resource.allowed");
  const denied = protocolEntries(body.denied, "resource.denied");
  if (allowed?.length && denied?.length) {
    throw badRequest("Invalid value for field 'resource': allowed and denied cannot both be specified.");
  }
  if (!allowed?.length && !denied?.length) throw required("resource.allowed");
  const sourceTags = tags(body.sourceTags, "resource.sourceTags");
  const targetTags = tags(body.targetTags, "resource.targetTags");
  const sourceServiceAccounts = stringList(body.sourceServiceAccounts, "resource.sourceServiceAccounts");
  const targetServiceAccounts = stringList(body.targetServiceAccounts, "resource.targetServiceAccounts");
  if (direction === "EGRESS" && (sourceTags?.length || sourceServiceAccounts?.length)) {
    throw badRequest(
      "Invalid value for field 'resource.sourceTags': egress rules cannot have source tags or service accounts.",
    );
  }
  if (targetTags?.length && targetServiceAccounts?.length) {
    throw badRequest(
      "Invalid value for field 'resource.targetTags': targetTags and targetServiceAccounts cannot both be specified.",
    );
  }
  let sourceRanges = ranges(body.sourceRanges, "resource.sourceRanges");
  let destinationRanges = ranges(body.destinationRanges, "resource.destinationRanges");
  // With no source (ingress) or destination (egress) at all, the rule applies to every address.
  if (direction === "INGRESS" && !sourceRanges?.length && !sourceTags?.length && !sourceServiceAccounts?.length) {
    sourceRanges = ["0.0.0.0/0"];
  }
  if (direction === "EGRESS" && !destinationRanges?.length) destinationRanges = ["0.0.0.0/0"];
  const logConfig = (body.logConfig ?? {}) as { enable?: unknown };
  return {
    ...(typeof body.description === "string" && body.description !== "" ? { description: body.description } : {}),
    priority,
    ...(sourceRanges?.length ? { sourceRanges } : {}),
    ...(destinationRanges?.length ? { destinationRanges } : {}),
    ...(sourceTags?.length ? { sourceTags } : {}),
    ...(targetTags?.length ? { targetTags } : {}),
    ...(sourceServiceAccounts?.length ? { sourceServiceAccounts } : {}),
    ...(targetServiceAccounts?.length ? { targetServiceAccounts } : {}),
    ...(allowed?.length ? { allowed } : { denied }),
    direction,
    logConfig: { enable: logConfig.enable === true },
    disabled: body.disabled === true,
  };
}

/** The world rules of a firewall: its IPv4 ranges times its protocols and ports. */
function worldRules(resource: Record<string, unknown>): SecurityGroupRule[] {
  const direction = resource["direction"] === "EGRESS" ? "egress" : "ingress";
  const action = resource["allowed"] ? "allow" : "deny";
  const entries = (resource["allowed"] ?? resource["denied"]) as ProtocolEntry[];
  const cidrs = ((direction === "ingress" ? resource["sourceRanges"] : resource["destinationRanges"]) ??
    []) as string[];
  const rules = new Map<string, SecurityGroupRule>();
  for (const range of cidrs) {
    if (range.includes(":")) continue;
    const cidr = range.includes("/") ? range : `${range}/32`;
    for (const entry of entries) {
      const protocol = { "6": "tcp", "17": "udp", "1": "icmp" }[entry.IPProtocol] ?? entry.IPProtocol;
      if (protocol !== "tcp" && protocol !== "udp" && protocol !== "icmp" && protocol !== "all") continue;
      const portRanges =
        protocol === "tcp" || protocol === "udp"
          ? (entry.ports ?? ["0-65535"]).map((p) => {
              const [from = "0", to = from] = p.split("-");
              return { from: Number(from), to: Number(to) };
            })
          : [undefined];
      for (const portRange of portRanges) {
        const rule: SecurityGroupRule = {
          direction,
          protocol,
          cidr,
          action,
          priority: resource["priority"] as number,
          ...(portRange ? { portRange } : {}),
        };
        rules.set(JSON.stringify([protocol, cidr, portRange]), rule);
      }
    }
  }
  return [...rules.values()];
}

export function firewallView(ctx: GcpContext, entry: FirewallEntry): Record<string, unknown> {
  return {
    kind: "compute#firewall",
    id: entry.id,
    creationTimestamp: timestamp(entry.createdAt),
    name: entry.name,
    network: link(ctx, `global/networks/${entry.network}`),
    ...entry.resource,
    selfLink: link(ctx, `global/firewalls/${entry.name}`),
  };
}

function findFirewall(ctx: GcpContext, name: string): FirewallEntry | undefined {
  return ctx.state.firewalls.get(projectKey(ctx.account, name));
}

function requireFirewall(ctx: GcpContext, name: string): FirewallEntry {
  const byId = /^\d+$/.test(name)
    ? [...ctx.state.firewalls.values()].find((f) => f.project === ctx.account && f.id === name)
    : undefined;
  const entry = byId ?? findFirewall(ctx, name);
  if (!entry) throw notFound(relative(ctx, `global/firewalls/${name}`));
  return entry;
}

/** The world security group of a firewall in one region. */
function groupIn(ctx: GcpContext, region: string, entry: FirewallEntry): string | undefined {
  const vpc = vpcIn(ctx, region, entry.network);
  return cloudOf(ctx, region)
    .securityGroups.list({ where: (g) => g.name === entry.name && g.vpc.id === vpc?.id })
    .items.at(0)?.id;
}

/**
 * The world security groups (in `region`) of the enabled firewall rules of `network` that apply
 * to an instance with network tags `tags`: rules without target tags apply to every instance.
 */
export function firewallGroupsFor(ctx: GcpContext, region: string, network: string, tags: readonly string[]): string[] {
  return [...ctx.state.firewalls.values()]
    .filter((f) => f.project === ctx.account && f.network === network && f.resource["disabled"] !== true)
    .filter((f) => {
      const targets = f.resource["targetTags"] as string[] | undefined;
      return !targets || targets.some((t) => tags.includes(t));
    })
    .map((f) => groupIn(ctx, region, f))
    .filter((id) => id !== undefined);
}

/**
 * Gives every instance of `network` the groups of the rules that now apply to it, as Compute
 * Engine applies a rule to running instances as soon as it is made, changed or removed.
 */
function applyToInstances(ctx: GcpContext, network: string): void {
  const book = computeBook(ctx.world);
  for (const region of regionsOf(ctx)) {
    const cloud = cloudOf(ctx, region.name);
    for (const vm of cloud.vms.list().items) {
      const entry = book.instances.get(vm.id);
      if (entry?.network.split("/").at(-1) !== network) continue;
      const groups = firewallGroupsFor(ctx, region.name, network, entry.tags);
      for (const nic of cloud.networkInterfaces.list({ where: (n) => n.attachment?.vm.id === vm.id }).items) {
        cloud.networkInterfaces.update(nic.id, { securityGroupIds: groups });
      }
    }
  }
}

async function insert(ctx: GcpContext) {
  const body = bodyOf<FirewallBody>(ctx);
  const name = checkName(body.name);
  const network = networkOfField(ctx, body.network ?? "global/networks/default", "resource.network");
  const resource = normalize(body);
  const target = `global/firewalls/${name}`;
  if (findFirewall(ctx, name)) throw alreadyExists(relative(ctx, target));
  return operate(ctx, { scope: { kind: "global" }, operationType: "insert", target }, () => {
    const rules = worldRules(resource);
    const made: { region: string; id: string }[] = [];
    try {
      for (const region of regionsOf(ctx)) {
        const vpc = vpcIn(ctx, region.name, network.name);
        if (!vpc) continue;
        const description = typeof resource["description"] === "string" ? resource["description"] : name;
        const group = cloudOf(ctx, region.name).securityGroups.create({ name, vpcId: vpc.id, description, rules });
        made.push({ region: region.name, id: group.id });
      }
    } catch (error) {
      for (const { region, id } of made) cloudOf(ctx, region).securityGroups.delete(id);
      throw error;
    }
    const id = made[0]?.id ?? "";
    ctx.state.firewalls.set(projectKey(ctx.account, name), {
      id,
      project: ctx.account,
      name,
      network: network.name,
      createdAt: ctx.world.clock.now(),
      resource,
    });
    applyToInstances(ctx, network.name);
    return { targetId: id };
  });
}

/** PATCH (merge) and PUT (replace): the network and name stay. */
function change(kind: "patch" | "update") {
  return async (ctx: GcpContext) => {
    const entry = requireFirewall(ctx, param(ctx, "firewall"));
    const name = entry.name;
    const body = bodyOf<FirewallBody>(ctx);
    if (body.name !== undefined && body.name !== name) {
      throw invalidField("resource.name", body.name, "The name of a firewall cannot change.");
    }
    if (body.network !== undefined && networkOfField(ctx, body.network, "resource.network").name !== entry.network) {
      throw invalidField("resource.network", body.network, "The network of a firewall cannot change.");
    }
    const merge = () =>
      kind === "patch"
        ? {
            ...entry.resource,
            ...body,
            // A patch that sets one of allowed/denied replaces the other.
            ...(body.allowed !== undefined ? { denied: undefined } : {}),
            ...(body.denied !== undefined ? { allowed: undefined } : {}),
          }
        : body;
    normalize(merge());
    const target = `global/firewalls/${name}`;
    return operate(ctx, { scope: { kind: "global" }, operationType: kind, target }, () => {
      // Merged again onto the rule as it is now: a patch that waited in the gate loses no other change.
      const resource = normalize(merge());
      const rules = worldRules(resource);
      for (const region of regionsOf(ctx)) {
        const id = groupIn(ctx, region.name, entry);
        if (id) cloudOf(ctx, region.name).securityGroups.setRules(id, rules);
      }
      entry.resource = resource;
      applyToInstances(ctx, entry.network);
      return { targetId: entry.id };
    });
  };
}

async function remove(ctx: GcpContext) {
  const key = param(ctx, "firewall");
  const target = `global/firewalls/${key}`;
  return operate(ctx, { scope: { kind: "global" }, operationType: "delete", target }, () => {
    const entry = requireFirewall(ctx, key);
    const name = entry.name;
    // Instances using a rule's group lose it first: a firewall rule never blocks its own deletion.
    for (const region of regionsOf(ctx)) {
      const id = groupIn(ctx, region.name, entry);
      if (!id) continue;
      const cloud = cloudOf(ctx, region.name);
      for (const nic of cloud.networkInterfaces.list().items) {
        const groups = nic.securityGroups.map((g) => g.id);
        if (groups.includes(id)) {
          cloud.networkInterfaces.update(nic.id, { securityGroupIds: groups.filter((g) => g !== id) });
        }
      }
      cloud.securityGroups.delete(id);
    }
    ctx.state.firewalls.delete(projectKey(ctx.account, name));
    return { targetId: entry.id };
  });
}

export const firewallRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "global/firewalls",
    api: "compute.firewalls.list",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const entries = [...ctx.state.firewalls.values()].filter((f) => f.project === ctx.account);
        const items = entries.map((f) => firewallView(ctx, f));
        return json(200, listBody(ctx, "compute#firewallList", "global/firewalls", items));
      }),
  },
  {
    method: "GET",
    path: "global/firewalls/{firewall}",
    api: "compute.firewalls.get",
    handle: (ctx) =>
      gate(ctx, undefined, () => json(200, firewallView(ctx, requireFirewall(ctx, param(ctx, "firewall"))))),
  },
  { method: "POST", path: "global/firewalls", api: "compute.firewalls.insert", handle: insert },
  { method: "PATCH", path: "global/firewalls/{firewall}", api: "compute.firewalls.patch", handle: change("patch") },
  { method: "PUT", path: "global/firewalls/{firewall}", api: "compute.firewalls.update", handle: change("update") },
  { method: "DELETE", path: "global/firewalls/{firewall}", api: "compute.firewalls.delete", handle: remove },
];
