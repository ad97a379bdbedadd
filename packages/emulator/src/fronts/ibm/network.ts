import { cidrContains, cidrOverlaps, formatCidr, parseCidr } from "../../world/cidr.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { Subnet, Vpc } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import {
  bury,
  crnOf,
  defaultResourceGroupId,
  derivedId,
  iso,
  liveGhost,
  liveGhosts,
  nameOr,
  newId,
  resourceGroupRef,
  settledStatus,
  zoneRef,
} from "./context.js";
import {
  badRequest,
  booleanOf,
  checkName,
  conflict,
  enumOf,
  json,
  noContent,
  notFound,
  numberOf,
  objectOf,
  refId,
  requiredField,
  stringOf,
} from "./http.js";
import type { Json } from "./http.js";
import { page } from "./paging.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";
import type { AddressPrefix, PublicGateway, VpcExtras } from "./state.js";

/** The second octet of IBM's default address prefixes per region (us-south 10.240.0.0/18, ...). */
const defaultOctet: Readonly<Record<string, number>> = {
  "us-south": 240,
  "us-east": 241,
  "eu-gb": 242,
  "eu-de": 243,
  "jp-tok": 244,
  "au-syd": 245,
  "ca-tor": 249,
  "br-sao": 250,
};

/** IBM reserves five addresses of every subnet. */
const reservedPerSubnet = 5;

// ---- VPCs -------------------------------------------------------------------------------------

export function vpcExtras(call: VpcCall, vpcId: string): VpcExtras {
  const extras = call.front.state.vpcs.get(vpcId);
  if (!extras) throw notFound("not_found", `VPC ${vpcId} not found.`, vpcId);
  return extras;
}

/** The world VPC of an id (IBM's 404 otherwise). */
export function requireVpc(cloud: AccountRegion, id: string): Vpc {
  const vpc = cloud.vpcs.list({ where: (v) => v.id === id }).items[0];
  if (!vpc) throw notFound("not_found", `VPC ${id} not found.`, id);
  return vpc;
}

export function vpcRef(call: VpcCall, vpc: { id: string; name: string }): Json {
  return {
    id: vpc.id,
    crn: crnOf(call.account, call.region.name, "vpc", vpc.id),
    href: `${call.base}/vpcs/${vpc.id}`,
    name: vpc.name,
    resource_type: "vpc",
  };
}

function vpcView(call: VpcCall, vpc: Vpc): Json {
  const extras = vpcExtras(call, vpc.id);
  const sg = extras.defaultSecurityGroupId;
  return {
    ...vpcRef(call, vpc),
    status: settledStatus(call, vpc.createdAt, "available"),
    health_state: "ok",
    health_reasons: [],
    classic_access: extras.classicAccess,
    created_at: iso(vpc.createdAt),
    cse_source_ips: call.region.zones.map((z, i) => ({
      ip: { address: `10.16.${i}.${10 + i}` },
      zone: zoneRef(call, z.name),
    })),
    default_network_acl: {
      id: extras.defaultNetworkAclId,
      crn: crnOf(call.account, call.region.name, "network-acl", extras.defaultNetworkAclId),
      href: `${call.base}/network_acls/${extras.defaultNetworkAclId}`,
      name: `${vpc.name}-default-acl`,
    },
    default_routing_table: {
      id: extras.defaultRoutingTableId,
      href: `${call.base}/vpcs/${vpc.id}/routing_tables/${extras.defaultRoutingTableId}`,
      name: `${vpc.name}-default-rt`,
      resource_type: "routing_table",
    },
    default_security_group: {
      id: sg,
      crn: crnOf(call.account, call.region.name, "security-group", sg),
      href: `${call.base}/security_groups/${sg}`,
      name: `${vpc.name}-default-sg`,
    },
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(vpc.id)),
    dns: { enable_hub: false, resolution_binding_count: 0, resolver: { type: "system", servers: [] } },
  };
}

