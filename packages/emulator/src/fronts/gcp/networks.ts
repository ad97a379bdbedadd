import { cloudOf, bodyOf, gate, json, link, param, relative, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import { alreadyExists, badRequest, inUse, invalidField } from "./errors.js";
import { projectKey } from "./front-state.js";
import type { NetworkEntry } from "./front-state.js";
import { checkName } from "./names.js";
import { findNetwork, regionsOf, requireNetwork, subnetworksOf, vpcIn } from "./network-model.js";
import { inPlace, operate } from "./operations.js";
import { listBody } from "./paging.js";
import type { GcpRoute } from "./router.js";

// VPC networks (global). Custom mode (`autoCreateSubnetworks: false`) and auto mode (one /20
// subnetwork per region from 10.128.0.0/9, as Google lays them out) are made; legacy networks
// (`IPv4Range`, or no `autoCreateSubnetworks` at all) are refused, as Compute Engine refuses new ones.

/** Google's auto-mode ranges for the catalog's regions; others take the next free /20 of 10.128.0.0/9. */
const autoRanges: Record<string, string> = {
  "us-central1": "10.128.0.0/20",
  "europe-west1": "10.132.0.0/20",
  "us-east1": "10.142.0.0/20",
  "asia-northeast1": "10.146.0.0/20",
  "asia-southeast1": "10.148.0.0/20",
  "europe-west3": "10.156.0.0/20",
  "asia-northeast3": "10.178.0.0/20",
};

function autoRange(region: string, index: number): string {
  return autoRanges[region] ?? `10.${200 + index}.0.0/20`;
}

export function networkView(ctx: GcpContext, entry: NetworkEntry): Record<string, unknown> {
  const path = `global/networks/${entry.name}`;
  return {
    kind: "compute#network",
    id: entry.id,
    creationTimestamp: timestamp(entry.createdAt),
    name: entry.name,
    ...(entry.description === "" ? {} : { description: entry.description }),
    selfLink: link(ctx, path),
    selfLinkWithId: link(ctx, `global/networks/${entry.id}`),
    autoCreateSubnetworks: entry.autoCreateSubnetworks,
    subnetworks: subnetworksOf(ctx, entry.name).map(({ region, subnet }) =>
      link(ctx, `regions/${region}/subnetworks/${subnet.name}`),
    ),
    routingConfig: { routingMode: entry.routingMode, bgpBestPathSelectionMode: "LEGACY" },
    mtu: entry.mtu,
    networkFirewallPolicyEnforcementOrder: "AFTER_CLASSIC_FIREWALL",
  };
}

interface NetworkBody {
  name: unknown;
  description: unknown;
  autoCreateSubnetworks: unknown;
  IPv4Range: unknown;
  mtu: unknown;
  routingConfig: { routingMode?: unknown };
}

async function insert(ctx: GcpContext) {
  const body = bodyOf<NetworkBody>(ctx);
  const name = checkName(body.name);
  if (body.IPv4Range !== undefined || body.autoCreateSubnetworks === undefined) {
    throw badRequest(
      "Invalid value for field 'resource.autoCreateSubnetworks': ''. Legacy networks are not supported; set autoCreateSubnetworks to create a VPC network.",
    );
  }
  if (typeof body.autoCreateSubnetworks !== "boolean") {
    throw invalidField("resource.autoCreateSubnetworks", body.autoCreateSubnetworks, "Must be a boolean.");
  }
  const mtu = body.mtu ?? 1460;
  if (typeof mtu !== "number" || !Number.isInteger(mtu) || mtu < 1300 || mtu > 8896) {
    throw invalidField("resource.mtu", mtu, "Must be an integer from 1300 to 8896.");
  }
  const routingMode = body.routingConfig?.routingMode ?? "REGIONAL";
  if (routingMode !== "REGIONAL" && routingMode !== "GLOBAL") {
    throw invalidField("resource.routingConfig.routingMode", routingMode, "Must be REGIONAL or GLOBAL.");
  }
  const description = typeof body.description === "string" ? body.description : "";
  const auto = body.autoCreateSubnetworks;
  const target = `global/networks/${name}`;
  if (findNetwork(ctx, name)) throw alreadyExists(relative(ctx, target));
  return operate(ctx, { scope: { kind: "global" }, operationType: "insert", target }, () => {
    // One VPC per region, all or none.
    const made: { region: string; id: string }[] = [];
    try {
      regionsOf(ctx).forEach((region, index) => {
        const cloud = cloudOf(ctx, region.name);
        const subnets = auto ? [{ name, cidr: autoRange(region.name, index) }] : [];
        const vpc = inPlace(region.name, undefined, () => cloud.vpcs.create({ name, subnets }));
        made.push({ region: region.name, id: vpc.id });
      });
    } catch (error) {
      for (const { region, id } of made) {
        const cloud = cloudOf(ctx, region);
        for (const subnet of cloud.vpcs.get(id).subnets) cloud.subnets.delete(subnet.id);
        cloud.vpcs.delete(id);
      }
      throw error;
    }
    const id = made[0]?.id ?? "";
    ctx.state.networks.set(projectKey(ctx.account, name), {
      id,
      name,
      description,
      createdAt: ctx.world.clock.now(),
      routingMode,
      mtu,
      autoCreateSubnetworks: auto,
    });
    for (const { region } of made) {
      for (const subnet of vpcIn(ctx, region, name)?.subnets ?? []) {
        ctx.state.subnetworks.set(subnet.id, {
          description: "",
          privateIpGoogleAccess: false,
          secondaryIpRanges: [],
          auto: true,
        });
      }
    }
    return { targetId: id };
  });
}

async function remove(ctx: GcpContext) {
  const key = param(ctx, "network");
  const target = `global/networks/${key}`;
  return operate(ctx, { scope: { kind: "global" }, operationType: "delete", target }, () => {
    const entry = requireNetwork(ctx, key);
    const name = entry.name;
    const firewall = [...ctx.state.firewalls.values()].find((f) => f.project === ctx.account && f.network === name);
    if (firewall) throw inUse(relative(ctx, target), relative(ctx, `global/firewalls/${firewall.name}`));
    const subnets = subnetworksOf(ctx, name);
    const custom = subnets.find(({ subnet }) => !ctx.state.subnetworks.get(subnet.id)?.auto);
    if (custom) {
      throw inUse(relative(ctx, target), relative(ctx, `regions/${custom.region}/subnetworks/${custom.subnet.name}`));
    }
    // Auto-mode subnetworks go with their network, unless something still uses them.
    for (const { region, subnet } of subnets) {
      try {
        cloudOf(ctx, region).subnets.delete(subnet.id);
      } catch (error) {
        throw inUse(relative(ctx, `regions/${region}/subnetworks/${subnet.name}`), String((error as Error).message));
      }
      ctx.state.subnetworks.delete(subnet.id);
    }
    for (const region of regionsOf(ctx)) {
      const vpc = vpcIn(ctx, region.name, name);
      if (vpc) cloudOf(ctx, region.name).vpcs.delete(vpc.id);
    }
    ctx.state.networks.delete(projectKey(ctx.account, name));
    return { targetId: entry.id };
  });
}

/** PATCH: the routing mode and the MTU; the rest of a network is fixed at creation. */
async function patch(ctx: GcpContext) {
  const key = param(ctx, "network");
  const body = bodyOf<NetworkBody>(ctx);
  const target = `global/networks/${key}`;
  return operate(ctx, { scope: { kind: "global" }, operationType: "patch", target }, () => {
    const entry = requireNetwork(ctx, key);
    if (body.name !== undefined && body.name !== entry.name) {
      throw invalidField("resource.name", body.name, "The name of a network cannot change.");
    }
    if (body.autoCreateSubnetworks !== undefined && body.autoCreateSubnetworks !== entry.autoCreateSubnetworks) {
      throw invalidField("resource.autoCreateSubnetworks", body.autoCreateSubnetworks, "Use switchToCustomMode.");
    }
    const mtu = body.mtu ?? entry.mtu;
    if (typeof mtu !== "number" || !Number.isInteger(mtu) || mtu < 1300 || mtu > 8896) {
      throw invalidField("resource.mtu", mtu, "Must be an integer from 1300 to 8896.");
    }
    const routingMode = body.routingConfig?.routingMode ?? entry.routingMode;
    if (routingMode !== "REGIONAL" && routingMode !== "GLOBAL") {
      throw invalidField("resource.routingConfig.routingMode", routingMode, "Must be REGIONAL or GLOBAL.");
    }
    entry.mtu = mtu;
    entry.routingMode = routingMode;
    return { targetId: entry.id };
  });
}

export const networkRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "global/networks",
    api: "compute.networks.list",
    handle: (ctx) =>
      gate(ctx, undefined, () => {
        const entries = [...ctx.state.networks.values()].filter((e) => findNetwork(ctx, e.name) === e);
        const items = entries.map((e) => networkView(ctx, e));
        return json(200, listBody(ctx, "compute#networkList", "global/networks", items));
      }),
  },
  {
    method: "GET",
    path: "global/networks/{network}",
    api: "compute.networks.get",
    handle: (ctx) =>
      gate(ctx, undefined, () => json(200, networkView(ctx, requireNetwork(ctx, param(ctx, "network"))))),
  },
  { method: "POST", path: "global/networks", api: "compute.networks.insert", handle: insert },
  { method: "DELETE", path: "global/networks/{network}", api: "compute.networks.delete", handle: remove },
  { method: "PATCH", path: "global/networks/{network}", api: "compute.networks.patch", handle: patch },
];
