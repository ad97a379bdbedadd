import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista, CloudDriver, ProviderName } from "@cloud-barista/core";
import { World, addFrontConnection, frontFor } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import { afterEach, expect } from "vitest";
import { createMcisService, loadCatalog, mcisEngine, planPlacement, provisionWithFailover } from "../src/index.js";
import type { PlacementRequest } from "../src/index.js";

// What the tests of MCIS and placement over two regions of one cloud, through its real driver and
// the emulator's front for it, share: the set-up, the request, and the two scenarios (rank, place,
// create, scale out and delete with nothing left; fail over when the nearest region has no capacity).

/** One cloud's part: its front, driver, two regions and how to see what is left in one. */
export interface CloudRegions<C extends string> {
  provider: ProviderName;
  /** Connection name -> the cloud's region; the first is near Seoul. */
  regions: Readonly<Record<C, string>>;
  /** The zone of a region the connections use. */
  zoneOf(region: string): string;
  /** The world account the front's credential acts in, and what else its start takes. */
  front: { account: string } & Record<string, unknown>;
  driver(front: StartedFront): CloudDriver;
  /** The price source of the offers. */
  priceSource: string;
  /** A spec both regions offer at different prices (ranking across them means something). */
  pricedInBoth: string;
  /** Kinds of what a VM is made of (the prefix of a leftover line), and those a failed VM must not leave. */
  kinds: { all: readonly string[]; perVm: readonly string[] };
  /** What the connection's region still holds, one `<kind> <name>` line each. */
  leftovers(barista: CloudBarista, connection: C): Promise<string[]>;
  /**
   * Makes the region refuse new VMs for want of capacity after the catalog was read (default: the
   * world's capacity limit of 0 VMs there; a cloud whose driver checks stock before a create
   * injects the cloud's own refusal of the create instead).
   */
  refuseCapacity?(world: World, region: string): void;
  /** The cloud's own signs of the failed attempt in the region without capacity (its calls' history). */
  expectNoCapacityCalls?(barista: CloudBarista, connection: C): Promise<void>;
}

export interface RegionsFixture {
  world: World;
  barista: CloudBarista;
  front: StartedFront;
}

let closing: (() => Promise<void>) | undefined;
/** Closes what `startRegions` started after each test of the file that calls it. */
export function closeRegionsAfterEach(): void {
  afterEach(async () => {
    await closing?.();
    closing = undefined;
  });
}

/** A world on a virtual clock, the cloud's front over it, and a connection per region through the driver. */
export async function startRegions<C extends string>(cloud: CloudRegions<C>): Promise<RegionsFixture> {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const front = await (await frontFor(cloud.provider)).start(world, cloud.front);
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  closing = async () => {
    await barista.close();
    await store.close();
    await front.close();
  };
  const driver = barista.drivers.register(cloud.driver(front));
  for (const [connection, region] of Object.entries<string>(cloud.regions)) {
    await addFrontConnection(barista, front, { connection, driver, region, zone: cloud.zoneOf(region) });
  }
  return { world, barista, front };
}

/** The OS the requests ask for: placement finds every word of it ("Ubuntu Server 24.04 LTS 64bit" too). */
const os = "ubuntu 24.04";

/** Two VMs of 2 x86_64 vCPUs (Linux, Ubuntu 24.04), cheapest first, over at least two regions. */
export function twoRegionsRequest(): PlacementRequest {
  return {
    vmCount: 2,
    filter: { ranges: { vcpus: { min: 2, max: 2 } }, architecture: "x86_64", os },
    priorities: [{ metric: "cost" }],
    spread: { minRegions: 2 },
    image: { os },
  };
}

/** Two VMs as above, nearest Seoul first, in one region. */
export function nearSeoulRequest(): PlacementRequest {
  const { filter, image } = twoRegionsRequest();
  return {
    vmCount: 2,
    filter,
    priorities: [{ metric: "location", near: { latitude: 37.5665, longitude: 126.978 } }, { metric: "cost" }],
    image,
  };
}

const ref = { namespace: "ns", name: "regions-app" };

async function deleteAndExpectNothingLeft<C extends string>(
  cloud: CloudRegions<C>,
  barista: CloudBarista,
  mcis: ReturnType<typeof createMcisService>,
): Promise<void> {
  await mcis.delete(ref, { terminate: true });
  const connections = Object.keys(cloud.regions) as C[];
  for (const connection of connections) await mcis.releaseDefaultNetwork(ref.namespace, connection);
  for (const connection of connections) {
    expect(await cloud.leftovers(barista, connection), connection).toEqual([]);
  }
  await expect(mcis.get(ref)).rejects.toMatchObject({ code: "NotFound" });
}

/**
 * The catalog ranks the cloud's offers of both regions by its own prices, the plan spreads the VMs
 * over the two regions (each region's cheapest fitting spec), the MCIS is made, scaled out in the
 * first sub-group's region and deleted with nothing left behind.
 */
