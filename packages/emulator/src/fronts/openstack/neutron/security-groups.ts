import type { AccountRegion } from "../../../world/account-region.js";
import type { IpProtocol, SecurityGroup, SecurityGroupRule } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, numberField, objectField, readJson, stringField } from "../http.js";
import type { Route } from "../service.js";
import { neutronList } from "./listing.js";
import { createTags } from "./tags.js";
import { ruleIdOf, ruleView, securityGroupView } from "./render.js";

const protocols: Readonly<Record<string, IpProtocol>> = {
  tcp: "tcp",
  "6": "tcp",
  udp: "udp",
  "17": "udp",
  icmp: "icmp",
  "1": "icmp",
  any: "all",
};

/** The world rule of a Neutron rule body. */
function worldRule(args: Record<string, unknown>): SecurityGroupRule {
  const direction = stringField(args, "direction", true);
  if (direction !== "ingress" && direction !== "egress")
    throw badRequest(`Invalid input for direction. Reason: ${direction} is not in valid_values.`);
  if ((stringField(args, "ethertype") ?? "IPv4") !== "IPv4") throw badRequest("The emulator supports IPv4 rules only.");
  if (args["remote_group_id"] !== undefined && args["remote_group_id"] !== null)
    throw badRequest("The emulator does not support remote_group_id.");
  const given = args["protocol"];
  const rawProtocol = typeof given === "string" || typeof given === "number" ? String(given).toLowerCase() : "any";
  const protocol = protocols[rawProtocol];
  if (!protocol) throw badRequest(`Security group rule protocol ${rawProtocol} not supported.`);
  const cidr = stringField(args, "remote_ip_prefix") ?? "0.0.0.0/0";
  const min = numberField(args, "port_range_min");
  const max = numberField(args, "port_range_max");
  const base: SecurityGroupRule = { direction, protocol, cidr };
  if (protocol === "tcp" || protocol === "udp") {
    // No range means every port.
    const from = min ?? 1;
    const to = max ?? (min === undefined ? 65535 : min);
    if (from > to) throw badRequest("For TCP/UDP protocols, port_range_min must be <= port_range_max");
    return { ...base, portRange: { from, to } };
  }
  if (min !== undefined || max !== undefined)
    throw badRequest("The emulator supports ICMP rules for every type and code only.");
  return base;
}

function findRule(cloud: AccountRegion, id: string): { sg: SecurityGroup; rule: SecurityGroupRule } {
  for (const sg of cloud.securityGroups.list().items) {
    const rule = sg.rules.find((r) => ruleIdOf(sg.id, r) === id);
    if (rule) return { sg, rule };
  }
  throw new FrontError(404, `Security group rule ${id} does not exist`, "SecurityGroupRuleNotFound");
}

export const securityGroupRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/security-groups$/,
    api: "neutron:ListSecurityGroups",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "security_groups",
          cloud.securityGroups.list().items.map((sg) => securityGroupView(call, sg)),
          { member: "security-group" },
        ),
      ),
  },
  {
    method: "GET",
    path: /^\/security-groups\/([^/]+)$/,
    api: "neutron:ShowSecurityGroup",
    handle: (call) =>
      call.call((cloud) =>
        json(200, { security_group: securityGroupView(call, cloud.securityGroups.get(call.params[0] ?? "")) }),
      ),
  },
  {
    method: "POST",
    path: /^\/security-groups$/,
    api: "neutron:CreateSecurityGroup",
    handle: (call) => {
      const args = objectField(readJson(call.request), "security_group");
      const tags = createTags(call, "security-groups", args);
      return call.call((cloud) => {
        // Neutron's groups belong to the project; the world files them under the operator's shared
        // network, which no project deletes.
        const vpcId = cloud.vpcs.list({ where: (v) => v.shared !== undefined }).items[0]?.id ?? "";
        const sg = cloud.securityGroups.create({
          name: stringField(args, "name") ?? "",
          description: stringField(args, "description") ?? "",
          vpcId,
          tags,
          // Neutron gives every new group an allow-all egress rule (and an IPv6 one the world cannot hold).
          rules: [{ direction: "egress", protocol: "all", cidr: "0.0.0.0/0" }],
        });
        return json(201, { security_group: securityGroupView(call, sg) });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/security-groups\/([^/]+)$/,
    api: "neutron:DeleteSecurityGroup",
    handle: (call) =>
      call.call((cloud) => {
        cloud.securityGroups.delete(call.params[0] ?? "");
        return noContent(204);
      }),
  },
  {
    method: "GET",
    path: /^\/security-group-rules$/,
    api: "neutron:ListSecurityGroupRules",
    handle: (call) =>
      call.call((cloud) =>
        neutronList(
          call,
          "security_group_rules",
          cloud.securityGroups.list().items.flatMap((sg) => sg.rules.map((r) => ruleView(call, sg, r))),
          { member: "security-group-rule" },
        ),
      ),
  },
  {
    method: "GET",
    path: /^\/security-group-rules\/([^/]+)$/,
    api: "neutron:ShowSecurityGroupRule",
    handle: (call) =>
      call.call((cloud) => {
        const { sg, rule } = findRule(cloud, call.params[0] ?? "");
        return json(200, { security_group_rule: ruleView(call, sg, rule) });
      }),
  },
  {
    method: "POST",
    path: /^\/security-group-rules$/,
    api: "neutron:CreateSecurityGroupRule",
    handle: (call) => {
      const body = readJson(call.request);
      // One rule, or Neutron's bulk form {"security_group_rules": [...]}.
      const bulk = Array.isArray(body["security_group_rules"]);
      const list = bulk
        ? (body["security_group_rules"] as Record<string, unknown>[])
        : [objectField(body, "security_group_rule")];
      const wanted = list.map((args) => ({
        sgId: stringField(args, "security_group_id", true),
        rule: worldRule(args),
      }));
      return call.call((cloud) => {
        const created = [];
        for (const sgId of new Set(wanted.map((w) => w.sgId))) {
          const rules = wanted.filter((w) => w.sgId === sgId).map((w) => w.rule);
          const existing = cloud.securityGroups.get(sgId);
          const duplicate = rules.find((rule) =>
            existing.rules.some((r) => ruleIdOf(sgId, r) === ruleIdOf(sgId, rule)),
          );
          if (duplicate)
            throw new FrontError(
              409,
              `Security group rule already exists. Rule id is ${ruleIdOf(sgId, duplicate)}.`,
              "SecurityGroupRuleExists",
            );
          const sg = cloud.securityGroups.addRules(sgId, rules);
          for (const rule of rules) {
            const stored = sg.rules.find((r) => ruleIdOf(sg.id, r) === ruleIdOf(sg.id, rule));
            if (stored) created.push(ruleView(call, sg, stored));
          }
        }
        return json(201, bulk ? { security_group_rules: created } : { security_group_rule: created[0] });
      });
    },
  },
  {
    method: "DELETE",
    path: /^\/security-group-rules\/([^/]+)$/,
    api: "neutron:DeleteSecurityGroupRule",
    handle: (call) =>
      call.call((cloud) => {
        const { sg, rule } = findRule(cloud, call.params[0] ?? "");
        cloud.securityGroups.removeRules(sg.id, [rule]);
        return noContent(204);
      }),
  },
];
