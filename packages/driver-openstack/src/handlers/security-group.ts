import { ignoreNotFound, sameRule } from "@cloud-barista/core/driver";
import type { CallContext, SecurityGroupHandler, SecurityGroupInfo, SecurityRule } from "@cloud-barista/core/driver";
import { notFound } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { decodeTags, encodeTags, ownTag, vpcTagKey } from "../tags.js";
import type { NeutronRule, NeutronSecurityGroup } from "./native-types.js";
import { createTagged } from "./network.js";

/** The portable rule of a Neutron rule; undefined for what the model cannot say (IPv6, group sources). */
export function fromNeutronRule(rule: NeutronRule): SecurityRule | undefined {
  // Older Neutron shapes omit the ethertype of IPv4 rules.
  if ((rule.ethertype ?? "IPv4") !== "IPv4" || (rule.remote_group_id !== undefined && rule.remote_group_id !== null))
    return undefined;
  const direction = rule.direction === "ingress" ? "inbound" : "outbound";
  const cidr = rule.remote_ip_prefix ?? "0.0.0.0/0";
  switch (rule.protocol) {
    case null:
    case "any":
      return { direction, protocol: "ALL", cidr };
    case "icmp":
    case "1":
      return rule.port_range_min === null ? { direction, protocol: "ICMP", cidr } : undefined;
    case "tcp":
    case "6":
    case "udp":
    case "17": {
      const protocol = rule.protocol === "tcp" || rule.protocol === "6" ? "TCP" : "UDP";
      return { direction, protocol, fromPort: rule.port_range_min ?? 1, toPort: rule.port_range_max ?? 65535, cidr };
    }
    default:
      return undefined;
  }
}

export function toNeutronRule(securityGroupId: string, rule: SecurityRule): Record<string, unknown> {
  const ports = rule.protocol === "TCP" || rule.protocol === "UDP";
  return {
    security_group_id: securityGroupId,
    direction: rule.direction === "inbound" ? "ingress" : "egress",
    ethertype: "IPv4",
    protocol: rule.protocol === "ALL" ? null : rule.protocol.toLowerCase(),
    ...(ports ? { port_range_min: rule.fromPort ?? 1, port_range_max: rule.toPort ?? 65535 } : {}),
    remote_ip_prefix: rule.cidr,
  };
}

function toInfo(sg: NeutronSecurityGroup): SecurityGroupInfo {
  const network = ownTag(sg.tags, vpcTagKey) ?? "";
  return {
    iid: { nameId: sg.name, systemId: sg.id },
    // Neutron groups are project-wide: the VPC is the one the driver tagged the group with.
    vpcIID: { nameId: network, systemId: network },
    rules: sg.security_group_rules.flatMap((r) => fromNeutronRule(r) ?? []),
    tags: decodeTags(sg.tags),
    extra: { description: sg.description ?? "" },
  };
}

/**
 * Security groups are Neutron's, tagged "cb-vpc=<network id>" with the VPC they were made for.
 * Neutron adds allow-all egress rules to every new group; the driver removes those the request did
 * not ask for, so a group holds exactly the requested rules.
 */
export function createSecurityGroupHandler(session: OpenStackSession): SecurityGroupHandler {
  const show = async (ctx: CallContext, id: string) =>
    await session.call<NeutronSecurityGroup>(ctx, "neutron:ShowSecurityGroup", { id });
  const addRules = async (ctx: CallContext, id: string, rules: readonly SecurityRule[]) => {
    if (rules.length === 0) return;
    await session.call(
      ctx,
      "neutron:CreateSecurityGroupRule",
      {},
      rules.map((r) => toNeutronRule(id, r)),
    );
  };
  const deleteRule = (ctx: CallContext, id: string) =>
    session.call(ctx, "neutron:DeleteSecurityGroupRule", { id }).catch(ignoreNotFound);

  return {
    create: (request, ctx) =>
      ctx.compensate(async (undo) => {
        const sg = await createTagged<NeutronSecurityGroup>(
          session,
          ctx,
          "security-groups",
          { name: request.name, description: request.name },
          [`${vpcTagKey}=${request.vpcIID.systemId}`, ...encodeTags(request.tags)],
        );
        undo(`delete security group ${sg.id}`, (u) => session.call(u, "neutron:DeleteSecurityGroup", { id: sg.id }));
        const wanted = [...request.rules];
        for (const rule of sg.security_group_rules) {
          const portable = fromNeutronRule(rule);
          const at = portable === undefined ? -1 : wanted.findIndex((w) => sameRule(w, portable));
          if (at >= 0) wanted.splice(at, 1);
          else await deleteRule(ctx, rule.id);
        }
        await addRules(ctx, sg.id, wanted);
        return toInfo(await show(ctx, sg.id));
      }),

    get: async (sg, ctx) => toInfo(await show(ctx, sg.systemId)),

    list: (ctx) => session.list<NeutronSecurityGroup, SecurityGroupInfo>(ctx, "neutron:ListSecurityGroups", {}, toInfo),

    async delete(sg, ctx) {
      await session.call(ctx, "neutron:DeleteSecurityGroup", { id: sg.systemId });
    },

    async addRules(sg, rules, ctx) {
      await addRules(ctx, sg.systemId, rules);
      return toInfo(await show(ctx, sg.systemId));
    },

    async removeRules(sg, rules, ctx) {
      const current = await show(ctx, sg.systemId);
      const doomed = rules.map((rule) => {
        const found = current.security_group_rules.find((r) => {
          const portable = fromNeutronRule(r);
          return portable !== undefined && sameRule(portable, rule);
        });
        if (!found)
          throw notFound("securityRule", `${rule.direction} ${rule.protocol} ${rule.cidr}`, `group ${sg.nameId}`);
        return found.id;
      });
      for (const id of doomed) await deleteRule(ctx, id);
    },
  };
}
