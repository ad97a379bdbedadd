import type { AccountRegion } from "../../world/account-region.js";
import type { Spec } from "../../world/resources/catalog-service.js";
import { occupiesHost } from "../../world/resources/vm-lifecycle.js";
import type { World } from "../../world/world.js";
import { AlibabaError } from "./errors.js";

// What each zone sells. Alibaba's newer zones offer ESSD and ESSD AutoPL only, and GPU types sit
// in few zones: here a region's last zone (when it has several) lacks cloud_ssd and
// cloud_efficiency, and GPU types are sold in a region's first two zones. Stock (Available or
// SoldOut) comes from the world's capacity limits.

export function diskCategoriesOf(cloud: AccountRegion, zoneId: string): string[] {
  const zones = cloud.catalog.getRegion(cloud.region).zones;
  const last = zones.length > 1 && zones[zones.length - 1]?.name === zoneId;
  return cloud.catalog
    .diskTypes()
    .map((d) => d.name)
    .filter((name) => !last || (name !== "cloud_ssd" && name !== "cloud_efficiency"));
}

export function instanceTypesOf(cloud: AccountRegion, zoneId: string): Spec[] {
  const zones = cloud.catalog.getRegion(cloud.region).zones.map((z) => z.name);
  const gpuZone = zones.indexOf(zoneId) < 2;
  return cloud.catalog.listSpecs().items.filter((spec) => !spec.gpu || gpuZone);
}

/** Whether one more VM of `spec` fits the world's capacity in the zone (across every account). */
export function inStock(world: World, cloud: AccountRegion, zoneId: string, spec: Spec): boolean {
  const inUse = world.identities
    .list("ALIBABA")
    .map((identity) => identity.account)
    .filter((account, i, all) => all.indexOf(account) === i)
    .flatMap((account) =>
      world
        .accountRegion({ provider: "ALIBABA", account, region: cloud.region })
        .vms.list()
        .items.filter((vm) => occupiesHost(vm.state))
        .map((vm) => ({ region: cloud.region, zone: vm.zone, specName: vm.specName, vcpus: vm.vcpus })),
    );
  const candidate = { region: cloud.region, zone: zoneId, specName: spec.name, vcpus: spec.vcpus };
  return world.capacity.violated("ALIBABA", candidate, inUse) === undefined;
}

/**
 * A zone of the caller's region that takes new resources: InvalidZoneId.NotFound for another
 * region's zone, Zone.NotOnSale for one that sells nothing now.
 */
export function requireOpenZone(cloud: AccountRegion, zoneId: string): void {
  const zone = cloud.catalog.getRegion(cloud.region).zones.find((z) => z.name === zoneId);
  if (!zone) throw new AlibabaError("InvalidZoneId.NotFound", `The specified zone "${zoneId}" does not exist.`, 404);
  if (zone.status !== "available") {
    throw new AlibabaError("Zone.NotOnSale", `The specified zone "${zoneId}" is not available for purchase.`, 403);
  }
}

/** The zone ids of the caller's region. */
export function zoneNames(cloud: AccountRegion): string[] {
  return cloud.catalog.getRegion(cloud.region).zones.map((z) => z.name);
}