function prefixView(call: VpcCall, vpcId: string, prefix: AddressPrefix): Json {
  return {
    id: prefix.id,
    href: `${call.base}/vpcs/${vpcId}/address_prefixes/${prefix.id}`,
    name: prefix.name,
    cidr: prefix.cidr,
    zone: zoneRef(call, prefix.zone),
    is_default: prefix.isDefault,
    has_subnets: false,
    created_at: iso(prefix.createdAt),
  };
}

async function vpcById(call: VpcCall, id: string): Promise<Json> {
  const view = await call.call((cloud) => {
    const vpc = cloud.vpcs.list({ where: (v) => v.id === id }).items[0];
    return vpc ? vpcView(call, vpc) : undefined;
  });
  if (view) return view;
  const ghost = liveGhost(call, "vpcs", id);
  if (ghost) return ghost.view;
  throw notFound("not_found", `VPC ${id} not found.`, id);
}

function defaultPrefixes(call: VpcCall, vpcName: string, now: number): AddressPrefix[] {
  const octet = defaultOctet[call.region.name] ?? 240;
  return call.region.zones.map((zone, i) => ({
    id: newId(call.region),
    name: `${vpcName}-${zone.name}-default`,
    cidr: `10.${octet}.${i * 64}.0/18`,
    zone: zone.name,
    isDefault: true,
    createdAt: now,
  }));
}

// ---- Subnets ----------------------------------------------------------------------------------

export function requireSubnet(cloud: AccountRegion, id: string): Subnet {
  const subnet = cloud.subnets.list({ where: (s) => s.id === id }).items[0];
  if (!subnet) throw notFound("not_found", `Subnet ${id} not found.`, id);
  return subnet;
}

export function subnetRef(call: VpcCall, subnet: { id: string; name: string; zone?: string }): Json {
  return {
    id: subnet.id,
    crn: crnOf(call.account, subnet.zone ?? call.region.name, "subnet", subnet.id),
    href: `${call.base}/subnets/${subnet.id}`,
    name: subnet.name,
    resource_type: "subnet",
  };
}

function subnetView(call: VpcCall, subnet: Subnet, vpc: { id: string; name: string }): Json {
  const extras = call.front.state.vpcs.get(vpc.id);
  const total = 2 ** (32 - Number(subnet.cidr.split("/")[1] ?? 32));
  const gatewayId = call.front.state.subnetGateways.get(subnet.id);
  const gateway = gatewayId === undefined ? undefined : call.front.state.gateways.get(gatewayId);
  return {
    ...subnetRef(call, subnet),
    status: settledStatus(call, subnet.createdAt, "available"),
    ip_version: "ipv4",
    ipv4_cidr_block: subnet.cidr,
    total_ipv4_address_count: total,
    available_ipv4_address_count: Math.max(0, Math.min(subnet.availableIpCount, total - reservedPerSubnet)),
    zone: zoneRef(call, subnet.zone),
    vpc: vpcRef(call, vpc),
    created_at: iso(subnet.createdAt),
    network_acl: extras
      ? {
          id: extras.defaultNetworkAclId,
          href: `${call.base}/network_acls/${extras.defaultNetworkAclId}`,
          name: `${vpc.name}-default-acl`,
        }
      : undefined,
    routing_table: extras
      ? {
          id: extras.defaultRoutingTableId,
          href: `${call.base}/vpcs/${vpc.id}/routing_tables/${extras.defaultRoutingTableId}`,
          name: `${vpc.name}-default-rt`,
          resource_type: "routing_table",
        }
      : undefined,
    ...(gateway ? { public_gateway: gatewayRef(call, gateway) } : {}),
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(subnet.id)),
  };
}

async function subnetById(call: VpcCall, id: string): Promise<Json> {
  const view = await call.call((cloud) => {
    const subnet = cloud.subnets.list({ where: (s) => s.id === id }).items[0];
    return subnet ? subnetView(call, subnet, requireVpc(cloud, subnet.vpcId)) : undefined;
  });
  if (view) return view;
  const ghost = liveGhost(call, "subnets", id);
  if (ghost) return ghost.view;
  throw notFound("not_found", `Subnet ${id} not found.`, id);
}

