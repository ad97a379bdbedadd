import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista, ProviderName } from "@cloud-barista/core";
import { World, frontFor } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import { afterEach, expect } from "vitest";
import { createMcisService, loadCatalog, mcisEngine, planPlacement, provisionWithFailover } from "../src/index.js";
import type { FailoverResult, McisRef, McisService, Offer, PlacementRequest } from "../src/index.js";

// What the MCIS-over-one-cloud's-regions tests (azure-regions, alibaba-regions) share: a cloud
// reached through its driver over the emulator's front, one connection per region.

/** Registers an afterEach that closes what the test opened (the last `close` given), pass or fail. */
export function closeAfterEach(): (close: () => Promise<void>) => void {
  let closing: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closing?.();
    closing = undefined;
  });
  return (close) => {
    closing = close;
  };
}

/**
 * A world on a virtual clock, the provider's front started on it with `options`, and an SDK
 * instance on the same clock, all closed by `closeLater` after the test.
 */
export async function baristaOnFront(
  provider: ProviderName,
  options: { account: string } & Readonly<Record<string, unknown>>,
  closeLater: (close: () => Promise<void>) => void,
): Promise<{ world: World; front: StartedFront; barista: CloudBarista }> {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const front = await (await frontFor(provider)).start(world, options);
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  closeLater(async () => {
    await barista.close();
    await store.close();
    await front.close();
  });
  return { world, front, barista };
}

/** One cloud's regions for an MCIS. */
export interface CloudRegions {
  barista: CloudBarista;
  /** Connection name -> the cloud's region. */
  regions: Readonly<Record<string, string>>;
  /**
   * What a connection's region still holds of every resource type an MCIS VM makes, as
   * "<kind> <name or id>" ("vm i-…"): what the MCIS made and nothing the cloud had before.
   */
  leftovers(connection: string): Promise<string[]>;
}

/** The MCIS service the tests use: status polls on the world's clock. */
export function mcisOf(cloud: CloudRegions): McisService {
  return createMcisService({ barista: cloud.barista, statusPollMs: 1_000 });
}

/** Two VMs of 2 x86_64 vCPUs (Linux, Ubuntu 24.04), cheapest first, over at least two regions. */
export const twoRegionRequest: PlacementRequest = {
  vmCount: 2,
  filter: { ranges: { vcpus: { min: 2, max: 2 } }, architecture: "x86_64", os: "ubuntu 24.04" },
  priorities: [{ metric: "cost" }],
  spread: { minRegions: 2 },
  image: { os: "ubuntu 24.04" },
};

/** The same VMs, nearest Seoul first, then cheapest, in one region. */
export const nearSeoulRequest: PlacementRequest = {
  vmCount: 2,
  filter: twoRegionRequest.filter,
  priorities: [{ metric: "location", near: { latitude: 37.5665, longitude: 126.978 } }, { metric: "cost" }],
  image: twoRegionRequest.image,
};

/** Whether an offer is one `twoRegionRequest` takes. */
const fitsTwoRegionRequest = (o: Offer): boolean =>
  o.vcpus === 2 &&
  o.architecture === "x86_64" &&
  o.images.some((i) => /ubuntu 24\.04/i.test(`${i.name} ${i.osDistribution}`));

/**
 * Loads the catalog and checks it: no issues, offers in exactly `places` ("PROVIDER region/zone"),
 * each price from `source` in USD, and `spec` priced differently in the first two regions (so
 * ranking across them means something). Then checks that `twoRegionRequest`'s plan puts each
 * sub-group on its region's cheapest offer and spans every region. Returns the offers.
 */
export async function rankAcrossRegions(
  cloud: CloudRegions,
  expected: { places: readonly string[]; source: string; spec: string },
): Promise<readonly Offer[]> {
  const catalog = await loadCatalog(cloud.barista);
  expect(catalog.issues).toEqual([]);
  const offers = catalog.offers;
  expect(new Set(offers.map((o) => `${o.provider} ${o.region}/${o.zone}`))).toEqual(new Set(expected.places));
  const priced = offers.filter((o) => o.price !== undefined);
  expect(priced.length).toBeGreaterThan(0);
  for (const o of priced) expect(o.price).toMatchObject({ source: expected.source, currency: "USD" });
  const [a, b] = Object.values(cloud.regions);
  const priceIn = (region: string | undefined) =>
    offers.find((o) => o.region === region && o.specName === expected.spec)?.price?.perHour;
  expect(priceIn(a)).toBeDefined();
  expect(priceIn(a)).not.toBe(priceIn(b));

  const plan = planPlacement(offers, twoRegionRequest);
  expect(plan.feasible).toBe(true);
  expect(new Set(plan.subGroups.map((g) => g.offer.region))).toEqual(new Set(Object.values(cloud.regions)));
  for (const g of plan.subGroups) {
    const cheapest = Math.min(
      ...priced
        .filter((o) => o.region === g.offer.region && fitsTwoRegionRequest(o))
        .map((o) => o.price?.perHour ?? Number.POSITIVE_INFINITY),
    );
    expect(g.offer.price?.perHour).toBe(cheapest);
  }
  return offers;
}

