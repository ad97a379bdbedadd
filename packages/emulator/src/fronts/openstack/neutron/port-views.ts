import type { AccountRegion } from "../../../world/account-region.js";
import type { NetworkInterface, PublicIp, PublicIpTargetKind, Vm } from "../../../world/types.js";
import { FrontError } from "../http.js";
import { derivedMac, routerPortIdOf, vipPortIdOf } from "../ids.js";
import type { ServiceCall } from "../service.js";
import { fromWorldTags } from "../tags.js";
import { externalNetworkOf, gatewayIp, owned } from "./render.js";

// Neutron ports: the world's network interfaces (made by the project or by Nova for a server),
// plus views of what holds addresses without an interface of its own: router interfaces (the
// subnet's gateway address) and load balancers' VIPs.

export interface PortView {
  id: string;
  view: Record<string, unknown>;
  /** What a floating IP on the port forwards to; absent where Neutron refuses one (router interfaces). */
  target?: { kind: PublicIpTargetKind; id: string };
  /** Why the port API does not change or delete it: the owner that manages it. */
  managedBy?: string;
}

const base = (id: string): Record<string, unknown> => ({
  id,
  name: "",
  admin_state_up: true,
  "binding:vnic_type": "normal",
  allowed_address_pairs: [],
  extra_dhcp_opts: [],
  description: "",
  tags: [],
});

/** A network interface as a port: ACTIVE while its server runs, DOWN otherwise and while unbound. */
export function interfacePortView(
  call: ServiceCall,
  nic: NetworkInterface,
  vm: Vm | undefined,
): Record<string, unknown> {
  return {
    ...owned(call, nic.createdAt),
    ...base(nic.id),
    name: nic.name,
    description: nic.description,
    network_id: nic.vpc.id,
    mac_address: nic.macAddress,
    fixed_ips: nic.fixedIps.map((f) => ({ subnet_id: f.subnetId, ip_address: f.ip })),
    device_id: nic.deviceId,
    device_owner: nic.deviceOwner,
    status: vm?.state === "running" ? "ACTIVE" : "DOWN",
    security_groups: nic.securityGroups.map((g) => g.id),
    port_security_enabled: nic.portSecurity,
    tags: fromWorldTags(nic.tags),
  };
}

/** Every port of the project, interfaces first. */
export function allPorts(call: ServiceCall, cloud: AccountRegion): PortView[] {
  const vms = new Map(cloud.vms.list().items.map((vm) => [vm.id, vm]));
  const interfaces = cloud.networkInterfaces.list().items.map((nic): PortView => ({
    id: nic.id,
    target: { kind: "network-interface", id: nic.id },
    view: interfacePortView(call, nic, nic.attachment ? vms.get(nic.attachment.vm.id) : undefined),
  }));
  const subnets = new Map(cloud.subnets.list().items.map((s) => [s.id, s]));
  const routers = cloud.routers.list().items.flatMap((router) =>
    router.subnets.map((ref): PortView => {
      const subnet = subnets.get(ref.id);
      const id = routerPortIdOf(router.id, ref.id);
      return {
        id,
        managedBy: "network:router_interface",
        view: {
          ...owned(call, router.createdAt),
          ...base(id),
          network_id: subnet?.vpcId ?? "",
          mac_address: derivedMac(id),
          fixed_ips: [{ subnet_id: ref.id, ip_address: gatewayIp(subnet?.cidr ?? "") }],
          device_id: router.id,
          device_owner: "network:router_interface",
          status: "ACTIVE",
          security_groups: [],
          port_security_enabled: false,
        },
      };
    }),
  );
  const vips = cloud.nlbs.list().items.map((nlb): PortView => {
    const id = vipPortIdOf(nlb.id);
    return {
      id,
      target: { kind: "load-balancer", id: nlb.id },
      managedBy: "Octavia",
      view: {
        ...owned(call, nlb.createdAt),
        ...base(id),
        name: `octavia-lb-${nlb.id}`,
        network_id: nlb.vpc.id,
        mac_address: derivedMac(id),
        fixed_ips: [{ subnet_id: nlb.subnet.id, ip_address: nlb.listener.ip }],
        device_id: `lb-${nlb.id}`,
        device_owner: "Octavia",
        status: "DOWN",
        security_groups: [],
        port_security_enabled: true,
      },
    };
  });
  return [...interfaces, ...routers, ...vips];
}

export function findPort(call: ServiceCall, cloud: AccountRegion, id: string): PortView {
  const found = allPorts(call, cloud).find((p) => p.id === id);
  if (!found) throw new FrontError(404, `Port ${id} could not be found.`, "PortNotFound");
  return found;
}

/**
 * The port a public IP forwards to (a server's primary port for a world VM target), if any.
 * `ports`: the project's ports when the caller already has them (a check over every floating IP
 * would otherwise build them once per IP: cubic in the servers of a project).
 */
export function portOfTarget(
  call: ServiceCall,
  cloud: AccountRegion,
  ip: PublicIp,
  ports: readonly PortView[] = ip.target ? allPorts(call, cloud) : [],
): PortView | undefined {
  const target = ip.target;
  if (!target) return undefined;
  if (target.kind === "instance")
    return ports.find((p) => p.view["device_id"] === target.id && p.target?.kind === "network-interface");
  return ports.find((p) => p.target?.kind === target.kind && p.target.id === target.id);
}

/**
 * A floating IP. Without a port it is DOWN with port_id, fixed_ip_address and router_id null:
 * what a floating IP looks like after its port went (with its server, or on its own).
 */
export function floatingIpView(call: ServiceCall, cloud: AccountRegion, ip: PublicIp): Record<string, unknown> {
  const port = portOfTarget(call, cloud, ip);
  const fixed = (port?.view["fixed_ips"] as { subnet_id: string; ip_address: string }[] | undefined)?.find((f) =>
    f.ip_address.includes("."),
  );
  const router = fixed
    ? cloud.routers.list({ where: (r) => r.subnets.some((s) => s.id === fixed.subnet_id) }).items[0]
    : undefined;
  const details = call.ctx.deployment.neutronExtensions.includes("fip-port-details");
  return {
    ...owned(call, ip.createdAt),
    id: ip.id,
    floating_ip_address: ip.address,
    floating_network_id: externalNetworkOf(cloud)?.id ?? "",
    router_id: port ? (router?.id ?? null) : null,
    port_id: port?.id ?? null,
    fixed_ip_address: fixed?.ip_address ?? null,
    status: port ? "ACTIVE" : "DOWN",
    description: ip.description,
    ...(details
      ? {
          port_details: port
            ? {
                name: port.view["name"],
                network_id: port.view["network_id"],
                mac_address: port.view["mac_address"],
                admin_state_up: true,
                status: port.view["status"],
                device_id: port.view["device_id"],
                device_owner: port.view["device_owner"],
              }
            : null,
        }
      : {}),
    tags: fromWorldTags(ip.tags),
  };
}