/** The first free aligned block of `count` addresses in the zone's default prefix. */
function pickCidr(call: VpcCall, extras: VpcExtras, zone: string, count: number, taken: readonly string[]): string {
  const prefix = extras.prefixes.find((p) => p.zone === zone && p.isDefault);
  if (!prefix)
    throw badRequest(
      "no_default_address_prefix",
      "The zone must have a default address prefix to create a subnet using total_ipv4_address_count.",
    );
  const outer = parseCidr(prefix.cidr);
  const length = 32 - Math.log2(count);
  if (!outer || !Number.isInteger(length) || count < 8)
    throw badRequest("validation_min_value", "total_ipv4_address_count must be a power of two, at least 8.", {
      name: "total_ipv4_address_count",
      type: "field",
      value: String(count),
    });
  const used = taken.flatMap((c) => parseCidr(c) ?? []);
  for (let base = outer.base; base < outer.base + 2 ** (32 - outer.prefixLength); base += count) {
    const candidate = { base, prefixLength: length };
    if (cidrContains(outer, candidate) && !used.some((u) => cidrOverlaps(u, candidate))) return formatCidr(candidate);
  }
  throw badRequest("insufficient_space_for_subnet", "Insufficient space for subnet in address prefix.");
}

// ---- Public gateways --------------------------------------------------------------------------

function gatewayRef(call: VpcCall, gateway: PublicGateway): Json {
  return {
    id: gateway.id,
    crn: crnOf(call.account, gateway.zone, "public-gateway", gateway.id),
    href: `${call.base}/public_gateways/${gateway.id}`,
    name: gateway.name,
    resource_type: "public_gateway",
  };
}

function gatewayView(call: VpcCall, gateway: PublicGateway, vpcName: string): Json {
  return {
    ...gatewayRef(call, gateway),
    status: settledStatus(call, gateway.createdAt, "available"),
    created_at: iso(gateway.createdAt),
    floating_ip: {
      id: gateway.publicIpId,
      crn: crnOf(call.account, gateway.zone, "floating-ip", gateway.publicIpId),
      href: `${call.base}/floating_ips/${gateway.publicIpId}`,
      name: `${gateway.name}-ip`,
      address: gateway.address,
    },
    vpc: vpcRef(call, { id: gateway.vpcId, name: vpcName }),
    zone: zoneRef(call, gateway.zone),
    resource_group: resourceGroupRef(call, gateway.resourceGroupId),
  };
}

function ownGateway(call: VpcCall, id: string): PublicGateway | undefined {
  const gateway = call.front.state.gateways.get(id);
  return gateway && gateway.account === call.account && gateway.region === call.region.name ? gateway : undefined;
}

function requireGateway(call: VpcCall, id: string): PublicGateway {
  const gateway = ownGateway(call, id);
  if (!gateway) throw notFound("not_found", `Public gateway ${id} not found.`, id);
  return gateway;
}

function ownGateways(call: VpcCall): PublicGateway[] {
  return [...call.front.state.gateways.values()].filter(
    (g) => g.account === call.account && g.region === call.region.name,
  );
}

function zoneOf(call: VpcCall, body: Json): string {
  const zone = stringOf(objectOf(body, "zone", true), "name", true);
  if (!call.region.zones.some((z) => z.name === zone))
    throw badRequest("bad_request", `Zone ${zone} is not a zone of ${call.region.name}.`, {
      name: "zone.name",
      type: "field",
      value: zone,
    });
  return zone;
}

