import { allocatePublicIp } from "../addresses.js";
import { WorldError, incorrectState, notFoundError } from "../errors.js";
import { pageOf } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { PublicIp, PublicIpTargetKind, Ref, Tags } from "../types.js";
import { findInterface, primaryAddress, requireInterface } from "./network-interfaces.js";
import type { PublicIpRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { routerOfSubnet, targetSubnetOf } from "./routers.js";
import { tagRecord } from "./tag-rules.js";
import { isLive } from "./vm-lifecycle.js";

// Public addresses allocated on their own and associated with a VM, a load balancer or a network
// interface (Neutron floating IPs go to ports, AWS Elastic IPs to instances). VMs run with `assignPublicIp: false` reach the outside only
// through one. Like routers, they are not one of the world's `resourceKinds`.

/** Public IPs of one account and region. */
export class PublicIpService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Allocates an address, associated at once when `target` is given. */
  allocate(
    input: {
      tags?: Tags | undefined;
      description?: string | undefined;
      target?: { kind: PublicIpTargetKind; id: string } | undefined;
    } = {},
  ): PublicIp {
    const s = this.#state;
    const tags = tagRecord(input.tags);
    s.checkTags(tags);
    if (input.target) this.#checkTarget(input.target, undefined);
    const record: PublicIpRecord = {
      id: s.world.random.uuid(),
      seq: s.world.nextSeq(),
      address: allocatePublicIp(s.provider, s.world.random, s.world.publicIps),
      createdAt: s.now(),
      tags,
      description: input.description ?? "",
      ...(input.target ? { target: { ...input.target } } : {}),
    };
    s.publicIps.set(record.id, record);
    return publicIpView(s, record);
  }

  /** One address; NotFound when there is none. */
  get(id: string): PublicIp {
    return publicIpView(this.#state, this.#require(id));
  }

  /** One page of the region's addresses, oldest first. */
  list(options?: ListOptions<PublicIp>): ListPage<PublicIp> {
    const s = this.#state;
    return pageOf(
      [...s.publicIps.values()].map((row) => ({ key: row.seq, item: publicIpView(s, row) })),
      options,
    );
  }

  /**
   * Associates the address with a live VM, a load balancer or an interface with an IPv4 address
   * whose subnet has a router with an external gateway (NotFound otherwise, as Neutron answers); a
   * target holds one address at most.
   */
  associate(id: string, target: { kind: PublicIpTargetKind; id: string }): PublicIp {
    const row = this.#require(id);
    this.#checkTarget(target, id);
    row.target = { ...target };
    return publicIpView(this.#state, row);
  }

  /** Detaches the address from its target, if any; the account keeps the address. */
  disassociate(id: string): PublicIp {
    const row = this.#require(id);
    delete row.target;
    return publicIpView(this.#state, row);
  }

  /** Changes the description and/or replaces the tags (given tags replace all of them). */
  update(id: string, changes: { description?: string | undefined; tags?: Tags | undefined }): PublicIp {
    const row = this.#require(id);
    if (changes.tags !== undefined) {
      this.#state.checkTags(changes.tags);
      row.tags = tagRecord(changes.tags);
    }
    if (changes.description !== undefined) row.description = changes.description;
    return publicIpView(this.#state, row);
  }

  /** Releases the address (associated or not). */
  release(id: string): void {
    const row = this.#require(id);
    this.#state.world.publicIps.delete(row.address);
    this.#state.publicIps.delete(id);
  }

  #checkTarget(target: { kind: PublicIpTargetKind; id: string }, self: string | undefined): void {
    const s = this.#state;
    if (target.kind === "instance") {
      const vm = s.require(s.vms, target.id);
      if (!isLive(s, vm)) throw incorrectState("instance", vm.id, "is terminated");
      if (vm.publicIp !== undefined) throw incorrectState("instance", vm.id, "already has a public address of its own");
    } else if (target.kind === "network-interface") {
      const nic = requireInterface(s, target.id);
      if (!primaryAddress(nic)?.ip.includes("."))
        throw incorrectState("network-interface", nic.id, "has no IPv4 address");
    } else {
      s.require(s.nlbs, target.id);
    }
    const holder = [...s.publicIps.values()].find((ip) => ip.id !== self && liveTarget(s, ip)?.id === target.id);
    if (holder) throw incorrectState(target.kind, target.id, `already has public IP ${holder.address}`);
    // Azure's virtual networks need no router: a public IP on an interface reaches the Internet.
    if (s.provider === "AZURE") return;
    const subnet = targetSubnetOf(s, target) ?? "";
    const router = routerOfSubnet(s, subnet);
    if (!router || router.externalIp === undefined) {
      throw new WorldError("NotFound", `no router with an external gateway serves subnet ${subnet}`, {
        resourceType: "external-gateway",
        resourceId: subnet,
      });
    }
  }

  #require(id: string): PublicIpRecord {
    const row = this.#state.publicIps.get(id);
    if (!row) throw notFoundError("public-ip", id);
    return row;
  }
}

/** The target of a public IP while it still exists (a terminated VM drops its association). */
function liveTarget(state: RegionState, row: PublicIpRecord): (Ref & { kind: PublicIpTargetKind }) | undefined {
  const target = row.target;
  if (!target) return undefined;
  if (target.kind === "network-interface") {
    const nic = findInterface(state, target.id);
    return nic ? { kind: "network-interface", id: nic.id, name: nic.name } : undefined;
  }
  if (target.kind === "instance") {
    const vm = state.vms.find(target.id);
    return vm && isLive(state, vm) ? { kind: "instance", id: vm.id, name: vm.name } : undefined;
  }
  const nlb = state.nlbs.find(target.id);
  return nlb ? { kind: "load-balancer", id: nlb.id, name: nlb.name } : undefined;
}

function publicIpView(state: RegionState, row: PublicIpRecord): PublicIp {
  const target = liveTarget(state, row);
  return {
    id: row.id,
    address: row.address,
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    description: row.description,
    ...(target ? { target } : {}),
  };
}
