import type { AccountRegion } from "../../world/account-region.js";
import type { SecurityGroup, SecurityGroupRule } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import { crnOf, derivedId, iso, nameOr, resourceGroupRef } from "./context.js";
import {
  arrayOf,
  badRequest,
  checkName,
  conflict,
  enumOf,
  json,
  noContent,
  notFound,
  numberOf,
  objectOf,
  refId,
  stringOf,
} from "./http.js";
import type { Json } from "./http.js";
import { requireVpc, vpcExtras, vpcRef } from "./network.js";
import { page } from "./paging.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";

export function requireGroup(cloud: AccountRegion, id: string): SecurityGroup {
  const group = cloud.securityGroups.list({ where: (g) => g.id === id }).items[0];
  if (!group) throw notFound("not_found", `Security group ${id} not found.`, id);
  return group;
}

function ruleId(call: VpcCall, groupId: string, rule: SecurityGroupRule): string {
  return derivedId(
    call.region,
    "rule",
    groupId,
    rule.direction,
    rule.protocol,
    String(rule.portRange?.from),
    String(rule.portRange?.to),
    rule.cidr,
  );
}

function ruleView(call: VpcCall, groupId: string, rule: SecurityGroupRule): Json {
  const id = ruleId(call, groupId, rule);
  return {
    id,
    href: `${call.base}/security_groups/${groupId}/rules/${id}`,
    direction: rule.direction === "ingress" ? "inbound" : "outbound",
    ip_version: "ipv4",
    protocol: rule.protocol,
    ...(rule.portRange ? { port_min: rule.portRange.from, port_max: rule.portRange.to } : {}),
    remote: { cidr_block: rule.cidr },
    local: { cidr_block: "0.0.0.0/0" },
  };
}

export function groupRef(call: VpcCall, group: { id: string; name: string }): Json {
  return {
    id: group.id,
    crn: crnOf(call.account, call.region.name, "security-group", group.id),
    href: `${call.base}/security_groups/${group.id}`,
    name: group.name,
  };
}

/** The instances' network interfaces the group filters. */
function targetsOf(call: VpcCall, groupId: string): Json[] {
  const cloud = call.front.world.accountRegion({ provider: "IBM", account: call.account, region: call.region.name });
  return cloud.networkInterfaces
    .list({ where: (n) => n.attachment !== undefined && n.securityGroups.some((g) => g.id === groupId) })
    .items.flatMap((n) => {
      const vm = n.attachment?.vm;
      const live = vm
        ? cloud.vms.list({ where: (v) => v.id === vm.id && v.state !== "terminated" }).items[0]
        : undefined;
      if (!vm || !live) return [];
      return [
        {
          id: n.id,
          href: `${call.base}/instances/${vm.id}/network_interfaces/${n.id}`,
          name: "eth0",
          resource_type: "network_interface",
        },
      ];
    });
}

function groupView(call: VpcCall, group: SecurityGroup): Json {
  return {
    ...groupRef(call, group),
    created_at: iso(group.createdAt),
    rules: group.rules.map((r) => ruleView(call, group.id, r)),
    targets: targetsOf(call, group.id),
    vpc: vpcRef(call, group.vpc),
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(group.id)),
  };
}

/** A rule prototype in the world's vocabulary, refused where IBM refuses it (or the world cannot keep it). */
function ruleOf(body: Json, prefix = ""): SecurityGroupRule {
  const direction = enumOf(stringOf(body, "direction", true), ["inbound", "outbound"], `${prefix}direction`);
  const protocol = enumOf(stringOf(body, "protocol") ?? "all", ["all", "tcp", "udp", "icmp"], `${prefix}protocol`);
  const min = numberOf(body, "port_min");
  const max = numberOf(body, "port_max");
  if (body["ip_version"] !== undefined) enumOf(stringOf(body, "ip_version") ?? "", ["ipv4"], `${prefix}ip_version`);
  if ((min !== undefined || max !== undefined) && protocol !== "tcp" && protocol !== "udp")
    throw badRequest(
      "security_group_port_range_invalid_protocol",
      "A port range was specified with a protocol of 'icmp'. A port range is only valid for a protocol of 'tcp' or 'udp'.",
    );
  if ((body["type"] !== undefined || body["code"] !== undefined) && protocol !== "icmp")
    throw badRequest(
      "security_group_type_code_invalid_protocol",
      "An 'icmp' type/code was given, but the requested protocol was not 'icmp'. Set the protocol to 'icmp' or specify a port range.",
    );
  if (body["type"] !== undefined || body["code"] !== undefined)
    throw badRequest(
      "bad_request",
      "ICMP rules for one type or code are not served by the emulator; leave type and code out.",
    );
  if ((min === undefined) !== (max === undefined))
    throw badRequest(
      "security_group_port_range_both_or_neither",
      "Port range must be unset, or both a minimum and maximum port must be set for 'tcp' and 'udp'.",
    );
  if (min !== undefined && max !== undefined) {
    if (min < 1 || max > 65535)
      throw badRequest(
        "validation_max_value",
        "A value provided for a parameter is larger than allowed: ports are 1 to 65535.",
      );
    if (max < min)
      throw badRequest("security_group_port_max_less_than_port_min", "TCP/UDP max port cannot be less than min port.");
  }
  const remote = objectOf(body, "remote");
  let cidr = "0.0.0.0/0";
  if (remote) {
    const block = stringOf(remote, "cidr_block");
    const address = stringOf(remote, "address");
    if (block !== undefined) cidr = block;
    else if (address !== undefined) cidr = `${address}/32`;
    else
      throw badRequest(
        "bad_request",
        "Rules naming a remote security group are not served by the emulator; give remote.cidr_block or remote.address.",
      );
  }
  return {
    direction: direction === "inbound" ? "ingress" : "egress",
    protocol,
    ...(min !== undefined && max !== undefined ? { portRange: { from: min, to: max } } : {}),
    cidr,
  };
}

