import type { AccountRegion } from "../../../world/account-region.js";
import type { Spec } from "../../../world/resources/catalog-service.js";
import type { Vm, VmState } from "../../../world/types.js";
import { derivedHexId, derivedMac, flavorIdOf, isoSeconds, vmPortIdOf } from "../ids.js";
import type { ServiceCall } from "../service.js";
import { atLeast } from "./microversion.js";

/** How Nova shows each world VM state: status, vm_state, task_state, power_state. */
export const novaStateByWorldState: Readonly<
  Record<VmState, { status: string; vmState: string; taskState: string | null; powerState: number }>
> = {
  pending: { status: "BUILD", vmState: "building", taskState: "spawning", powerState: 0 },
  running: { status: "ACTIVE", vmState: "active", taskState: null, powerState: 1 },
  stopping: { status: "ACTIVE", vmState: "active", taskState: "powering-off", powerState: 1 },
  stopped: { status: "SHUTOFF", vmState: "stopped", taskState: null, powerState: 4 },
  starting: { status: "SHUTOFF", vmState: "stopped", taskState: "powering-on", powerState: 4 },
  rebooting: { status: "REBOOT", vmState: "active", taskState: "rebooting", powerState: 1 },
  "shutting-down": { status: "ACTIVE", vmState: "active", taskState: "deleting", powerState: 1 },
  terminated: { status: "DELETED", vmState: "deleted", taskState: null, powerState: 0 },
  error: { status: "ERROR", vmState: "error", taskState: null, powerState: 0 },
};

/** Flavor extra specs: the CPU architecture trait and, for GPU flavors, a PCI passthrough alias. */
export function extraSpecsOf(spec: Spec): Record<string, string> {
  const specs: Record<string, string> = {
    [spec.architecture === "arm64" ? "trait:HW_ARCH_AARCH64" : "trait:HW_ARCH_X86_64"]: "required",
  };
  if (spec.gpu)
    specs["pci_passthrough:alias"] = `${spec.gpu.manufacturer}-${spec.gpu.model}:${spec.gpu.count}`.toLowerCase();
  return specs;
}

export function findSpecByRef(cloud: AccountRegion, ref: string): Spec | undefined {
  return cloud.catalog.listSpecs().items.find((s) => flavorIdOf(s.name) === ref || s.name === ref);
}

export function flavorLinks(call: ServiceCall, id: string): { rel: string; href: string }[] {
  return [
    { rel: "self", href: `${call.endpoint}/flavors/${id}` },
    { rel: "bookmark", href: `${call.endpoint.replace(/\/v2\.1$/, "")}/flavors/${id}` },
  ];
}

function serverLinks(call: ServiceCall, id: string): { rel: string; href: string }[] {
  return [
    { rel: "self", href: `${call.endpoint}/servers/${id}` },
    { rel: "bookmark", href: `${call.endpoint.replace(/\/v2\.1$/, "")}/servers/${id}` },
  ];
}

/** A server in the short form of `GET /servers`. */
export function serverSummary(call: ServiceCall, vm: Vm): Record<string, unknown> {
  return { id: vm.id, name: vm.name, links: serverLinks(call, vm.id) };
}

/** A server as `GET /servers/{id}` shows it at the call's microversion. */
export function serverView(call: ServiceCall, cloud: AccountRegion, vm: Vm): Record<string, unknown> {
  const state = novaStateByWorldState[vm.state];
  const v = call.microversion;
  const spec = findSpecByRef(cloud, vm.specName);
  const nics = new Set(
    cloud.networkInterfaces.list({ where: (n) => n.attachment?.vm.id === vm.id }).items.map((n) => n.id),
  );
  const floating = cloud.publicIps.list({
    where: (ip) => ip.target?.kind === "network-interface" && nics.has(ip.target.id),
  }).items[0];
  const mac = derivedMac(vmPortIdOf(vm.id));
  const address = (addr: string, type: "fixed" | "floating") => ({
    version: 4,
    addr,
    "OS-EXT-IPS:type": type,
    "OS-EXT-IPS-MAC:mac_addr": mac,
  });
  const flavor = atLeast(v, 2, 47)
    ? {
        vcpus: vm.vcpus,
        ram: vm.memoryMiB,
        disk: spec?.localDiskGB ?? 0,
        ephemeral: 0,
        swap: 0,
        original_name: vm.specName,
        ...(spec ? { extra_specs: extraSpecsOf(spec) } : {}),
      }
    : { id: flavorIdOf(vm.specName), links: flavorLinks(call, flavorIdOf(vm.specName)).slice(1) };
  const launched = vm.state === "pending" ? null : isoSeconds(vm.launchedAt).replace("Z", ".000000");
  return {
    id: vm.id,
    name: vm.name,
    status: state.status,
    tenant_id: call.projectId,
    user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
    metadata: { ...vm.tags },
    hostId: "",
    image: {
      id: vm.image.id,
      links: [{ rel: "bookmark", href: `${call.endpoint.replace(/\/v2\.1$/, "")}/images/${vm.image.id}` }],
    },
    flavor,
    created: isoSeconds(vm.createdAt),
    updated: isoSeconds(vm.stateSince),
    addresses: {
      [vm.vpc.name]: [address(vm.privateIp, "fixed"), ...(floating ? [address(floating.address, "floating")] : [])],
    },
    accessIPv4: "",
    accessIPv6: "",
    links: serverLinks(call, vm.id),
    "OS-DCF:diskConfig": "MANUAL",
    progress: vm.state === "pending" ? 0 : 100,
    "OS-EXT-AZ:availability_zone": vm.zone,
    config_drive: "",
    key_name: vm.keyPair?.name ?? null,
    "OS-SRV-USG:launched_at": launched,
    "OS-SRV-USG:terminated_at": null,
    security_groups: vm.securityGroups.map((sg) => ({ name: sg.name })),
    "OS-EXT-STS:task_state": state.taskState,
    "OS-EXT-STS:vm_state": state.vmState,
    "OS-EXT-STS:power_state": state.powerState,
    "os-extended-volumes:volumes_attached": vm.dataDisks.map((d) =>
      atLeast(v, 2, 3) ? { id: d.id, delete_on_termination: false } : { id: d.id },
    ),
    ...(atLeast(v, 2, 9) ? { locked: false } : {}),
    ...(atLeast(v, 2, 19) ? { description: null } : {}),
    ...(atLeast(v, 2, 26) ? { tags: [] } : {}),
  };
}
