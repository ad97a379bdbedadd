import type { McisInfo, McisVmInfo } from "@cloud-barista/mcis";

/** Where a VM is in its cloud: the account and region its connection reaches, and the cloud's id. */
export interface VmPlace {
  readonly provider: string;
  readonly account: string;
  readonly region: string;
}

/** One VM of a monitored fleet: its identity tags (the model's `identityTags`) and where its cloud keeps it. */
export interface FleetVm {
  readonly tags: Readonly<Record<string, string>>;
  readonly where: VmPlace & { readonly id: string };
}

/**
 * The VMs of an MCIS as a fleet: identity tags from the MCIS (`ns`, `mcis`, `subgroup`, `vm`,
 * `provider`, `region`, and `host` = the VM's name in its connection) and the place `locate`
 * gives for its connection. VMs the cloud has not made yet (no cloud id) or whose connection
 * `locate` does not know are left out.
 */
export function mcisFleet(info: McisInfo, locate: (vm: McisVmInfo) => VmPlace | undefined): FleetVm[] {
  const fleet: FleetVm[] = [];
  for (const vm of info.vms) {
    const place = vm.systemId === undefined ? undefined : locate(vm);
    if (!place || vm.systemId === undefined) continue;
    fleet.push({
      tags: {
        ns: info.namespace,
        mcis: info.name,
        subgroup: vm.subGroup,
        vm: vm.id,
        provider: place.provider,
        region: place.region,
        host: vm.coreName,
      },
      where: { ...place, id: vm.systemId },
    });
  }
  return fleet;
}
