import type { Connection } from "@cloud-barista/core";
import type { AccountRegion } from "@cloud-barista/emulator";
import type { McisService } from "@cloud-barista/mcis";

// What the faults and processes parts check once the dust has settled: every live cloud resource
// is tracked (no orphan), every tracked one exists (nothing lost), and no user name has two live
// resources in the cloud (no duplicate). Cloud names are derived as "<name>-<8 characters>".

export interface CloudFindings {
  /** User names (per type) with more than one live resource in the cloud. */
  duplicates: string[];
  /** Live cloud resources that neither core nor an MCIS tracks. */
  orphans: string[];
  /** Tracked resources (core records, MCIS VMs) the cloud does not have. */
  lost: string[];
}

/** "web-1a2b3c4d" -> "web": the user name a derived cloud name was made from. */
export function userNameOf(cloudName: string): string {
  return cloudName.replace(/-[a-z0-9]{8}$/, "");
}

/** Live resources of one region of the world, by type, as [cloud name, id]. */
export function liveResources(cloud: AccountRegion): Record<string, [string, string][]> {
  return {
    vm: cloud.vms
      .list()
      .items.filter((vm) => vm.state !== "terminated")
      .map((vm) => [vm.name, vm.id]),
    vpc: cloud.vpcs.list().items.map((v) => [v.name, v.id]),
    subnet: cloud.vpcs
      .list()
      .items.flatMap((v) => v.subnets.map((s): [string, string] => [`${v.name}/${s.name}`, s.id])),
    securityGroup: cloud.securityGroups.list().items.map((s) => [s.name, s.id]),
    keyPair: cloud.keyPairs.list().items.map((k) => [k.name, k.id]),
  };
}

/** Checks one connection's region: core's inventory, MCIS VM records (when given) and the world. */
export async function checkCloud(
  conn: Connection,
  cloud: AccountRegion,
  mcis?: { service: McisService; namespaces: readonly string[] },
): Promise<CloudFindings> {
  const findings: CloudFindings = { duplicates: [], orphans: [], lost: [] };
  const live = liveResources(cloud);
  for (const [type, items] of Object.entries(live)) {
    const seen = new Map<string, number>();
    for (const [name] of items) seen.set(userNameOf(name), (seen.get(userNameOf(name)) ?? 0) + 1);
    for (const [name, n] of seen) if (n > 1) findings.duplicates.push(`${conn.name}/${type}/${name} x${n}`);
  }
  // Core's records: VMs that an MCIS made are core records too.
  const tracked = new Set<string>();
  for (const service of [conn.vm, conn.vpc, conn.securityGroup, conn.keyPair] as const) {
    const inventory = await service.inventory();
    for (const item of inventory.mapped) tracked.add(item.systemId);
    findings.orphans.push(...inventory.onlyInCloud.map((i) => `${conn.name}/${i.nameId} (${i.systemId})`));
    findings.lost.push(...inventory.onlyTracked.map((i) => `${conn.name}/${i.nameId} (${i.systemId})`));
  }
  // Subnets: each live one must belong to a tracked VPC and be tracked by name.
  for await (const vpc of conn.vpc.list()) {
    const cloudVpc = cloud.vpcs.list().items.find((v) => v.id === vpc.iid.systemId);
    for (const subnet of cloudVpc?.subnets ?? []) {
      if (!vpc.subnets.some((s) => s.iid.systemId === subnet.id && s.iid.nameId !== subnet.name))
        findings.orphans.push(`${conn.name}/${vpc.iid.nameId}/subnet ${subnet.name} (${subnet.id}) untracked`);
    }
  }
  if (mcis) {
    const worldVms = new Set(live["vm"]?.map(([, id]) => id));
    const inMcis = new Set<string>();
    for (const namespace of mcis.namespaces) {
      for (const info of await mcis.service.list(namespace, { refresh: false })) {
        for (const vm of info.vms) {
          if (vm.connection !== conn.name || vm.systemId === undefined) continue;
          inMcis.add(vm.systemId);
          if (vm.status !== "Terminated" && vm.status !== "Failed" && !worldVms.has(vm.systemId))
            findings.lost.push(
              `${namespace}/${info.name}/${vm.id} (${vm.systemId}) is ${vm.status} but not in the cloud`,
            );
        }
      }
    }
    // A VM an MCIS made (its tags say so) that no MCIS tracks any more: core may still know it,
    // but nobody will ever delete it through the MCIS.
    for (const vm of cloud.vms.list().items) {
      const namespace = vm.tags["cb-ns"];
      if (vm.state === "terminated" || namespace === undefined || !mcis.namespaces.includes(namespace)) continue;
      if (!inMcis.has(vm.id))
        findings.orphans.push(
          `${conn.name}/${vm.name} (${vm.id}, ${vm.state}) tagged for MCIS ${vm.tags["cb-mcis"] ?? "?"} but tracked by none`,
        );
    }
  }
  return findings;
}
