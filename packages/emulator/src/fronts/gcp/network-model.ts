import type { RegionDef } from "../../world/catalog/types.js";
import type { Subnet, Vpc } from "../../world/types.js";
import { cloudOf, relative } from "./context.js";
import type { GcpContext } from "./context.js";
import { badRequest, notFound } from "./errors.js";
import { projectKey } from "./front-state.js";
import type { NetworkEntry } from "./front-state.js";
import { parseRef } from "./refs.js";

// A Compute Engine network is global; the world's VPCs are regional. The front keeps each network
// as one world VPC of the same name in every region of the catalog (made and deleted together),
// its regional subnetworks as world subnets of the region's VPC, and each firewall rule as a world
// security group of the same name in every region's VPC. The network's id is its VPC's id in the
// catalog's first region.

export function regionsOf(ctx: GcpContext): readonly RegionDef[] {
  return ctx.world.catalog("GCP").regions;
}

/** The world VPC of a network in one region, if any. */
export function vpcIn(ctx: GcpContext, region: string, network: string): Vpc | undefined {
  return cloudOf(ctx, region)
    .vpcs.list({ where: (vpc) => vpc.name === network })
    .items.at(0);
}

/** A network of the caller's project whose world VPCs exist. */
export function findNetwork(ctx: GcpContext, name: string): NetworkEntry | undefined {
  const entry = ctx.state.networks.get(projectKey(ctx.account, name));
  const home = regionsOf(ctx)[0]?.name ?? "";
  return entry && vpcIn(ctx, home, name)?.id === entry.id ? entry : undefined;
}

export function requireNetwork(ctx: GcpContext, name: string): NetworkEntry {
  // Compute Engine takes a resource's numeric id wherever it takes its name.
  const byId = /^\d+$/.test(name)
    ? [...ctx.state.networks.values()].find((e) => e.id === name && findNetwork(ctx, e.name) === e)
    : undefined;
  const entry = byId ?? findNetwork(ctx, name);
  if (!entry) throw notFound(relative(ctx, `global/networks/${name}`));
  return entry;
}

/** The network a body's `network` field names (URL or relative name); 404 when it does not exist. */
export function networkOfField(ctx: GcpContext, value: unknown, field: string): NetworkEntry {
  if (typeof value !== "string" || value === "") throw badRequest(`Invalid value for field '${field}': ''.`);
  const ref = parseRef(value, "networks", field);
  if (ref.project !== undefined && ref.project !== ctx.account) throw notFound(`projects/${ref.project}/${ref.path}`);
  return requireNetwork(ctx, ref.name);
}

/** Every subnetwork of a network, region by region. */
export function subnetworksOf(ctx: GcpContext, network: string): { region: string; subnet: Subnet }[] {
  return regionsOf(ctx).flatMap((region) => {
    const vpc = vpcIn(ctx, region.name, network);
    return vpc ? vpc.subnets.map((subnet) => ({ region: region.name, subnet })) : [];
  });
}
