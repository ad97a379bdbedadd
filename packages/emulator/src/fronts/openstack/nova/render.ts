import { createHash } from "node:crypto";
import type { AccountRegion } from "../../../world/account-region.js";
import type { Spec } from "../../../world/resources/catalog-service.js";
import type { NetworkInterface, Vm, VmState } from "../../../world/types.js";
import { derivedHexId, flavorIdOf, isoSeconds } from "../ids.js";
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

/** Nova's fault of a build that found no host (the world's build failures). */
export const noValidHost = "No valid host was found. There are not enough hosts available.";

/** The compute host a running server is on: derived, as the world has no hosts. */
function hostOf(vm: Vm): string | undefined {
  if (vm.state === "error") return undefined;
  return `compute-${derivedHexId("host", vm.id).slice(0, 2)}`;
}

/** Nova's hostId: sha224 of project and host ("" without a host), so it differs per project. */
function hostIdOf(call: ServiceCall, vm: Vm): string {
  const host = hostOf(vm);
  return host === undefined ? "" : createHash("sha224").update(`${call.projectId}${host}`).digest("hex");
}

/** A server's interfaces, primary first. */
export function interfacesOf(cloud: AccountRegion, vm: Vm): NetworkInterface[] {
  return cloud.networkInterfaces
    .list({ where: (n) => n.attachment?.vm.id === vm.id })
    .items.sort((a, b) => (a.attachment?.index ?? 0) - (b.attachment?.index ?? 0));
}

/**
 * `addresses`: per network name, each fixed address of each port (version 4 or 6) followed by the
 * floating IP on it. Hidden while the server builds, as Nova hides them.
 */
function addressesOf(cloud: AccountRegion, vm: Vm, nics: readonly NetworkInterface[]): Record<string, unknown[]> {
  if (vm.state === "pending") return {};
  const floating = cloud.publicIps.list({ where: (ip) => ip.target?.kind === "network-interface" }).items;
  const addresses: Record<string, unknown[]> = {};
  for (const nic of nics) {
    const entry = (addr: string, type: "fixed" | "floating") => ({
      version: addr.includes(":") ? 6 : 4,
      addr,
      "OS-EXT-IPS:type": type,
      "OS-EXT-IPS-MAC:mac_addr": nic.macAddress,
    });
    const primary = nic.fixedIps.find((f) => !f.ip.includes(":"));
    const list = (addresses[nic.vpc.name] ??= []);
    for (const fixed of nic.fixedIps) {
      list.push(entry(fixed.ip, "fixed"));
      if (fixed !== primary) continue;
      for (const ip of floating) if (ip.target?.id === nic.id) list.push(entry(ip.address, "floating"));
    }
  }
  return addresses;
}

/** Security groups as Nova reads them off the server's ports: each group of each port, by name. */
function securityGroupsOf(nics: readonly NetworkInterface[]): { name: string }[] {
  return nics.flatMap((nic) => nic.securityGroups.map((g) => ({ name: g.name || g.id })));
}

/** Volumes attached, boot volume first, with delete_on_termination from 2.3. */
function volumesOf(call: ServiceCall, cloud: AccountRegion, vm: Vm): Record<string, unknown>[] {
  const ids = [...(vm.rootVolume ? [vm.rootVolume.id] : []), ...vm.dataDisks.map((d) => d.id)];
  return ids.map((id) => {
    const attachment = cloud.disks.list({ where: (d) => d.id === id }).items[0]?.attachment;
    return atLeast(call.microversion, 2, 3)
      ? { id, delete_on_termination: attachment?.deleteOnTermination === true }
      : { id };
  });
}

/** The flavor: by id and link below 2.47, embedded from 2.47. */
function flavorOf(call: ServiceCall, cloud: AccountRegion, vm: Vm): Record<string, unknown> {
  const spec = findSpecByRef(cloud, vm.specName);
  if (atLeast(call.microversion, 2, 47)) {
    return {
      vcpus: vm.vcpus,
      ram: vm.memoryMiB,
      disk: spec?.localDiskGB ?? 0,
      ephemeral: 0,
      swap: 0,
      original_name: vm.specName,
      extra_specs: spec ? extraSpecsOf(spec) : {},
    };
  }
  const id = flavorIdOf(vm.specName);
  return { id, links: flavorLinks(call, id).slice(1) };
}

/** Nova's hostname of a display name (2.90): lower case, what a DNS label allows, at most 63. */
function hostnameOf(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63);
  return label === "" ? "server" : label;
}

/**
 * A server as `GET /servers/{id}` (and, without server_groups, `GET /servers/detail`) shows it at
 * the call's microversion (nova/api/openstack/compute/views/servers.py and its response schemas).
 */
export function serverView(
  call: ServiceCall,
  cloud: AccountRegion,
  vm: Vm,
  options: { detail?: boolean } = {},
): Record<string, unknown> {
  const state = novaStateByWorldState[vm.state];
  const nics = interfacesOf(cloud, vm);
  const groups = securityGroupsOf(nics);
  const v = call.microversion;
  const launched =
    vm.state === "pending" || vm.state === "error" ? null : isoSeconds(vm.launchedAt).replace("Z", ".000000");
  return {
    id: vm.id,
    name: vm.name,
    status: state.status,
    tenant_id: call.projectId,
    user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
    metadata: { ...vm.tags },
    hostId: hostIdOf(call, vm),
    // A server booted from a volume shows no image.
    image: vm.rootVolume
      ? ""
      : {
          id: vm.image.id,
          links: [{ rel: "bookmark", href: `${call.endpoint.replace(/\/v2\.1$/, "")}/images/${vm.image.id}` }],
        },
    flavor: flavorOf(call, cloud, vm),
    created: isoSeconds(vm.createdAt),
    updated: isoSeconds(vm.stateSince),
    addresses: addressesOf(cloud, vm, nics),
    accessIPv4: "",
    accessIPv6: "",
    links: serverLinks(call, vm.id),
    "OS-DCF:diskConfig": "MANUAL",
    ...(state.status === "ERROR"
      ? { fault: { code: 500, created: isoSeconds(vm.stateSince), message: noValidHost } }
      : {}),
    ...(state.status === "ACTIVE" || state.status === "BUILD" ? { progress: 0 } : {}),
    "OS-EXT-AZ:availability_zone": vm.zone,
    config_drive: "",
    key_name: vm.keyPair?.name ?? null,
    "OS-SRV-USG:launched_at": launched,
    "OS-SRV-USG:terminated_at": null,
    ...(groups.length > 0 ? { security_groups: groups } : {}),
    "OS-EXT-STS:task_state": state.taskState,
    "OS-EXT-STS:vm_state": state.vmState,
    "OS-EXT-STS:power_state": state.powerState,
    "os-extended-volumes:volumes_attached": volumesOf(call, cloud, vm),
    ...(atLeast(v, 2, 9) ? { locked: false } : {}),
    ...(atLeast(v, 2, 19) ? { description: null } : {}),
    ...(atLeast(v, 2, 26) ? { tags: [] } : {}),
    ...(atLeast(v, 2, 63) ? { trusted_image_certificates: null } : {}),
    ...(atLeast(v, 2, 71) && options.detail !== true ? { server_groups: [] } : {}),
    ...(atLeast(v, 2, 73) ? { locked_reason: null } : {}),
    ...(atLeast(v, 2, 90) ? { "OS-EXT-SRV-ATTR:hostname": hostnameOf(vm.name) } : {}),
    ...(atLeast(v, 2, 96) ? { pinned_availability_zone: null } : {}),
  };
}