async function groupById(call: VpcCall, id: string): Promise<Json> {
  return call.call((cloud) => groupView(call, requireGroup(cloud, id)));
}

export const securityGroupRoutes: Route[] = [
  {
    method: "GET",
    path: path("/security_groups"),
    api: "list_security_groups",
    handle: async (call) => {
      const vpcFilter = call.query.get("vpc.id");
      const views = await call.call((cloud) =>
        cloud.securityGroups
          .list({ where: (g) => call.front.state.vpcs.has(g.vpc.id) && (vpcFilter === null || g.vpc.id === vpcFilter) })
          .items.map((g) => groupView(call, g)),
      );
      return json(200, page(call.url, "security_groups", views, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/security_groups"),
    api: "create_security_group",
    handle: async (call) => {
      const body = call.body();
      const vpcId = refId(body, "vpc", true);
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "sg");
      const rules = (arrayOf(body, "rules") ?? []).map((r, i) => ruleOf(r, `rules[${i}].`));
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud) => {
        requireVpc(cloud, vpcId);
        const group = cloud.securityGroups.create({ name, vpcId, rules });
        if (resourceGroup !== undefined) call.front.state.resourceGroups.set(group.id, resourceGroup);
        return groupView(call, group);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/security_groups/{}"),
    api: "get_security_group",
    handle: async (call) => json(200, await groupById(call, call.params[0] ?? "")),
  },
  {
    method: "GET",
    path: path("/vpcs/{}/default_security_group"),
    api: "get_vpc_default_security_group",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const view = await call.call((cloud) => {
        requireVpc(cloud, id);
        return groupView(call, requireGroup(cloud, vpcExtras(call, id).defaultSecurityGroupId));
      });
      return json(200, view);
    },
  },
  {
    method: "DELETE",
    path: path("/security_groups/{}"),
    api: "delete_security_group",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      await call.call((cloud) => {
        const group = requireGroup(cloud, id);
        if (call.front.state.vpcs.get(group.vpc.id)?.defaultSecurityGroupId === id)
          throw conflict("security_group_vpc_default", "Cannot delete the default security group for a VPC.");
        // Security groups have no status: IBM answers 204 and the group is gone.
        cloud.securityGroups.delete(id);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/security_groups/{}/rules"),
    api: "list_security_group_rules",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const group = await call.call((cloud) => requireGroup(cloud, id));
      return json(200, { rules: group.rules.map((r) => ruleView(call, id, r)) });
    },
  },
  {
    method: "POST",
    path: path("/security_groups/{}/rules"),
    api: "create_security_group_rule",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const rule = ruleOf(call.body());
      const view = await call.call((cloud) => {
        const group = requireGroup(cloud, id);
        const existing = group.rules.find((r) => ruleId(call, id, r) === ruleId(call, id, rule));
        if (!existing) cloud.securityGroups.addRules(id, [rule]);
        return ruleView(call, id, rule);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/security_groups/{}/rules/{}"),
    api: "get_security_group_rule",
    handle: async (call) => {
      const [id = "", rid = ""] = call.params;
      const group = await call.call((cloud) => requireGroup(cloud, id));
      const rule = group.rules.find((r) => ruleId(call, id, r) === rid);
      if (!rule) throw notFound("not_found", `Security group rule ${rid} not found.`, rid);
      return json(200, ruleView(call, id, rule));
    },
  },
  {
    method: "DELETE",
    path: path("/security_groups/{}/rules/{}"),
    api: "delete_security_group_rule",
    handle: async (call) => {
      const [id = "", rid = ""] = call.params;
      await call.call((cloud) => {
        const group = requireGroup(cloud, id);
        const rule = group.rules.find((r) => ruleId(call, id, r) === rid);
        if (!rule) throw notFound("not_found", `Security group rule ${rid} not found.`, rid);
        cloud.securityGroups.removeRules(id, [rule]);
      });
      return noContent(204);
    },
  },
];