function attachGateway(call: VpcCall, cloud: AccountRegion, subnetId: string, gatewayId: string): Json {
  const subnet = requireSubnet(cloud, subnetId);
  const gateway = requireGateway(call, gatewayId);
  if (gateway.vpcId !== subnet.vpcId)
    throw badRequest("vpc_resource_separation", "The resources are in different VPCs.");
  if (gateway.zone !== subnet.zone)
    throw badRequest("invalid_zone", "Please check whether the resources you are requesting are in the same zone.");
  const current = call.front.state.subnetGateways.get(subnetId);
  if (current !== undefined && current !== gatewayId)
    throw conflict("subnet_public_gateway_conflict", `Subnet ${subnetId} already has public gateway ${current}.`);
  call.front.state.subnetGateways.set(subnetId, gatewayId);
  return gatewayView(call, gateway, requireVpc(cloud, gateway.vpcId).name);
}

// ---- Routes -----------------------------------------------------------------------------------

export const networkRoutes: Route[] = [
  {
    method: "GET",
    path: path("/vpcs"),
    api: "list_vpcs",
    handle: async (call) => {
      const views = await call.call((cloud) =>
        cloud.vpcs.list({ where: (v) => call.front.state.vpcs.has(v.id) }).items.map((v) => vpcView(call, v)),
      );
      const all = [...views, ...liveGhosts(call, "vpcs").map((g) => g.view)];
      return json(200, page(call.url, "vpcs", all, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/vpcs"),
    api: "create_vpc",
    handle: async (call) => {
      const body = call.body();
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "vpc");
      const management = enumOf(
        stringOf(body, "address_prefix_management") ?? "auto",
        ["auto", "manual"],
        "address_prefix_management",
      );
      const classicAccess = booleanOf(body, "classic_access") ?? false;
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud) => {
        const vpc = cloud.vpcs.create({ name });
        // The default group lets members reach out; IBM's also admits its own members, which the world's rules cannot name.
        const sg = cloud.securityGroups.create({
          name: `${name}-default-sg`,
          vpcId: vpc.id,
          description: "default",
          rules: [{ direction: "egress", protocol: "all", cidr: "0.0.0.0/0" }],
        });
        call.front.state.vpcs.set(vpc.id, {
          addressPrefixManagement: management,
          classicAccess,
          defaultSecurityGroupId: sg.id,
          defaultNetworkAclId: derivedId(call.region, "acl", vpc.id),
          defaultRoutingTableId: derivedId(call.region, "routing-table", vpc.id),
          prefixes: management === "auto" ? defaultPrefixes(call, name, call.now()) : [],
        });
        if (resourceGroup !== undefined) call.front.state.resourceGroups.set(vpc.id, resourceGroup);
        return vpcView(call, vpc);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/vpcs/{}"),
    api: "get_vpc",
    handle: async (call) => json(200, await vpcById(call, call.params[0] ?? "")),
  },
  {
    method: "DELETE",
    path: path("/vpcs/{}"),
    api: "delete_vpc",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      if (liveGhost(call, "vpcs", id)) return noContent(204);
      await call.call((cloud) => {
        const vpc = requireVpc(cloud, id);
        const extras = vpcExtras(call, id);
        const deleting = [...call.front.state.ghosts.values()].some((g) => g.vpcId === id && g.until > call.now());
        const gateways = ownGateways(call).some((g) => g.vpcId === id);
        const groups = cloud.securityGroups.list({
          where: (g) => g.vpc.id === id && g.id !== extras.defaultSecurityGroupId,
        }).items.length;
        if (vpc.subnets.length > 0 || deleting || gateways || groups > 0)
          throw conflict("vpc_not_empty", "The VPC cannot be deleted because it is not empty.");
        const view = vpcView(call, vpc);
        cloud.securityGroups.delete(extras.defaultSecurityGroupId);
        if (extras.edgeRouterId !== undefined) cloud.routers.delete(extras.edgeRouterId);
        cloud.vpcs.delete(id);
        call.front.state.vpcs.delete(id);
        bury(call, "vpcs", view);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/vpcs/{}/address_prefixes"),
    api: "list_vpc_address_prefixes",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const views = await call.call((cloud) => {
        requireVpc(cloud, id);
        return vpcExtras(call, id).prefixes.map((p) => prefixView(call, id, p));
      });
      return json(200, page(call.url, "address_prefixes", views, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/vpcs/{}/address_prefixes"),
    api: "create_vpc_address_prefix",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const body = call.body();
      const cidrText = stringOf(body, "cidr", true);
      const zone = zoneOf(call, body);
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "prefix");
      const isDefault = booleanOf(body, "is_default") ?? false;
      const view = await call.call((cloud) => {
        requireVpc(cloud, id);
        const extras = vpcExtras(call, id);
        const cidr = parseCidr(cidrText);
        if (!cidr || formatCidr(cidr) !== cidrText)
          throw badRequest("validation_invalid_cidr", "The value is not a valid CIDR.", {
            name: "cidr",
            type: "field",
            value: cidrText,
          });
        if (extras.prefixes.some((p) => cidrOverlaps(parseCidr(p.cidr) ?? cidr, cidr)))
          throw conflict("address_prefix_conflict", "The address prefix with this CIDR is in use.");
        if (isDefault) for (const p of extras.prefixes) if (p.zone === zone) p.isDefault = false;
        const prefix: AddressPrefix = {
          id: newId(call.region),
          name,
          cidr: cidrText,
          zone,
          isDefault,
          createdAt: call.now(),
        };
        extras.prefixes.push(prefix);
        return prefixView(call, id, prefix);
      });
      return json(201, view);
    },
  },
  {
    method: "DELETE",
    path: path("/vpcs/{}/address_prefixes/{}"),
    api: "delete_vpc_address_prefix",
    handle: async (call) => {
      const [id = "", prefixId = ""] = call.params;
      await call.call((cloud) => {
        const vpc = requireVpc(cloud, id);
        const extras = vpcExtras(call, id);
        const prefix = extras.prefixes.find((p) => p.id === prefixId);
        if (!prefix) throw notFound("not_found", `Address prefix ${prefixId} not found.`, prefixId);
        const outer = parseCidr(prefix.cidr);
        if (outer && vpc.subnets.some((s) => cidrContains(outer, parseCidr(s.cidr) ?? outer)))
          throw conflict("address_prefix_in_use", "Cannot delete an address prefix in use.");
        extras.prefixes = extras.prefixes.filter((p) => p.id !== prefixId);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/subnets"),
    api: "list_subnets",
    handle: async (call) => {
      const vpcFilter = call.query.get("vpc.id");
      const views = await call.call((cloud) =>
        cloud.subnets
          .list({ where: (s) => call.front.state.vpcs.has(s.vpcId) && (vpcFilter === null || s.vpcId === vpcFilter) })
          .items.map((s) => subnetView(call, s, requireVpc(cloud, s.vpcId))),
      );
      const all = [
        ...views,
        ...liveGhosts(call, "subnets")
          .filter((g) => vpcFilter === null || g.vpcId === vpcFilter)
          .map((g) => g.view),
      ];
      return json(200, page(call.url, "subnets", all, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/subnets"),
    api: "create_subnet",
    handle: async (call) => {
      const body = call.body();
      const vpcId = refId(body, "vpc", true);
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "subnet");
      const cidrText = stringOf(body, "ipv4_cidr_block");
      const count = numberOf(body, "total_ipv4_address_count");
      if (cidrText === undefined && count === undefined) throw requiredField("ipv4_cidr_block");
      if (cidrText !== undefined && count !== undefined)
        throw badRequest(
          "validation_only_one",
          "The value must match one of the subschemas: give ipv4_cidr_block or total_ipv4_address_count.",
        );
      const zoneGiven = objectOf(body, "zone");
      if (count !== undefined && zoneGiven === undefined) throw requiredField("zone");
      const gatewayId = refId(body, "public_gateway");
      const version = stringOf(body, "ip_version") ?? "ipv4";
      enumOf(version, ["ipv4"], "ip_version");
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud) => {
        const vpc = requireVpc(cloud, vpcId);
        const extras = vpcExtras(call, vpcId);
        let cidr: string;
        let zone: string;
        if (cidrText !== undefined) {
          const parsed = parseCidr(cidrText);
          if (!parsed || formatCidr(parsed) !== cidrText)
            throw badRequest("validation_invalid_ipv4_cidr", "The value is not a valid IPv4 CIDR.", {
              name: "ipv4_cidr_block",
              type: "field",
              value: cidrText,
            });
          const containing = extras.prefixes.filter((p) => {
            const outer = parseCidr(p.cidr);
            return outer !== undefined && cidrContains(outer, parsed);
          });
          zone = zoneGiven === undefined ? (containing[0]?.zone ?? "") : zoneOf(call, body);
          if (!containing.some((p) => p.zone === zone))
            throw badRequest(
              "not_in_address_prefix",
              "The provided CIDR does not fit in any of the address prefixes in the provided zone.",
            );
          if (vpc.subnets.some((s) => cidrOverlaps(parseCidr(s.cidr) ?? parsed, parsed)))
            throw conflict("subnet_conflict", "CIDR conflicts with existing Subnet in VPC.");
          cidr = cidrText;
        } else {
          zone = zoneOf(call, body);
          cidr = pickCidr(
            call,
            extras,
            zone,
            count ?? 0,
            vpc.subnets.map((s) => s.cidr),
          );
        }
        const subnet = cloud.subnets.create({ vpcId, name, cidr, zone });
        if (resourceGroup !== undefined) call.front.state.resourceGroups.set(subnet.id, resourceGroup);
        if (gatewayId !== undefined) {
          try {
            attachGateway(call, cloud, subnet.id, gatewayId);
          } catch (error) {
            cloud.subnets.delete(subnet.id);
            throw error;
          }
        }
        return subnetView(call, subnet, vpc);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/subnets/{}"),
    api: "get_subnet",
    handle: async (call) => json(200, await subnetById(call, call.params[0] ?? "")),
  },
  {
    method: "DELETE",
    path: path("/subnets/{}"),
    api: "delete_subnet",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      if (liveGhost(call, "subnets", id)) return noContent(204);
      await call.call((cloud) => {
        const subnet = requireSubnet(cloud, id);
        if (call.front.state.subnetGateways.has(id))
          throw conflict(
            "subnet_not_empty_pgway_exists",
            "Cannot delete the subnet while it is attached to a public gateway. Detach the public gateway and retry.",
          );
        const nlb = cloud.nlbs.list({ where: (n) => n.subnet.id === id }).items.length > 0;
        if (nlb)
          throw conflict(
            "subnet_not_empty_loadbalancer_exists",
            "Cannot delete the subnet while it contains a load balancer. Delete the load balancer and retry.",
          );
        const vpc = requireVpc(cloud, subnet.vpcId);
        const view = subnetView(call, subnet, vpc);
        const edge = call.front.state.vpcs.get(subnet.vpcId)?.edgeRouterId;
        try {
          if (edge !== undefined && cloud.routers.get(edge).subnets.some((s) => s.id === id))
            cloud.routers.removeSubnet(edge, id);
          cloud.subnets.delete(id);
        } catch {
          throw conflict(
            "subnet_not_empty_ipaddr_exists",
            "Cannot delete the subnet while it contains IP addresses. Please delete any server instance associated with the IP address and retry.",
          );
        }
        bury(call, "subnets", view, subnet.vpcId);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/subnets/{}/public_gateway"),
    api: "get_subnet_public_gateway",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const view = await call.call((cloud) => {
        const subnet = requireSubnet(cloud, id);
        const gatewayId = call.front.state.subnetGateways.get(id);
        if (gatewayId === undefined) throw notFound("not_found", `Subnet ${id} has no public gateway.`, id);
        return gatewayView(call, requireGateway(call, gatewayId), requireVpc(cloud, subnet.vpcId).name);
      });
      return json(200, view);
    },
  },
  {
    method: "PUT",
    path: path("/subnets/{}/public_gateway"),
    api: "set_subnet_public_gateway",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const gatewayId = stringOf(call.body(), "id", true);
      return json(201, await call.call((cloud) => attachGateway(call, cloud, id, gatewayId)));
    },
  },
  {
    method: "DELETE",
    path: path("/subnets/{}/public_gateway"),
    api: "unset_subnet_public_gateway",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      await call.call((cloud) => {
        requireSubnet(cloud, id);
        if (!call.front.state.subnetGateways.delete(id))
          throw notFound("not_found", `Subnet ${id} has no public gateway.`, id);
      });
      return noContent(204);
    },
  },
  {
    method: "GET",
    path: path("/public_gateways"),
    api: "list_public_gateways",
    handle: async (call) => {
      const views = await call.call((cloud) =>
        ownGateways(call).map((g) => gatewayView(call, g, requireVpc(cloud, g.vpcId).name)),
      );
      const all = [...views, ...liveGhosts(call, "public_gateways").map((g) => g.view)];
      return json(200, page(call.url, "public_gateways", all, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/public_gateways"),
    api: "create_public_gateway",
    handle: async (call) => {
      const body = call.body();
      const vpcId = refId(body, "vpc", true);
      const zone = zoneOf(call, body);
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "gateway");
      if (body["floating_ip"] !== undefined)
        throw badRequest("bad_request", "Public gateways with a given floating IP are not served by the emulator.", {
          name: "floating_ip",
          type: "field",
        });
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud) => {
        const vpc = requireVpc(cloud, vpcId);
        if (ownGateways(call).some((g) => g.vpcId === vpcId && g.zone === zone))
          throw conflict("gateway_too_many", "Can only have one public gateway per zone in a VPC.");
        if (ownGateways(call).some((g) => g.vpcId === vpcId && g.name === name))
          throw conflict("validation_unique_failed", `The field supplied must be unique: name ${name}.`, {
            name: "name",
            type: "field",
          });
        const ip = cloud.publicIps.allocate({ description: `public gateway ${name}` });
        const gateway: PublicGateway = {
          id: newId(call.region),
          account: call.account,
          region: call.region.name,
          name,
          vpcId,
          zone,
          createdAt: call.now(),
          publicIpId: ip.id,
          address: ip.address,
          resourceGroupId: resourceGroup ?? defaultResourceGroupId(call.account),
        };
        call.front.state.gateways.set(gateway.id, gateway);
        return gatewayView(call, gateway, vpc.name);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/public_gateways/{}"),
    api: "get_public_gateway",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const gateway = ownGateway(call, id);
      if (!gateway) {
        const ghost = liveGhost(call, "public_gateways", id);
        if (ghost) return json(200, ghost.view);
        throw notFound("not_found", `Public gateway ${id} not found.`, id);
      }
      return json(200, await call.call((cloud) => gatewayView(call, gateway, requireVpc(cloud, gateway.vpcId).name)));
    },
  },
  {
    method: "DELETE",
    path: path("/public_gateways/{}"),
    api: "delete_public_gateway",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      if (liveGhost(call, "public_gateways", id)) return noContent(204);
      await call.call((cloud) => {
        const gateway = requireGateway(call, id);
        if ([...call.front.state.subnetGateways.values()].includes(id))
          throw conflict("public_gateway_in_use", "Cannot delete a public gateway when it is in use.");
        const view = gatewayView(call, gateway, requireVpc(cloud, gateway.vpcId).name);
        cloud.publicIps.release(gateway.publicIpId);
        call.front.state.gateways.delete(id);
        bury(call, "public_gateways", view, gateway.vpcId);
      });
      return noContent(204);
    },
  },
];
