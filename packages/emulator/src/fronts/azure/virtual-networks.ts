import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Subnet, Tags, Vpc } from "../../world/types.js";
import { ArmError, badRequest } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json, pageAcrossRegions } from "./context.js";
import type { ArmContext } from "./context.js";
import { networkDeleteAnswer, provisioningState, startOperation } from "./operations.js";
import { etagOf, guidOf, inGroup, resourceId, subjectOf } from "./resource-ids.js";

const vnetType = "Microsoft.Network/virtualNetworks";
const subnetType = "Microsoft.Network/virtualNetworks/subnets";

interface SubnetBody {
  name?: unknown;
  properties?: { addressPrefix?: unknown; addressPrefixes?: unknown };
}

interface VnetBody {
  location?: unknown;
  tags?: Tags;
  properties?: { addressSpace?: { addressPrefixes?: unknown }; subnets?: SubnetBody[] };
}

function renderSubnet(ctx: ArmContext, subnet: Subnet) {
  const body = {
    id: subnet.id,
    name: subnet.name,
    type: subnetType,
    properties: {
      provisioningState: provisioningState(ctx, subnet.createdAt),
      addressPrefix: subnet.cidr,
      delegations: [],
      privateEndpointNetworkPolicies: "Disabled",
      privateLinkServiceNetworkPolicies: "Enabled",
    },
  };
  return { ...body, etag: etagOf(body) };
}