/** Deletes the MCIS and the default networks it made in every region, and checks nothing is left. */
export async function deleteLeavingNothing(cloud: CloudRegions, mcis: McisService, ref: McisRef): Promise<void> {
  await mcis.delete(ref, { terminate: true });
  for (const connection of Object.keys(cloud.regions)) await mcis.releaseDefaultNetwork(ref.namespace, connection);
  for (const connection of Object.keys(cloud.regions)) {
    expect(await cloud.leftovers(connection), connection).toEqual([]);
  }
  await expect(mcis.get(ref)).rejects.toMatchObject({ code: "NotFound" });
}

/**
 * Provisions the request's MCIS in one attempt, checks each VM runs in its connection's region,
 * scales the first sub-group out by one VM in its own region, checks that every resource `kinds`
 * names is there (so the empty check after the delete can fail), and deletes leaving nothing.
 */
export async function createScaleDelete(
  cloud: CloudRegions,
  offers: readonly Offer[],
  request: PlacementRequest,
  ref: McisRef,
  kinds: readonly string[],
): Promise<void> {
  const { barista, regions } = cloud;
  const plan = planPlacement(offers, request);
  const mcis = mcisOf(cloud);
  const result = await provisionWithFailover(mcisEngine(mcis), offers, request, ref);
  expect(result).toMatchObject({ complete: true, attempts: 1, failed: [] });
  const info = await mcis.get(ref);
  expect(info.vms.map((vm) => `${vm.connection}:${vm.status}`).sort()).toEqual(
    plan.subGroups.flatMap((g) => Array<string>(g.size).fill(`${g.offer.connection}:Running`)).sort(),
  );
  for (const vm of info.vms) {
    const conn = await barista.connection(vm.connection);
    expect(await conn.vm.getStatus(vm.coreName)).toBe("Running");
    expect((await conn.vm.get(vm.coreName)).region).toMatchObject({ region: regions[vm.connection] });
  }

  const first = plan.subGroups[0];
  if (!first) throw new Error("no sub-group");
  const grown = await mcis.scaleOut({ ...ref, subGroup: first.name }, 1);
  const inFirst = grown.vms.filter((vm) => vm.subGroup === first.name);
  expect(inFirst.map((vm) => `${vm.connection}:${vm.status}`)).toEqual(
    Array<string>(first.size + 1).fill(`${first.offer.connection}:Running`),
  );
  expect(grown.vms).toHaveLength(request.vmCount + 1);

  const before = await cloud.leftovers(first.offer.connection);
  for (const kind of kinds) expect(before.filter((r) => r.startsWith(`${kind} `)).length, kind).toBeGreaterThan(0);
  await deleteLeavingNothing(cloud, mcis, ref);
}

/**
 * Provisions `request`, whose plan puts every VM in `from`'s region, after that region was made to
 * refuse them: the VMs end in `to`'s region on the second attempt, with the refusal a capacity
 * block. The refused VMs left none of `vmKinds` in `from`'s region, only the network the MCIS made
 * there, which the delete then releases with the rest. Returns the result.
 */
export async function failOverToAnotherRegion(
  cloud: CloudRegions,
  offers: readonly Offer[],
  request: PlacementRequest,
  ref: McisRef,
  route: { from: string; to: string; vmKinds: readonly string[] },
): Promise<FailoverResult> {
  const provider = offers[0]?.provider;
  expect(planPlacement(offers, request).subGroups.map((g) => g.offer.connection)).toEqual([route.from]);
  const mcis = mcisOf(cloud);
  const result = await provisionWithFailover(mcisEngine(mcis), offers, request, ref);
  expect(result).toMatchObject({ complete: true, attempts: 2 });
  expect(result.blocks).toEqual([expect.objectContaining({ provider, code: "CapacityUnavailable" })]);
  expect(new Set(result.running.map((vm) => vm.connection))).toEqual(new Set([route.to]));
  const refused = await cloud.leftovers(route.from);
  expect(refused.filter((r) => route.vmKinds.includes(r.split(" ")[0] ?? ""))).toEqual([]);
  expect(refused.length).toBeGreaterThan(0);
  await deleteLeavingNothing(cloud, mcis, ref);
  return result;
}
