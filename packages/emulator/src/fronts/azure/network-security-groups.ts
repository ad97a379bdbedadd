import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { IpProtocol, SecurityGroup, SecurityGroupRule, Tags } from "../../world/types.js";
import { ArmError, badRequest } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json, pageAcrossRegions } from "./context.js";
import type { ArmContext } from "./context.js";
import { networkDeleteAnswer, provisioningState, startOperation } from "./operations.js";
import { etagOf, guidOf, inGroup, subjectOf } from "./resource-ids.js";

const type = "Microsoft.Network/networkSecurityGroups";

interface RuleBody {
  name?: unknown;
  properties?: {
    priority?: unknown;
    direction?: unknown;
    access?: unknown;
    protocol?: unknown;
    sourceAddressPrefix?: unknown;
    sourcePortRange?: unknown;
    destinationAddressPrefix?: unknown;
    destinationPortRange?: unknown;
    description?: unknown;
  };
}

interface NsgBody {
  location?: unknown;
  tags?: Tags;
  properties?: { securityRules?: RuleBody[] };
}

const toProtocol: Readonly<Record<string, IpProtocol>> = { tcp: "tcp", udp: "udp", icmp: "icmp", "*": "all" };
const fromProtocol: Readonly<Record<IpProtocol, string>> = { tcp: "Tcp", udp: "Udp", icmp: "Icmp", all: "*" };

/** The six rules every NSG has, below any rule a user can make (priorities 65000 and up). */
const defaultRules = [
  [
    "AllowVnetInBound",
    65000,
    "Inbound",
    "Allow",
    "VirtualNetwork",
    "VirtualNetwork",
    "Allow inbound traffic from all VMs in VNET",
  ],
  [
    "AllowAzureLoadBalancerInBound",
    65001,
    "Inbound",
    "Allow",
    "AzureLoadBalancer",
    "*",
    "Allow inbound traffic from azure load balancer",
  ],
  ["DenyAllInBound", 65500, "Inbound", "Deny", "*", "*", "Deny all inbound traffic"],
  [
    "AllowVnetOutBound",
    65000,
    "Outbound",
    "Allow",
    "VirtualNetwork",
    "VirtualNetwork",
    "Allow outbound traffic from all VMs to all VMs in VNET",
  ],
  [
    "AllowInternetOutBound",
    65001,
    "Outbound",
    "Allow",
    "*",
    "Internet",
    "Allow outbound traffic from all VMs to Internet",
  ],
  ["DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*", "Deny all outbound traffic"],
] as const;

function ruleResource(id: string, name: string, properties: Record<string, unknown>, ruleType: string) {
  const body = { id: `${id}/${ruleType}/${name}`, name, type: `${type}/${ruleType}`, properties };
  return { ...body, etag: etagOf(body) };
}