export async function placeCreateScaleDelete<C extends string>(cloud: CloudRegions<C>): Promise<void> {
  const { barista } = await startRegions(cloud);
  const catalog = await loadCatalog(barista);
  expect(catalog.issues).toEqual([]);
  const offers = catalog.offers;
  const regionNames = Object.values<string>(cloud.regions);
  expect(new Set(offers.map((o) => `${o.provider} ${o.region}/${o.zone}`))).toEqual(
    new Set(regionNames.map((r) => `${cloud.provider} ${r}/${cloud.zoneOf(r)}`)),
  );
  const priced = offers.filter((o) => o.price !== undefined);
  expect(priced.length).toBeGreaterThan(0);
  for (const o of priced) expect(o.price).toMatchObject({ source: cloud.priceSource, currency: "USD" });
  const priceIn = (region: string) =>
    offers.find((o) => o.region === region && o.specName === cloud.pricedInBoth)?.price?.perHour;
  const [first, second] = regionNames;
  expect(priceIn(first ?? "")).toBeDefined();
  expect(priceIn(second ?? "")).toBeDefined();
  expect(priceIn(first ?? "")).not.toBe(priceIn(second ?? ""));

  const request = twoRegionsRequest();
  const plan = planPlacement(offers, request);
  expect(plan.feasible).toBe(true);
  expect(new Set(plan.subGroups.map((g) => g.offer.region))).toEqual(new Set(regionNames));
  // Each region's cheapest 2-vCPU x86_64 spec with an Ubuntu 24.04 image.
  for (const g of plan.subGroups) {
    const cheapest = Math.min(
      ...priced
        .filter(
          (o) =>
            o.region === g.offer.region &&
            o.vcpus === 2 &&
            o.architecture === "x86_64" &&
            o.images.some((i) => os.split(" ").every((w) => `${i.name} ${i.osDistribution}`.toLowerCase().includes(w))),
        )
        .map((o) => o.price?.perHour ?? Number.POSITIVE_INFINITY),
    );
    expect(g.offer.price?.perHour).toBe(cheapest);
  }

  const mcis = createMcisService({ barista, statusPollMs: 1_000 });
  const result = await provisionWithFailover(mcisEngine(mcis), offers, request, ref);
  expect(result).toMatchObject({ complete: true, attempts: 1, failed: [] });
  const info = await mcis.get(ref);
  expect(info.vms.map((vm) => `${vm.connection}:${vm.status}`).sort()).toEqual(
    Object.keys(cloud.regions)
      .map((c) => `${c}:Running`)
      .sort(),
  );
  for (const vm of info.vms) {
    const conn = await barista.connection(vm.connection);
    expect(await conn.vm.getStatus(vm.coreName)).toBe("Running");
    expect((await conn.vm.get(vm.coreName)).region).toMatchObject({ region: cloud.regions[vm.connection as C] });
  }

  // Scale the first sub-group out by one VM, in its own region.
  const grownGroup = plan.subGroups[0];
  if (!grownGroup) throw new Error("no sub-group");
  const grown = await mcis.scaleOut({ ...ref, subGroup: grownGroup.name }, 1);
  expect(
    grown.vms.filter((vm) => vm.subGroup === grownGroup.name).map((vm) => `${vm.connection}:${vm.status}`),
  ).toEqual(Array(2).fill(`${grownGroup.offer.connection}:Running`));
  expect(grown.vms).toHaveLength(3);

  // What a VM is made of is there before the delete (so the check after it can fail).
  const before = await cloud.leftovers(barista, grownGroup.offer.connection as C);
  for (const kind of cloud.kinds.all) {
    expect(before.filter((r) => r.startsWith(`${kind} `)).length, kind).toBeGreaterThan(0);
  }
  await deleteAndExpectNothingLeft(cloud, barista, mcis);
}

/**
 * With no capacity in the region nearest Seoul (the first connection's), the VMs move to the other
 * region on the second attempt; the failed VMs left nothing of their own, only the network the MCIS
 * made there, until released.
 */
export async function failoverWhenNoCapacity<C extends string>(cloud: CloudRegions<C>): Promise<void> {
  const { world, barista } = await startRegions(cloud);
  const offers = (await loadCatalog(barista)).offers;
  const [near, far] = Object.keys(cloud.regions) as C[];
  if (near === undefined || far === undefined) throw new Error("two regions needed");
  if (cloud.refuseCapacity) cloud.refuseCapacity(world, cloud.regions[near]);
  else world.capacity.limit({ provider: cloud.provider, region: cloud.regions[near], maxVms: 0 });
  const request = nearSeoulRequest();
  expect(planPlacement(offers, request).subGroups.map((g) => g.offer.region)).toEqual([cloud.regions[near]]);
  const mcis = createMcisService({ barista, statusPollMs: 1_000 });
  const result = await provisionWithFailover(mcisEngine(mcis), offers, request, ref);
  expect(result).toMatchObject({ complete: true, attempts: 2 });
  expect(result.blocks).toEqual([expect.objectContaining({ provider: cloud.provider, code: "CapacityUnavailable" })]);
  expect(new Set(result.running.map((vm) => vm.connection))).toEqual(new Set([far]));
  const left = await cloud.leftovers(barista, near);
  expect(left.filter((r) => cloud.kinds.perVm.some((kind) => r.startsWith(`${kind} `)))).toEqual([]);
  expect(left.length).toBeGreaterThan(0);
  await cloud.expectNoCapacityCalls?.(barista, near);
  await deleteAndExpectNothingLeft(cloud, barista, mcis);
}
