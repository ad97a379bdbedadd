import type { CloudBarista } from "@cloud-barista/core";
import { afterEach, expect } from "vitest";
import { createMcisService, mcisEngine, planPlacement, provisionWithFailover } from "../src/index.js";
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

/** Each planned sub-group's offer is its region's cheapest priced offer that `fits` keeps. */
export function expectCheapestPerRegion(
  offers: readonly Offer[],
  request: PlacementRequest,
  fits: (o: Offer) => boolean,
) {
  const plan = planPlacement(offers, request);
  expect(plan.feasible).toBe(true);
  for (const g of plan.subGroups) {
    const cheapest = Math.min(
      ...offers
        .filter((o) => o.region === g.offer.region && o.price !== undefined && fits(o))
        .map((o) => o.price?.perHour ?? Number.POSITIVE_INFINITY),
    );
    expect(g.offer.price?.perHour).toBe(cheapest);
  }
  return plan;
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
 * block. Returns the result and the MCIS service, for the cloud's own checks before the delete.
 */
export async function failOverToAnotherRegion(
  cloud: CloudRegions,
  offers: readonly Offer[],
  request: PlacementRequest,
  ref: McisRef,
  route: { from: string; to: string },
): Promise<{ result: FailoverResult; mcis: McisService }> {
  const provider = offers[0]?.provider;
  expect(planPlacement(offers, request).subGroups.map((g) => g.offer.connection)).toEqual([route.from]);
  const mcis = mcisOf(cloud);
  const result = await provisionWithFailover(mcisEngine(mcis), offers, request, ref);
  expect(result).toMatchObject({ complete: true, attempts: 2 });
  expect(result.blocks).toEqual([expect.objectContaining({ provider, code: "CapacityUnavailable" })]);
  expect(new Set(result.running.map((vm) => vm.connection))).toEqual(new Set([route.to]));
  return { result, mcis };
}