function portText(rule: SecurityGroupRule): string {
  const range = rule.portRange;
  if (!range || (range.from === 0 && range.to === 65535)) return "*";
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

function renderRule(nsgId: string, rule: SecurityGroupRule, index: number) {
  const remote = rule.cidr === "0.0.0.0/0" ? "*" : rule.cidr;
  const inbound = rule.direction === "ingress";
  return ruleResource(
    nsgId,
    rule.name ?? `rule-${index}`,
    {
      provisioningState: "Succeeded",
      protocol: fromProtocol[rule.protocol],
      sourcePortRange: "*",
      destinationPortRange: portText(rule),
      sourceAddressPrefix: inbound ? remote : "*",
      destinationAddressPrefix: inbound ? "*" : remote,
      access: rule.action === "deny" ? "Deny" : "Allow",
      priority: rule.priority ?? 100 + index,
      direction: inbound ? "Inbound" : "Outbound",
      sourcePortRanges: [],
      destinationPortRanges: [],
      sourceAddressPrefixes: [],
      destinationAddressPrefixes: [],
    },
    "securityRules",
  );
}

function render(ctx: ArmContext, sg: SecurityGroup, region: string) {
  const body = {
    id: sg.id,
    name: sg.name,
    type,
    location: region,
    tags: sg.tags,
    properties: {
      provisioningState: provisioningState(ctx, sg.createdAt),
      resourceGuid: guidOf(sg.id, sg.createdAt),
      securityRules: sg.rules.map((rule, i) => renderRule(sg.id, rule, i)),
      defaultSecurityRules: defaultRules.map(([name, priority, direction, access, source, destination, description]) =>
        ruleResource(
          sg.id,
          name,
          {
            provisioningState: "Succeeded",
            description,
            protocol: "*",
            sourcePortRange: "*",
            destinationPortRange: "*",
            sourceAddressPrefix: source,
            destinationAddressPrefix: destination,
            access,
            priority,
            direction,
          },
          "defaultSecurityRules",
        ),
      ),
    },
  };
  return { ...body, etag: etagOf(body) };
}

/** An address prefix the world keeps as a CIDR: "*" is every address; service tags are not kept. */
function prefix(value: unknown, field: string): string {
  if (value === "*") return "0.0.0.0/0";
  if (typeof value !== "string" || value === "")
    throw badRequest("InvalidRequestFormat", `${field} is required.`, field);
  if (!/^[\d.]+(\/\d+)?$/.test(value)) {
    throw badRequest(
      "UnsupportedByEmulator",
      `The emulator keeps address prefixes as CIDRs or "*", not '${value}'.`,
      field,
    );
  }
  return value.includes("/") ? value : `${value}/32`;
}

function ports(value: unknown, field: string): { from: number; to: number } {
  if (value === "*") return { from: 0, to: 65535 };
  const match = typeof value === "string" ? /^(\d+)(?:-(\d+))?$/.exec(value) : null;
  if (!match)
    throw badRequest(
      "SecurityRuleInvalidPortRange",
      `Security rule has invalid Port range. Value provided: ${JSON.stringify(value)}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
      field,
    );
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  if (from > to || to > 65535)
    throw badRequest(
      "SecurityRuleInvalidPortRange",
      `Security rule has invalid Port range. Value provided: ${value as string}. Valid range 0-65535.`,
      field,
    );
  return { from, to };
}

/** The world's rule for an ARM security rule, refused as Network RP refuses a bad one. */
function toRule(body: RuleBody, i: number): SecurityGroupRule {
  const field = `properties.securityRules[${i}]`;
  const p = body.properties ?? {};
  if (typeof body.name !== "string" || body.name === "")
    throw badRequest("InvalidRequestFormat", `${field}.name is required.`, field);
  if (typeof p.priority !== "number" || !Number.isInteger(p.priority) || p.priority < 100 || p.priority > 4096) {
    throw badRequest(
      "SecurityRuleInvalidPriority",
      `Security rule ${body.name} has invalid Priority. Value provided: ${JSON.stringify(p.priority)} Allowed range 100-4096.`,
      `${field}.properties.priority`,
    );
  }
  const direction = p.direction === "Inbound" ? "ingress" : p.direction === "Outbound" ? "egress" : undefined;
  if (!direction)
    throw badRequest(
      "SecurityRuleInvalidDirection",
      `Security rule ${body.name} has invalid direction ${JSON.stringify(p.direction)}.`,
      `${field}.properties.direction`,
    );
  const action = p.access === "Allow" ? "allow" : p.access === "Deny" ? "deny" : undefined;
  if (!action)
    throw badRequest(
      "SecurityRuleInvalidAccess",
      `Security rule ${body.name} has invalid access ${JSON.stringify(p.access)}.`,
      `${field}.properties.access`,
    );
  const protocol = typeof p.protocol === "string" ? toProtocol[p.protocol.toLowerCase()] : undefined;
  if (!protocol)
    throw badRequest(
      "SecurityRuleInvalidProtocol",
      `Security rule ${body.name} has invalid protocol ${JSON.stringify(p.protocol)}.`,
      `${field}.properties.protocol`,
    );
  // The world keeps the remote side of a rule: the local side must be any address and port.
  const local = direction === "ingress" ? p.destinationAddressPrefix : p.sourceAddressPrefix;
  if (local !== "*" || (p.sourcePortRange ?? "*") !== "*") {
    throw badRequest(
      "UnsupportedByEmulator",
      `The emulator keeps rules whose ${direction === "ingress" ? "destination" : "source"} is "*" and source port "*".`,
      field,
    );
  }
  const cidr = prefix(
    direction === "ingress" ? p.sourceAddressPrefix : p.destinationAddressPrefix,
    `${field}.properties.addressPrefix`,
  );
  const range = ports(p.destinationPortRange ?? "*", `${field}.properties.destinationPortRange`);
  return {
    name: body.name,
    priority: p.priority,
    action,
    direction,
    protocol,
    cidr,
    ...(protocol === "tcp" || protocol === "udp" ? { portRange: range } : {}),
  };
}

/** Rules as Network RP checks them together: unique names, one rule per priority and direction. */
function toRules(bodies: readonly RuleBody[]): SecurityGroupRule[] {
  const rules = bodies.map(toRule);
  rules.forEach((rule, i) => {
    const clash = rules.findIndex(
      (other, j) => j < i && other.direction === rule.direction && other.priority === rule.priority,
    );
    if (clash >= 0) {
      const dir = rule.direction === "ingress" ? "Inbound" : "Outbound";
      throw badRequest(
        "SecurityRuleConflict",
        `Security rule ${rules[clash]?.name} conflicts with rule ${rule.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules. Priority: ${rule.priority} Direction: ${dir}.`,
      );
    }
    if (rules.findIndex((other) => other.name === rule.name) !== i) {
      throw badRequest(
        "InvalidRequestFormat",
        `Cannot parse the request: security rule name ${rule.name} is used twice.`,
      );
    }
  });
  return rules;
}

function regionOf(ctx: ArmContext, id: string): string | undefined {
  return ctx.world.locate({ provider: "AZURE", account: ctx.account }, id)?.region;
}

/** PUT, GET, DELETE .../networkSecurityGroups/{name}; GET .../networkSecurityGroups lists the group's. */
export async function serveNetworkSecurityGroups(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET")
      throw new ArmError(405, "MethodNotAllowed", "Only GET lists network security groups.");
    const page = await gate(ctx, group.location, "NetworkSecurityGroups_List", () =>
      pageAcrossRegions(ctx, (cloud, options) => {
        const list = cloud.securityGroups.list({ ...options, where: (g) => inGroup(ctx, group, g.id) });
        return { ...list, items: list.items.map((g) => render(ctx, g, cloud.region)) };
      }),
    );
    return json(200, page);
  }
  const subject = subjectOf(ctx, group, type, name);
  const { id } = subject;
  switch (ctx.request.method) {
    case "GET": {
      const region = regionOf(ctx, id) ?? group.location;
      const sg = await gate(ctx, region, "NetworkSecurityGroups_Get", (cloud) => cloud.securityGroups.get(id), subject);
      return json(200, render(ctx, sg, region));
    }
    case "PUT": {
      const body = bodyOf<NsgBody>(ctx.request);
      const location = checkLocation(ctx, body.location, type);
      const rules = toRules(body.properties?.securityRules ?? []);
      const existing = regionOf(ctx, id);
      if (existing !== undefined && existing !== location) {
        throw badRequest(
          "InvalidResourceLocation",
          `The resource '${name}' already exists in location '${existing}' in resource group '${group.name}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
        );
      }
      const sg = await gate(
        ctx,
        location,
        "NetworkSecurityGroups_CreateOrUpdate",
        (cloud) => {
          if (existing === undefined)
            return cloud.securityGroups.create({ name, rules, tags: body.tags, resourceGroup: group.name });
          const current = cloud.securityGroups.get(id);
          if (body.tags !== undefined) {
            const gone = Object.keys(current.tags).filter((k) => !Object.hasOwn(body.tags ?? {}, k));
            if (gone.length > 0) cloud.tags.remove(id, gone);
            if (Object.keys(body.tags).length > 0) cloud.tags.add(id, body.tags);
          }
          return cloud.securityGroups.setRules(id, rules);
        },
        subject,
      );
      const headers = startOperation(ctx, { region: location, resourceId: id });
      return json(existing === undefined ? 201 : 200, render(ctx, sg, location), headers);
    }
    case "DELETE": {
      const region = regionOf(ctx, id) ?? group.location;
      const found = await gate(
        ctx,
        region,
        "NetworkSecurityGroups_Delete",
        (cloud) => {
          if (cloud.securityGroups.list({ where: (g) => g.id === id }).items.length === 0) return false;
          cloud.securityGroups.delete(id);
          return true;
        },
        subject,
      );
      return networkDeleteAnswer(ctx, found, region, id);
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}
