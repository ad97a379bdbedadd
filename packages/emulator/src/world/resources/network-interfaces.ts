import { createHash } from "node:crypto";
import type { ProviderName } from "@cloud-barista/core";
import { firstFreeHost, formatIp, parseCidr } from "../cidr.js";
import { eui64Address, firstFreeIpv6, formatIpv6, ipv6CidrContains, parseIpv6, parseIpv6Cidr } from "../cidr6.js";
import { WorldError, incorrectState, invalidParameter, notFoundError } from "../errors.js";
import { pageOf } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { FixedIp, NetworkInterface, Ref, Tags } from "../types.js";
import type { NetworkInterfaceRecord, SubnetRecord, VpcRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { freeSharedAddress, isSharedSubnet } from "./shared-networks.js";
import { releasedNetwork, vmStateOf } from "./vm-lifecycle.js";
import { tagRecord } from "./tag-rules.js";

// Network interfaces: a VM's addresses and security groups (Neutron ports, EC2 network
// interfaces). They live beside the tables, like routers and public IPs.

/** An address asked for: any free one of a subnet, a given one (in whichever subnet holds it), or both. */
export interface FixedIpRequest {
  subnetId?: string | undefined;
  ip?: string | undefined;
}

/** A network interface made on its own (a Neutron port, EC2 CreateNetworkInterface), free until a VM takes it. */
export interface CreateNetworkInterfaceInput {
  vpcId: string;
  /** May be empty, as Neutron ports usually are. */
  name?: string | undefined;
  description?: string | undefined;
  tags?: Tags | undefined;
  /**
   * The addresses; when absent, one IPv4 address, one of a stateful IPv6 subnet, and always (asked
   * for or not) the EUI-64 address of every SLAAC or DHCPv6-stateless subnet of the VPC.
   */
  fixedIps?: FixedIpRequest[] | undefined;
  securityGroupIds?: string[] | undefined;
  /** Default true. */
  portSecurity?: boolean | undefined;
  deviceId?: string | undefined;
  deviceOwner?: string | undefined;
}

/** Changes to an interface: each field given replaces the old value (tags and groups as a whole). */
export interface UpdateNetworkInterfaceInput {
  name?: string | undefined;
  description?: string | undefined;
  tags?: Tags | undefined;
  securityGroupIds?: string[] | undefined;
  portSecurity?: boolean | undefined;
  deviceId?: string | undefined;
  deviceOwner?: string | undefined;
}

/** Network interfaces of one account and region. */
export class NetworkInterfaceService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /**
   * Creates a free interface with its addresses: Duplicate when an address asked for is taken,
   * InsufficientCapacity when a subnet has no free one.
   */
  create(input: CreateNetworkInterfaceInput): NetworkInterface {
    const row = planInterface(this.#state, input, { id: newInterfaceId(this.#state) });
    storeInterface(this.#state, row);
    return interfaceView(this.#state, row);
  }

  /** One interface; NotFound when there is none. */
  get(id: string): NetworkInterface {
    return interfaceView(this.#state, requireInterface(this.#state, id));
  }

  /** One page of the region's interfaces (VMs' own included), oldest first. */
  list(options?: ListOptions<NetworkInterface>): ListPage<NetworkInterface> {
    const s = this.#state;
    return pageOf(
      interfacesOf(s).map((row) => ({ key: row.seq, item: interfaceView(s, row) })),
      options,
    );
  }

  /** Applies `changes` (security groups of the interface's VPC, unless groups are the account's); addresses stay. */
  update(id: string, changes: UpdateNetworkInterfaceInput): NetworkInterface {
    const s = this.#state;
    const row = requireInterface(s, id);
    if (changes.securityGroupIds !== undefined)
      row.securityGroupIds = checkGroups(s, s.require(s.vpcs, row.vpcId), changes.securityGroupIds);
    if (changes.tags !== undefined) {
      s.checkTags(changes.tags);
      row.tags = tagRecord(changes.tags);
    }
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.description !== undefined) row.description = changes.description;
    if (changes.portSecurity !== undefined) row.portSecurity = changes.portSecurity;
    if (changes.deviceId !== undefined) row.deviceId = changes.deviceId;
    if (changes.deviceOwner !== undefined) row.deviceOwner = changes.deviceOwner;
    return interfaceView(s, row);
  }

  /** Deletes the interface, attached or not; public IPs pointed at it lose their target. */
  delete(id: string): void {
    removeInterface(this.#state, requireInterface(this.#state, id));
  }
}

/** Every interface, oldest first, after applying what became of the VMs they were attached to. */
export function interfacesOf(state: RegionState): NetworkInterfaceRecord[] {
  settleInterfaces(state);
  return [...state.networkInterfaces.values()];
}

export function findInterface(state: RegionState, id: string): NetworkInterfaceRecord | undefined {
  settleInterfaces(state);
  return state.networkInterfaces.get(id);
}

export function requireInterface(state: RegionState, id: string): NetworkInterfaceRecord {
  const row = typeof id === "string" ? findInterface(state, id) : undefined;
  if (!row) throw notFoundError("network-interface", String(id));
  return row;
}

/**
 * Interfaces of VMs that are gone, terminated or failed to build follow their VM: those made with
 * the VM are deleted, the others are freed (Nova deletes the ports it made and unbinds the ones it
 * was given, after a delete and after a failed build alike).
 */
function settleInterfaces(state: RegionState): void {
  for (const row of state.networkInterfaces.values()) {
    const attachment = row.attachment;
    if (!attachment) continue;
    const vm = state.vms.find(attachment.vmId);
    if (vm && !releasedNetwork(vmStateOf(state, vm).state)) continue;
    if (attachment.deleteOnTermination) {
      removeInterface(state, row);
    } else {
      delete row.attachment;
      row.deviceId = "";
      row.deviceOwner = "";
    }
  }
}

/** Stores a planned interface; its addresses on shared networks become taken world-wide. */
export function storeInterface(state: RegionState, row: NetworkInterfaceRecord): void {
  state.networkInterfaces.set(row.id, row);
  for (const ip of sharedAddresses(state, row)) state.world.publicIps.add(ip);
}

function sharedAddresses(state: RegionState, row: NetworkInterfaceRecord): string[] {
  return row.fixedIps.flatMap((f) => {
    const subnet = state.subnets.find(f.subnetId);
    return subnet && isSharedSubnet(state, subnet) ? [f.ip] : [];
  });
}

function removeInterface(state: RegionState, row: NetworkInterfaceRecord): void {
  state.networkInterfaces.delete(row.id);
  for (const ip of sharedAddresses(state, row)) state.world.publicIps.delete(ip);
  for (const ip of state.publicIps.values())
    if (ip.target?.kind === "network-interface" && ip.target.id === row.id) delete ip.target;
}

/** Attaches free interfaces to a VM, in order; the first becomes its primary. */
export function attachInterfaces(
  state: RegionState,
  vm: Ref & { zone: string },
  interfaces: readonly { row: NetworkInterfaceRecord; deleteOnTermination: boolean }[],
): void {
  interfaces.forEach(({ row, deleteOnTermination }, index) => {
    row.attachment = { vmId: vm.id, index, deleteOnTermination };
    row.deviceId = vm.id;
    row.deviceOwner = `compute:${vm.zone}`;
  });
}

/** Checks a new interface and returns its record (not yet stored). */
export function planInterface(
  state: RegionState,
  input: CreateNetworkInterfaceInput,
  identity: { id: string },
): NetworkInterfaceRecord {
  const vpc = state.require(state.vpcs, input.vpcId);
  const tags = tagRecord(input.tags);
  state.checkTags(tags);
  const securityGroupIds = checkGroups(state, vpc, input.securityGroupIds ?? []);
  const macAddress = macOf(state.provider, identity.id);
  return {
    id: identity.id,
    seq: state.world.nextSeq(),
    name: input.name ?? "",
    description: input.description ?? "",
    createdAt: state.now(),
    tags,
    vpcId: vpc.id,
    fixedIps: allocateFixedIps(state, vpc, input.fixedIps, macAddress),
    macAddress,
    securityGroupIds,
    portSecurity: input.portSecurity ?? true,
    deviceId: input.deviceId ?? "",
    deviceOwner: input.deviceOwner ?? "",
  };
}

function checkGroups(state: RegionState, vpc: VpcRecord, ids: readonly string[]): string[] {
  return [...new Set(ids)].map((id, i) => {
    const sg = state.require(state.securityGroups, id);
    if (!state.catalog.network.accountSecurityGroups && sg.vpc.id !== vpc.id)
      throw invalidParameter(`securityGroupIds[${i}]`, `${id} is not in VPC ${vpc.id}`);
    return sg.id;
  });
}

/** Subnets of a VPC in Neutron's order: by id, as its database hands them out. */
function subnetsById(state: RegionState, vpcId: string): SubnetRecord[] {
  return state.subnets
    .all()
    .filter((s) => s.vpcId === vpcId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether hosts derive their addresses from their MAC (SLAAC, DHCPv6-stateless). */
export const autoAddressed = (subnet: Pick<SubnetRecord, "ipVersion" | "ipv6AddressMode">): boolean =>
  subnet.ipVersion === 6 && (subnet.ipv6AddressMode === "slaac" || subnet.ipv6AddressMode === "dhcpv6-stateless");

/** The addresses of a new interface, as Neutron's IPAM picks them. */
function allocateFixedIps(
  state: RegionState,
  vpc: VpcRecord,
  requests: readonly FixedIpRequest[] | undefined,
  mac: string,
): FixedIp[] {
  const subnets = subnetsById(state, vpc.id);
  const taken: FixedIp[] = [];
  const used = (subnet: SubnetRecord): Set<string> => {
    const set = usedAddresses(state, subnet.id);
    for (const ip of taken) if (ip.subnetId === subnet.id) set.add(ip.ip);
    // Addresses of shared networks are public: taken anywhere in the world is taken here.
    if (isSharedSubnet(state, subnet)) for (const ip of state.world.publicIps) set.add(ip);
    return set;
  };
  // Out of addresses: the named subnet's, or (when any subnet would do) the network's.
  const firstFree = (candidates: readonly SubnetRecord[], field: string, named = false): void => {
    if (candidates.length === 0) return;
    for (const subnet of candidates) {
      const ip = isSharedSubnet(state, subnet)
        ? freeSharedAddress(state, subnet, new Set(taken.map((t) => t.ip)))
        : freeAddress(subnet, used(subnet));
      if (ip !== undefined) {
        taken.push({ subnetId: subnet.id, ip });
        return;
      }
    }
    const subnet = named ? candidates[0] : undefined;
    throw new WorldError(
      "InsufficientCapacity",
      `${field}: no free address in ${subnet ? `subnet ${subnet.id}` : `network ${vpc.id}`}`,
      subnet ? { resourceType: "subnet", resourceId: subnet.id } : { resourceType: "network", resourceId: vpc.id },
    );
  };
  if (requests === undefined) {
    firstFree(
      subnets.filter((s) => s.ipVersion === 4),
      "fixedIps",
    );
    firstFree(
      subnets.filter((s) => s.ipVersion === 6 && !autoAddressed(s)),
      "fixedIps",
    );
  } else {
    requests.forEach((request, i) => {
      const field = `fixedIps[${i}]`;
      const subnet = subnetFor(state, vpc, subnets, request, field);
      if (request.ip === undefined) {
        // An auto-addressed subnet gets its EUI-64 address below, whether or not it is named.
        if (!autoAddressed(subnet)) firstFree([subnet], field, true);
        return;
      }
      const ip = canonicalIp(subnet, request.ip, `${field}.ip`);
      if (autoAddressed(subnet) && ip !== eui64Of(subnet, mac))
        throw invalidParameter(`${field}.ip`, `${ip} cannot be assigned on auto-addressed subnet ${subnet.id}`);
      if (used(subnet).has(ip))
        throw new WorldError("Duplicate", `address ${ip} already allocated in subnet ${subnet.id}`, {
          resourceType: "address",
          resourceId: ip,
        });
      taken.push({ subnetId: subnet.id, ip });
    });
  }
  for (const subnet of subnets.filter(autoAddressed)) {
    if (!taken.some((t) => t.subnetId === subnet.id)) taken.push({ subnetId: subnet.id, ip: eui64Of(subnet, mac) });
  }
  return taken;
}

/** The subnet a request names, or the one holding its address. */
function subnetFor(
  state: RegionState,
  vpc: VpcRecord,
  subnets: readonly SubnetRecord[],
  request: FixedIpRequest,
  field: string,
): SubnetRecord {
  if (request.subnetId !== undefined) {
    const subnet = state.require(state.subnets, request.subnetId);
    if (subnet.vpcId !== vpc.id)
      throw invalidParameter(`${field}.subnetId`, `subnet ${subnet.id} is not in network ${vpc.id}`);
    return subnet;
  }
  if (request.ip === undefined) throw invalidParameter(field, "needs a subnetId or an ip");
  const holder = subnets.find((s) => hostOf(s, request.ip ?? "") !== undefined);
  if (!holder) throw invalidParameter(`${field}.ip`, `${request.ip} is in no subnet of network ${vpc.id}`);
  return holder;
}

/** The address in canonical text when it is a host address of the subnet, else undefined. */
export function hostOf(subnet: Pick<SubnetRecord, "ipVersion" | "cidr">, ip: string): string | undefined {
  if (subnet.ipVersion === 6) {
    const cidr = parseIpv6Cidr(subnet.cidr);
    const address = parseIpv6(ip);
    // The subnet-router anycast address (the network address) is not a host.
    if (!cidr || address === undefined || address === cidr.base || !ipv6CidrContains(cidr, address)) return undefined;
    return formatIpv6(address);
  }
  const cidr = parseCidr(subnet.cidr);
  const address = parseIpv4(ip);
  if (!cidr || address === undefined) return undefined;
  const last = cidr.base + 2 ** (32 - cidr.prefixLength) - 1;
  // Neither the network nor the broadcast address.
  return address > cidr.base && address < last ? formatIp(address) : undefined;
}

function canonicalIp(subnet: SubnetRecord, ip: string, field: string): string {
  const host = hostOf(subnet, ip);
  if (host === undefined) throw invalidParameter(field, `${ip} is not a valid address of subnet ${subnet.id}`);
  return host;
}

function parseIpv4(text: string): number | undefined {
  const parsed = parseCidr(`${text}/32`);
  return parsed?.base;
}

function eui64Of(subnet: SubnetRecord, mac: string): string {
  const cidr = parseIpv6Cidr(subnet.cidr);
  return cidr ? formatIpv6(eui64Address(cidr, mac)) : "";
}

function freeAddress(subnet: SubnetRecord, used: ReadonlySet<string>): string | undefined {
  if (subnet.ipVersion === 6) {
    const cidr = parseIpv6Cidr(subnet.cidr);
    return cidr ? firstFreeIpv6(cidr, used) : undefined;
  }
  const cidr = parseCidr(subnet.cidr);
  return cidr ? firstFreeHost(cidr, used) : undefined;
}

/** Addresses taken in a subnet: interfaces' and internal load balancers'. */
export function usedAddresses(state: RegionState, subnetId: string): Set<string> {
  const used = new Set<string>();
  for (const row of interfacesOf(state)) for (const ip of row.fixedIps) if (ip.subnetId === subnetId) used.add(ip.ip);
  for (const nlb of state.nlbs.all()) {
    if (nlb.subnet.id === subnetId && nlb.scheme === "internal") used.add(nlb.listener.ip);
  }
  return used;
}

/** Who holds some interfaces, for dependency errors: "2 VM(s)", "1 network interface(s)" on their own. */
export function interfaceUsers(rows: readonly NetworkInterfaceRecord[]): string[] {
  const vms = new Set(rows.flatMap((row) => (row.attachment ? [row.attachment.vmId] : [])));
  const free = rows.filter((row) => !row.attachment).length;
  return [...(vms.size > 0 ? [`${vms.size} VM(s)`] : []), ...(free > 0 ? [`${free} network interface(s)`] : [])];
}

/** The interfaces of a VM, primary first. */
export function interfacesOfVm(state: RegionState, vmId: string): NetworkInterfaceRecord[] {
  return interfacesOf(state)
    .filter((row) => row.attachment?.vmId === vmId)
    .sort((a, b) => (a.attachment?.index ?? 0) - (b.attachment?.index ?? 0));
}

/** The primary (first IPv4, else first) address of an interface. */
export function primaryAddress(row: NetworkInterfaceRecord): FixedIp | undefined {
  return row.fixedIps.find((f) => !f.ip.includes(":")) ?? row.fixedIps[0];
}

function newInterfaceId(state: RegionState): string {
  const random = state.world.random;
  return state.provider === "AWS" ? `eni-0${random.hex(16)}` : random.uuid();
}

/** The id of the interface a VM makes for itself: derived from the VM's, so it draws nothing random. */
export function ownInterfaceIdOf(provider: ProviderName, vmId: string): string {
  const h = createHash("sha256").update(`interface/${vmId}`).digest("hex");
  if (provider === "AWS") return `eni-0${h.slice(0, 16)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A stable MAC for an interface: Neutron's fa:16:3e range on OpenStack, a locally administered one elsewhere. */
function macOf(provider: ProviderName, id: string): string {
  const h = createHash("sha256").update(`mac/${id}`).digest("hex");
  const octets = (n: number) => Array.from({ length: n }, (_, i) => h.slice(2 * i, 2 * i + 2));
  return provider === "OPENSTACK" ? ["fa", "16", "3e", ...octets(3)].join(":") : ["02", ...octets(5)].join(":");
}

export function interfaceView(state: RegionState, row: NetworkInterfaceRecord): NetworkInterface {
  const vpc = state.vpcs.find(row.vpcId);
  const groups = row.securityGroupIds.flatMap((id) => {
    const sg = state.securityGroups.find(id);
    return sg ? [{ id: sg.id, name: sg.name }] : [];
  });
  const attachment = row.attachment;
  const vm = attachment ? state.vms.find(attachment.vmId) : undefined;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    vpc: { id: row.vpcId, name: vpc?.name ?? "" },
    fixedIps: row.fixedIps.map((f) => ({ ...f })),
    macAddress: row.macAddress,
    securityGroups: groups,
    portSecurity: row.portSecurity,
    deviceId: row.deviceId,
    deviceOwner: row.deviceOwner,
    ...(attachment && vm
      ? {
          attachment: {
            vm: { id: vm.id, name: vm.name },
            index: attachment.index,
            deleteOnTermination: attachment.deleteOnTermination,
          },
        }
      : {}),
  };
}

/** Refuses interfaces another VM or device already uses. */
export function requireFreeInterface(state: RegionState, id: string): NetworkInterfaceRecord {
  const row = requireInterface(state, id);
  if (row.attachment || row.deviceId !== "")
    throw incorrectState("network-interface", id, `is in use by ${row.deviceId || "a VM"}`);
  return row;
}
