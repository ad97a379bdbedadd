import type { AccountRegion } from "../../world/account-region.js";
import type { Spec } from "../../world/resources/catalog-service.js";
import { occupiesHost } from "../../world/resources/vm-lifecycle.js";
import type { World } from "../../world/world.js";

// What each zone sells. Newer Tencent zones no longer sell Premium Cloud Disk and GPU types sit in
// few zones: here a region's last zone (when it has several) lacks CLOUD_PREMIUM, and GPU types are
// sold in a region's first two zones. Stock (SELL or SOLD_OUT) comes from the world's capacity.

export function diskTypesOf(cloud: AccountRegion, zone: string): string[] {
  const zones = cloud.catalog.getRegion(cloud.region).zones;
  const last = zones.length > 1 && zones[zones.length - 1]?.name === zone;
  return cloud.catalog
    .diskTypes()
    .map((d) => d.name)
    .filter((name) => !last || name !== "CLOUD_PREMIUM");
}

export function instanceTypesOf(cloud: AccountRegion, zone: string): Spec[] {
  const zones = cloud.catalog.getRegion(cloud.region).zones.map((z) => z.name);
  const gpuZone = zones.indexOf(zone) < 2;
  return cloud.catalog.listSpecs().items.filter((spec) => !spec.gpu || gpuZone);
}

/** Whether one more VM of `spec` fits the world's capacity in the zone (across every account). */
export function inStock(world: World, cloud: AccountRegion, zone: string, spec: Spec): boolean {
  const inUse = [...new Set(world.identities.list("TENCENT").map((identity) => identity.account))].flatMap((account) =>
    world
      .accountRegion({ provider: "TENCENT", account, region: cloud.region })
      .vms.list()
      .items.filter((vm) => occupiesHost(vm.state))
      .map((vm) => ({ region: cloud.region, zone: vm.zone, specName: vm.specName, vcpus: vm.vcpus })),
  );
  const candidate = { region: cloud.region, zone, specName: spec.name, vcpus: spec.vcpus };
  return world.capacity.violated("TENCENT", candidate, inUse) === undefined;
}

/** The hourly price of a type in the caller's region. */
export function hourlyPrice(cloud: AccountRegion, typeName: string): number {
  return cloud.catalog.listPrices().items.find((p) => p.specName === typeName)?.price ?? 0;
}

/** "S5.MEDIUM4" → family "S5". */
export function familyOf(typeName: string): string {
  return typeName.split(".")[0] ?? typeName;
}
