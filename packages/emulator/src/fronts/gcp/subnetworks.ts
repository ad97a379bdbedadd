import { randomBytes } from "node:crypto";
import { cidrOverlaps, formatIp, parseCidr } from "../../world/cidr.js";
import type { Subnet } from "../../world/types.js";
import { bodyOf, cloudOf, gate, json, link, param, relative, requireRegion, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { GcpError, alreadyExists, gcpErrorOf, inUse, invalidField, notFound, required } from "./errors.js";
import type { SubnetworkEntry } from "./front-state.js";
import { checkName } from "./names.js";
import { networkOfField, regionsOf, subnetworksOf } from "./network-model.js";
import { operate } from "./operations.js";
import { aggregatedBody, listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// Subnetworks (regional): world subnets of the network's VPC in their region. A primary range
// must be a canonical IPv4 CIDR from /8 to /29 that overlaps no other range of the network in any
// region (Compute Engine's rule), and names are unique per region across networks.

function networkOfVpc(ctx: GcpContext, region: string, vpcId: string): string {
  return cloudOf(ctx, region).vpcs.get(vpcId).name;
}

function fingerprintOf(ctx: GcpContext, id: string): string {
  return ctx.state.subnetworks.get(id)?.fingerprint ?? Buffer.from(id).toString("base64").slice(0, 12);
}

export function subnetworkView(ctx: GcpContext, region: string, subnet: Subnet): Record<string, unknown> {
  const entry = ctx.state.subnetworks.get(subnet.id);
  const cidr = parseCidr(subnet.cidr);
  return {
    kind: "compute#subnetwork",
    id: subnet.id,
    creationTimestamp: timestamp(subnet.createdAt),
    name: subnet.name,
    ...(entry?.description ? { description: entry.description } : {}),
    network: link(ctx, `global/networks/${networkOfVpc(ctx, region, subnet.vpcId)}`),
    ipCidrRange: subnet.cidr,
    ...(cidr ? { gatewayAddress: formatIp(cidr.base + 1) } : {}),
    region: link(ctx, `regions/${region}`),
    selfLink: link(ctx, `regions/${region}/subnetworks/${subnet.name}`),
    privateIpGoogleAccess: entry?.privateIpGoogleAccess ?? false,
    ...(entry && entry.secondaryIpRanges.length > 0 ? { secondaryIpRanges: entry.secondaryIpRanges } : {}),
    fingerprint: fingerprintOf(ctx, subnet.id),
    stackType: "IPV4_ONLY",
    purpose: "PRIVATE",
  };
}

/** The subnets of every network of the project in one region. */
function subnetsIn(ctx: GcpContext, region: string): Subnet[] {
  return cloudOf(ctx, region)
    .vpcs.list()
    .items.flatMap((vpc) => vpc.subnets);
}

/** A subnetwork by region and name, or 404. */
export function requireSubnetwork(ctx: GcpContext, region: string, name: string): Subnet {
  requireRegion(ctx, region);
  const subnet = subnetsIn(ctx, region).find((s) => s.name === name || s.id === name);
  if (!subnet) throw notFound(relative(ctx, `regions/${region}/subnetworks/${name}`));
  return subnet;
}

interface SubnetworkBody {
  name: unknown;
  description: unknown;
  network: unknown;
  ipCidrRange: unknown;
  privateIpGoogleAccess: unknown;
  secondaryIpRanges: unknown;
  stackType: unknown;
  purpose: unknown;
}

/** A primary or secondary range: canonical, /8 to /29, overlapping nothing else in the network. */
function checkRange(ctx: GcpContext, network: string, value: unknown, field: string, taken: string[]): string {
  if (value === undefined || value === "") throw required(field);
  const cidr = typeof value === "string" ? parseCidr(value) : undefined;
  if (typeof value !== "string" || !cidr || cidr.prefixLength < 8 || cidr.prefixLength > 29) {
    throw invalidField(field, value, "Must be a valid IPv4 CIDR range with a prefix length from /8 to /29.");
  }
  for (const { region, subnet } of subnetworksOf(ctx, network)) {
    const ranges = [
      subnet.cidr,
      ...(ctx.state.subnetworks.get(subnet.id)?.secondaryIpRanges ?? []).map((r) => r.ipCidrRange),
    ];
    for (const range of ranges) {
      const other = parseCidr(range);
      if (other && cidrOverlaps(other, cidr)) {
        throw invalidField(
          field,
          value,
          `Invalid IPCidrRange: ${value} conflicts with existing subnetwork '${subnet.name}' in region '${region}'.`,
        );
      }
    }
  }
  for (const range of taken) {
    const other = parseCidr(range);
    if (other && cidrOverlaps(other, cidr))
      throw invalidField(field, value, `Invalid IPCidrRange: ${value} conflicts with ${range}.`);
  }
  return value;
}

function secondaryRanges(ctx: GcpContext, network: string, value: unknown, primary: string) {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidField("resource.secondaryIpRanges", value, "Must be a list.");
  const taken = [primary];
  return value.map((raw: unknown, i) => {
    const range = (raw ?? {}) as { rangeName?: unknown; ipCidrRange?: unknown };
    const rangeName = checkName(range.rangeName, `resource.secondaryIpRanges[${i}].rangeName`);
    const ipCidrRange = checkRange(
      ctx,
      network,
      range.ipCidrRange,
      `resource.secondaryIpRanges[${i}].ipCidrRange`,
      taken,
    );
    taken.push(ipCidrRange);
    return { rangeName, ipCidrRange };
  });
}

async function insert(ctx: GcpContext) {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const body = bodyOf<SubnetworkBody>(ctx);
  const name = checkName(body.name);
  const network = networkOfField(ctx, body.network, "resource.network");
  if (body.stackType !== undefined && body.stackType !== "IPV4_ONLY") {
    throw invalidField("resource.stackType", body.stackType, "The front makes IPV4_ONLY subnetworks only.");
  }
  if (body.purpose !== undefined && body.purpose !== "PRIVATE") {
    throw invalidField("resource.purpose", body.purpose, "The front makes PRIVATE subnetworks only.");
  }
  const target = `regions/${region}/subnetworks/${name}`;
  return operate(ctx, { scope: { kind: "region", name: region }, region, operationType: "insert", target }, (cloud) => {
    // Checked where the subnet is made, so two inserts that wait in the gate cannot both pass.
    if (subnetsIn(ctx, region).some((s) => s.name === name)) throw alreadyExists(relative(ctx, target));
    const cidr = checkRange(ctx, network.name, body.ipCidrRange, "resource.ipCidrRange", []);
    const secondary = secondaryRanges(ctx, network.name, body.secondaryIpRanges, cidr);
    const vpc = cloud.vpcs.list({ where: (v) => v.name === network.name }).items[0];
    if (!vpc) throw notFound(relative(ctx, `global/networks/${network.name}`));
    const subnet = cloud.subnets.create({ vpcId: vpc.id, name, cidr });
    ctx.state.subnetworks.set(subnet.id, {
      description: typeof body.description === "string" ? body.description : "",
      privateIpGoogleAccess: body.privateIpGoogleAccess === true,
      secondaryIpRanges: secondary,
      auto: false,
    });
    return { targetId: subnet.id };
  });
}

async function remove(ctx: GcpContext) {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const name = param(ctx, "subnetwork");
  const target = `regions/${region}/subnetworks/${name}`;
  return operate(ctx, { scope: { kind: "region", name: region }, region, operationType: "delete", target }, (cloud) => {
    const subnet = requireSubnetwork(ctx, region, name);
    if (ctx.state.subnetworks.get(subnet.id)?.auto) {
      throw invalidField("subnetwork", name, "Cannot delete an auto subnetwork from an auto subnet mode network.");
    }
    try {
      cloud.subnets.delete(subnet.id);
    } catch (error) {
      const translated = gcpErrorOf(error, relative(ctx, target));
      if (translated.reason === "resourceInUseByAnotherResource") {
        throw inUse(relative(ctx, target), (error as Error).message.replace(/^.* is still used by /, ""));
      }
      throw translated;
    }
    ctx.state.subnetworks.delete(subnet.id);
    return { targetId: subnet.id };
  });
}

/** The subnetwork's front entry, made for one the world holds without it. */
function entryOf(ctx: GcpContext, id: string): SubnetworkEntry {
  let entry = ctx.state.subnetworks.get(id);
  if (!entry) {
    entry = { description: "", privateIpGoogleAccess: false, secondaryIpRanges: [], auto: false };
    ctx.state.subnetworks.set(id, entry);
  }
  return entry;
}

const newFingerprint = () => randomBytes(8).toString("base64");

/** PATCH: privateIpGoogleAccess and secondaryIpRanges, behind the current fingerprint. */
async function patch(ctx: GcpContext) {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const key = param(ctx, "subnetwork");
  const body = bodyOf<SubnetworkBody & { fingerprint: unknown }>(ctx);
  const target = `regions/${region}/subnetworks/${key}`;
  return operate(ctx, { scope: { kind: "region", name: region }, region, operationType: "patch", target }, () => {
    const subnet = requireSubnetwork(ctx, region, key);
    if (body.fingerprint !== fingerprintOf(ctx, subnet.id)) {
      throw new GcpError(412, "conditionNotMet", "Supplied fingerprint does not match current subnetwork fingerprint.");
    }
    if (body.name !== undefined && body.name !== subnet.name) {
      throw invalidField("resource.name", body.name, "The name of a subnetwork cannot change.");
    }
    if (body.ipCidrRange !== undefined && body.ipCidrRange !== subnet.cidr) {
      throw invalidField(
        "resource.ipCidrRange",
        body.ipCidrRange,
        "Use expandIpCidrRange to change the primary range.",
      );
    }
    const network = networkOfVpc(ctx, region, subnet.vpcId);
    if (body.network !== undefined && networkOfField(ctx, body.network, "resource.network").name !== network) {
      throw invalidField("resource.network", body.network, "The network of a subnetwork cannot change.");
    }
    const entry = entryOf(ctx, subnet.id);
    if (body.secondaryIpRanges !== undefined) {
      // The new ranges replace the old: checked without them.
      const saved = entry.secondaryIpRanges;
      entry.secondaryIpRanges = [];
      try {
        entry.secondaryIpRanges = secondaryRanges(ctx, network, body.secondaryIpRanges, subnet.cidr);
      } catch (error) {
        entry.secondaryIpRanges = saved;
        throw error;
      }
    }
    if (body.privateIpGoogleAccess !== undefined) entry.privateIpGoogleAccess = body.privateIpGoogleAccess === true;
    entry.fingerprint = newFingerprint();
    return { targetId: subnet.id };
  });
}

/** POST setPrivateIpGoogleAccess (no fingerprint). */
async function setPrivateIpGoogleAccess(ctx: GcpContext) {
  const region = requireRegion(ctx, param(ctx, "region")).name;
  const key = param(ctx, "subnetwork");
  const body = bodyOf<{ privateIpGoogleAccess: unknown }>(ctx);
  if (typeof body.privateIpGoogleAccess !== "boolean") throw required("privateIpGoogleAccess");
  const target = `regions/${region}/subnetworks/${key}`;
  const scope = { kind: "region" as const, name: region };
  return operate(ctx, { scope, region, operationType: "setPrivateIpGoogleAccess", target }, () => {
    const subnet = requireSubnetwork(ctx, region, key);
    const entry = entryOf(ctx, subnet.id);
    entry.privateIpGoogleAccess = body.privateIpGoogleAccess === true;
    entry.fingerprint = newFingerprint();
    return { targetId: subnet.id };
  });
}

export const subnetworkRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "regions/{region}/subnetworks",
    api: "compute.subnetworks.list",
    handle: (ctx) => {
      const region = param(ctx, "region");
      return gate(ctx, region, () => {
        requireRegion(ctx, region);
        const items = subnetsIn(ctx, region).map((s) => subnetworkView(ctx, region, s));
        return json(200, listBody(ctx, "compute#subnetworkList", `regions/${region}/subnetworks`, items));
      });
    },
  },
  {
    method: "GET",
    path: "regions/{region}/subnetworks/{subnetwork}",
    api: "compute.subnetworks.get",
    handle: (ctx) => {
      const region = param(ctx, "region");
      return gate(ctx, undefined, () =>
        json(200, subnetworkView(ctx, region, requireSubnetwork(ctx, region, param(ctx, "subnetwork")))),
      );
    },
  },
  {
    method: "GET",
    path: "aggregated/subnetworks",
    api: "compute.subnetworks.aggregatedList",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const scopes = regionsOf(ctx).map((r) => ({
          scope: `regions/${r.name}`,
          items: subnetsIn(ctx, r.name).map((s) => subnetworkView(ctx, r.name, s)),
        }));
        return json(200, aggregatedBody(ctx, "compute#subnetworkAggregatedList", "subnetworks", "subnetworks", scopes));
      }),
  },
  { method: "POST", path: "regions/{region}/subnetworks", api: "compute.subnetworks.insert", handle: insert },
  {
    method: "DELETE",
    path: "regions/{region}/subnetworks/{subnetwork}",
    api: "compute.subnetworks.delete",
    handle: remove,
  },
  {
    method: "PATCH",
    path: "regions/{region}/subnetworks/{subnetwork}",
    api: "compute.subnetworks.patch",
    handle: patch,
  },
  {
    method: "POST",
    path: "regions/{region}/subnetworks/{subnetwork}/setPrivateIpGoogleAccess",
    api: "compute.subnetworks.setPrivateIpGoogleAccess",
    handle: setPrivateIpGoogleAccess,
  },
];