function renderVnet(ctx: ArmContext, vnet: Vpc, region: string) {
  const body = {
    id: vnet.id,
    name: vnet.name,
    type: vnetType,
    location: region,
    tags: vnet.tags,
    properties: {
      provisioningState: provisioningState(ctx, vnet.createdAt),
      resourceGuid: guidOf(vnet.id, vnet.createdAt),
      addressSpace: { addressPrefixes: vnet.cidr === undefined ? [] : [vnet.cidr] },
      subnets: vnet.subnets.map((s) => renderSubnet(ctx, s)),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
  return { ...body, etag: etagOf(body) };
}

/** The one prefix of an address space or subnet; the emulator's networks hold one range each. */
function onePrefix(value: unknown, field: string): string {
  const list = Array.isArray(value) ? (value as unknown[]) : undefined;
  if (!list || list.length === 0 || typeof list[0] !== "string") {
    throw badRequest("InvalidRequestFormat", `Cannot parse the request: ${field} must list an address prefix.`, field);
  }
  if (list.length > 1) {
    throw badRequest(
      "UnsupportedByEmulator",
      `The emulator keeps one address prefix per network; ${field} lists ${list.length}.`,
      field,
    );
  }
  return list[0];
}

function subnetPrefix(body: SubnetBody, field: string): string {
  const props = body.properties ?? {};
  if (typeof props.addressPrefix === "string") return props.addressPrefix;
  if (props.addressPrefixes !== undefined) return onePrefix(props.addressPrefixes, `${field}.addressPrefixes`);
  throw badRequest("InvalidRequestFormat", `Cannot parse the request: ${field}.addressPrefix is required.`, field);
}

/** Where an existing resource of the account lives. */
function regionOf(ctx: ArmContext, id: string): string | undefined {
  return ctx.world.locate({ provider: "AZURE", account: ctx.account }, id)?.region;
}

function setTags(cloud: AccountRegion, id: string, before: Tags, after: Tags): void {
  const gone = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
  if (gone.length > 0) cloud.tags.remove(id, gone);
  if (Object.keys(after).length > 0) cloud.tags.add(id, after);
}

/** A network's interfaces and load balancers: while any remain, its subnets cannot go. */
function subnetUsers(cloud: AccountRegion, vpcId: string, subnetId?: string): number {
  const nics = cloud.networkInterfaces.list({
    where: (n) => n.vpc.id === vpcId && (subnetId === undefined || n.fixedIps.some((f) => f.subnetId === subnetId)),
  }).items.length;
  const nlbs = cloud.nlbs.list({
    where: (l) => l.vpc.id === vpcId && (subnetId === undefined || l.subnet.id === subnetId),
  }).items.length;
  return nics + nlbs;
}

function inUse(subnet: string): ArmError {
  return new ArmError(
    400,
    "InUseSubnetCannotBeDeleted",
    `Subnet ${subnet} is in use and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.`,
  );
}

/** An existing network's subnets made to match the body (a PUT replaces the set, as ARM's does). */
function reconcileSubnets(cloud: AccountRegion, vnet: Vpc, wanted: readonly SubnetBody[]): void {
  const names = wanted.map((s, i) => {
    if (typeof s.name !== "string" || s.name === "")
      throw badRequest("InvalidRequestFormat", `subnets[${i}].name is required.`);
    return s.name;
  });
  for (const subnet of vnet.subnets) {
    const i = names.indexOf(subnet.name);
    if (i >= 0 && subnetPrefix(wanted[i] ?? {}, `properties.subnets[${i}].properties`) !== subnet.cidr) {
      throw badRequest("UnsupportedByEmulator", `The emulator cannot change the prefix of subnet ${subnet.name}.`);
    }
  }
  const removed = vnet.subnets.filter((s) => !names.includes(s.name));
  const busy = removed.find((s) => subnetUsers(cloud, vnet.id, s.id) > 0);
  if (busy) throw inUse(busy.name);
  for (const s of removed) cloud.subnets.delete(s.id);
  wanted.forEach((s, i) => {
    if (vnet.subnets.some((e) => e.name === s.name)) return;
    cloud.subnets.create({
      vpcId: vnet.id,
      name: String(s.name),
      cidr: subnetPrefix(s, `properties.subnets[${i}].properties`),
    });
  });
}

async function putVnet(ctx: ArmContext, group: ResourceGroup, name: string): Promise<FrontResponse> {
  const body = bodyOf<VnetBody>(ctx.request);
  const location = checkLocation(ctx, body.location, vnetType);
  const id = resourceId(ctx, group, vnetType, name);
  const cidr = onePrefix(body.properties?.addressSpace?.addressPrefixes, "properties.addressSpace.addressPrefixes");
  const subnets = body.properties?.subnets ?? [];
  const existing = regionOf(ctx, id);
  if (existing !== undefined && existing !== location) {
    throw badRequest(
      "InvalidResourceLocation",
      `The resource '${name}' already exists in location '${existing}' in resource group '${group.name}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  const vnet = await gate(
    ctx,
    location,
    "VirtualNetworks_CreateOrUpdate",
    (cloud) => {
      if (existing === undefined) {
        const made = subnets.map((s, i) => ({
          name: typeof s.name === "string" ? s.name : "",
          cidr: subnetPrefix(s, `properties.subnets[${i}].properties`),
        }));
        return cloud.vpcs.create({ name, cidr, subnets: made, tags: body.tags, resourceGroup: group.name });
      }
      const current = cloud.vpcs.get(id);
      if (current.cidr !== cidr) {
        throw badRequest("UnsupportedByEmulator", "The emulator cannot change a virtual network's address space.");
      }
      reconcileSubnets(cloud, current, subnets);
      if (body.tags !== undefined) setTags(cloud, id, current.tags, body.tags);
      return cloud.vpcs.get(id);
    },
    subjectOf(ctx, group, vnetType, name),
  );
  const headers = startOperation(ctx, { region: location, resourceId: id });
  return json(existing === undefined ? 201 : 200, renderVnet(ctx, vnet, location), headers);
}

async function deleteVnet(ctx: ArmContext, group: ResourceGroup, name: string): Promise<FrontResponse> {
  const id = resourceId(ctx, group, vnetType, name);
  const region = regionOf(ctx, id) ?? group.location;
  const found = await gate(
    ctx,
    region,
    "VirtualNetworks_Delete",
    (cloud) => {
      const vnet = cloud.vpcs.list({ where: (v) => v.id === id }).items[0];
      if (!vnet) return false;
      if (subnetUsers(cloud, id) > 0) throw inUse(vnet.subnets[0]?.name ?? name);
      for (const s of vnet.subnets) cloud.subnets.delete(s.id);
      cloud.vpcs.delete(id);
      return true;
    },
    subjectOf(ctx, group, vnetType, name),
  );
  return networkDeleteAnswer(ctx, found, region, id);
}

/** PUT, GET, DELETE .../virtualNetworks/{name}; GET .../virtualNetworks lists the group's. */
export async function serveVirtualNetworks(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists virtual networks.");
    const page = await gate(ctx, group.location, "VirtualNetworks_List", () =>
      pageAcrossRegions(ctx, (cloud, options) => {
        const list = cloud.vpcs.list({ ...options, where: (v) => inGroup(ctx, group, v.id) });
        return { ...list, items: list.items.map((v) => renderVnet(ctx, v, cloud.region)) };
      }),
    );
    return json(200, page);
  }
  const subject = subjectOf(ctx, group, vnetType, name);
  switch (ctx.request.method) {
    case "PUT":
      return putVnet(ctx, group, name);
    case "DELETE":
      return deleteVnet(ctx, group, name);
    case "GET": {
      const region = regionOf(ctx, subject.id) ?? group.location;
      const vnet = await gate(ctx, region, "VirtualNetworks_Get", (cloud) => cloud.vpcs.get(subject.id), subject);
      return json(200, renderVnet(ctx, vnet, region));
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}

/** PUT, GET, DELETE .../virtualNetworks/{vnet}/subnets/{name}; GET .../subnets lists them. */
export async function serveSubnets(
  ctx: ArmContext,
  group: ResourceGroup,
  vnetName: string,
  name: string | undefined,
): Promise<FrontResponse> {
  const vnetSubject = subjectOf(ctx, group, vnetType, vnetName);
  const region = regionOf(ctx, vnetSubject.id) ?? group.location;
  const vnetOf = (cloud: AccountRegion) => cloud.vpcs.get(vnetSubject.id);
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists subnets.");
    const subnets = await gate(ctx, region, "Subnets_List", (cloud) => vnetOf(cloud).subnets, vnetSubject);
    const token = Number(ctx.request.url.searchParams.get("$skiptoken") ?? "0");
    const value = subnets.slice(token, token + ctx.pageSize).map((s) => renderSubnet(ctx, s));
    const next = new URL(ctx.request.url.pathname, ctx.origin);
    next.searchParams.set("api-version", ctx.apiVersion);
    next.searchParams.set("$skiptoken", String(token + ctx.pageSize));
    return json(200, token + ctx.pageSize < subnets.length ? { value, nextLink: next.toString() } : { value });
  }
  const id = `${vnetSubject.id}/subnets/${name}`;
  const subject = { type: subnetType, name, group: group.name, id };
  switch (ctx.request.method) {
    case "GET": {
      const subnet = await gate(
        ctx,
        region,
        "Subnets_Get",
        (cloud) => {
          vnetOf(cloud);
          return cloud.subnets.get(id);
        },
        subject,
      );
      return json(200, renderSubnet(ctx, subnet));
    }
    case "PUT": {
      const body = bodyOf<SubnetBody>(ctx.request);
      const cidr = subnetPrefix(body, "properties");
      const { subnet, created } = await gate(
        ctx,
        region,
        "Subnets_CreateOrUpdate",
        (cloud) => {
          const vnet = vnetOf(cloud);
          const existing = vnet.subnets.find((s) => s.name === name);
          if (existing) {
            if (existing.cidr !== cidr)
              throw badRequest("UnsupportedByEmulator", `The emulator cannot change the prefix of subnet ${name}.`);
            return { subnet: existing, created: false };
          }
          return { subnet: cloud.subnets.create({ vpcId: vnet.id, name, cidr }), created: true };
        },
        vnetSubject,
      );
      const headers = startOperation(ctx, { region, resourceId: id });
      return json(created ? 201 : 200, renderSubnet(ctx, subnet), headers);
    }
    case "DELETE": {
      const found = await gate(
        ctx,
        region,
        "Subnets_Delete",
        (cloud) => {
          const vnet = cloud.vpcs.list({ where: (v) => v.id === vnetSubject.id }).items[0];
          const subnet = vnet?.subnets.find((s) => s.id === id);
          if (!vnet || !subnet) return false;
          if (subnetUsers(cloud, vnet.id, id) > 0) throw inUse(name);
          cloud.subnets.delete(id);
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
