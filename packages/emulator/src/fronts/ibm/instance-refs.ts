import type { AccountRegion } from "../../world/account-region.js";
import type { NetworkInterface, Vm } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import { crnOf, derivedId } from "./context.js";
import { notFound } from "./http.js";
import type { Json } from "./http.js";
import { subnetRef } from "./network.js";

/** A live instance (a terminated one is gone, as IBM forgets deleted instances). */
export function requireInstance(cloud: AccountRegion, id: string): Vm {
  const vm = cloud.vms.list({ where: (v) => v.id === id }).items[0];
  if (!vm || vm.state === "terminated") throw notFound("not_found", `Instance ${id} not found.`, id);
  return vm;
}

export function instanceRef(call: VpcCall, vm: { id: string; name: string; zone?: string }): Json {
  return {
    id: vm.id,
    crn: crnOf(call.account, vm.zone ?? call.region.name, "instance", vm.id),
    href: `${call.base}/instances/${vm.id}`,
    name: vm.name,
    resource_type: "instance",
  };
}

/** The VM's primary network interface in the world. */
export function primaryInterface(cloud: AccountRegion, vmId: string): NetworkInterface | undefined {
  return cloud.networkInterfaces.list({ where: (n) => n.attachment?.vm.id === vmId && n.attachment.index === 0 })
    .items[0];
}

export function interfaceRef(call: VpcCall, vm: Vm, nic: NetworkInterface): Json {
  const ip = nic.fixedIps[0]?.ip ?? vm.privateIp;
  return {
    id: nic.id,
    href: `${call.base}/instances/${vm.id}/network_interfaces/${nic.id}`,
    name: "eth0",
    primary_ip: {
      address: ip,
      href: `${call.base}/subnets/${vm.subnet.id}/reserved_ips/${derivedId(call.region, "reserved-ip", nic.id)}`,
      id: derivedId(call.region, "reserved-ip", nic.id),
      name: `${vm.name}-ip`,
      resource_type: "subnet_reserved_ip",
    },
    primary_ipv4_address: ip,
    subnet: subnetRef(call, { ...vm.subnet, zone: vm.zone }),
    resource_type: "network_interface",
  };
}
