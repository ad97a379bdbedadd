import { cidrSize, formatIp, parseCidr } from "../cidr.js";
import { incorrectState } from "../errors.js";
import { sharedResourceId } from "../ids.js";
import type { SubnetRecord, VpcRecord } from "./records.js";
import type { RegionState } from "./region-state.js";

// The operator's shared networks (the catalog's sharedNetworks): seeded into every account-region
// with the same ids, read-only to the account. Addresses on them are public, so they are drawn at
// random and kept unique world-wide, like floating IPs and routers' gateways.

/** Stores the catalog's shared networks and their subnets in a new account-region. */
export function seedSharedNetworks(state: RegionState): void {
  for (const def of state.catalog.sharedNetworks ?? []) {
    const zone = state.zone(undefined);
    const vpc: VpcRecord = {
      id: sharedResourceId(state.provider, state.region, def.name),
      name: def.name,
      kind: "network",
      seq: state.world.nextSeq(),
      createdAt: state.now(),
      tags: {},
      operator: true,
      shared: {
        external: def.external,
        networkType: def.networkType,
        physicalNetwork: def.physicalNetwork,
        mtu: def.mtu,
      },
    };
    state.vpcs.insert(vpc);
    for (const subnet of def.subnets) {
      state.subnets.insert({
        id: sharedResourceId(state.provider, state.region, def.name, subnet.name),
        name: subnet.name,
        kind: "subnet",
        seq: state.world.nextSeq(),
        createdAt: state.now(),
        tags: {},
        operator: true,
        vpcId: vpc.id,
        ipVersion: 4,
        cidr: subnet.cidr,
        zone: zone.name,
      });
    }
  }
}

/** Whether a subnet belongs to a shared network, so that its addresses are public. */
export function isSharedSubnet(state: RegionState, subnet: SubnetRecord): boolean {
  return state.vpcs.find(subnet.vpcId)?.shared !== undefined;
}

/** Refuses changes to what the operator made. */
export function requireOwn(row: { id: string; operator?: true }, kind: "network" | "subnet"): void {
  if (row.operator) throw incorrectState(kind, row.id, "belongs to the operator, who shares it; it cannot be changed");
}

/** A random host address of a shared subnet that is not yet in use anywhere in the world. */
export function freeSharedAddress(
  state: RegionState,
  subnet: SubnetRecord,
  taken: ReadonlySet<string>,
): string | undefined {
  const cidr = parseCidr(subnet.cidr);
  if (!cidr) return undefined;
  const hosts = cidrSize(cidr) - 2;
  for (let attempt = 0; attempt < 64 && hosts > 0; attempt++) {
    const ip = formatIp(cidr.base + 1 + state.world.random.int(hosts));
    if (!state.world.publicIps.has(ip) && !taken.has(ip)) return ip;
  }
  return undefined;
}
