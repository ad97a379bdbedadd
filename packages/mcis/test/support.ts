import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista, Store } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World } from "@cloud-barista/emulator";
import type { Vm, WorldOptions } from "@cloud-barista/emulator";
import { createMcisService } from "../src/index.js";
import type { McisService, McisServiceOptions, SubGroupRequest } from "../src/index.js";

export const account = "tenant-a";

/** Connections of the fixture: name -> MOCK region (one zone each). */
export const regions = {
  seoul: "mock-seoul",
  virginia: "mock-virginia",
  frankfurt: "mock-frankfurt",
} as const;

export type ConnectionName = keyof typeof regions;

export const encryptionKey = randomBytes(32);

export interface McisFixture {
  clock: VirtualClock;
  world: World;
  store: Store;
  barista: CloudBarista;
  mcis: McisService;
  /** A new SDK instance and MCIS service on the same store and world, as after a process restart. */
  restart: (options?: Partial<McisServiceOptions>) => Promise<{ barista: CloudBarista; mcis: McisService }>;
}

/** Registers the MOCK driver and the fixture's connections (seoul, virginia, frankfurt) on an SDK instance. */
export async function registerConnections(
  barista: CloudBarista,
  world: World | { endpoint: string },
  first = true,
): Promise<void> {
  barista.drivers.register(createMockDriver("endpoint" in world ? { endpoint: world.endpoint } : { world }));
  if (!first) return;
  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: account } });
  for (const [name, region] of Object.entries(regions)) {
    await barista.regions.add({ name, provider: "MOCK", region, zone: `${region}-a` });
    await barista.connections.add({ name, driver: "mock", credential: "cred", region: name });
  }
}

/** A world on a virtual clock (instant boots), an SDK instance with three MOCK connections, and its MCIS service. */
export async function mcisFixture(
  options: { world?: WorldOptions; service?: Partial<McisServiceOptions> } = {},
): Promise<McisFixture> {
  const clock = new VirtualClock();
  const world = new World({ clock, ...options.world, timing: { jitterRatio: 0, ...options.world?.timing } });
  const store = new MemoryStore({ clock });
  const make = async (first: boolean, extra: Partial<McisServiceOptions> = {}) => {
    const barista = createCloudBarista({ store, clock, encryptionKey });
    await registerConnections(barista, world, first);
    return { barista, mcis: createMcisService({ barista, store, ...options.service, ...extra }) };
  };
  const { barista, mcis } = await make(true);
  return { clock, world, store, barista, mcis, restart: (extra) => make(false, extra) };
}

/** A static sub-group of `size` small Ubuntu VMs in a connection, on the default network. */
export function group(
  name: string,
  connection: ConnectionName,
  size: number,
  extra: Partial<SubGroupRequest> = {},
): SubGroupRequest {
  return { name, connection, specName: "mock-small", image: "mock-ubuntu-2404-amd64", size, ...extra };
}

/** The VMs of the fixture's account in one region, as the world holds them (terminated ones included). */
export function worldVms(world: World, connection: ConnectionName): Vm[] {
  return world.accountRegion({ provider: "MOCK", account, region: regions[connection] }).vms.list().items;
}

/** VMs the world still runs (anything not terminated), over all fixture regions. */
export function liveWorldVms(world: World): Vm[] {
  return (Object.keys(regions) as ConnectionName[])
    .flatMap((c) => worldVms(world, c))
    .filter((vm) => vm.state !== "terminated");
}
