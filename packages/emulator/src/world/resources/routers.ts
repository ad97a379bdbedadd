import { allocatePublicIp } from "../addresses.js";
import { WorldError, dependencyViolation, notFoundError } from "../errors.js";
import { pageOf } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { PublicIpTargetKind, Router, Tags } from "../types.js";
import { findInterface, primaryAddress } from "./network-interfaces.js";
import type { RouterRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { tagRecord } from "./tag-rules.js";
import { isLive } from "./vm-lifecycle.js";

// Routers join subnets to the outside world (Neutron routers; an AWS internet gateway plus its
// route table would be the same thing). They are not one of the world's `resourceKinds`,
// so they live beside the tables rather than in one.

export interface CreateRouterInput extends NewResource {
  /** Whether the router gets an external gateway at once. */
  external?: boolean | undefined;
}

/** Routers of one account and region. */
export class RouterService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Creates a router with no interfaces, and with an external gateway when `external`. */
  create(input: CreateRouterInput): Router {
    const s = this.#state;
    const tags = s.checkNew("router", input, () => [...s.routers.values()].map((r) => r.name));
    const record: RouterRecord = {
      id: s.world.random.uuid(),
      name: input.name,
      seq: s.world.nextSeq(),
      createdAt: s.now(),
      tags,
      subnetIds: [],
    };
    s.routers.set(record.id, record);
    if (input.external === true) this.setExternal(record.id, true);
    return routerView(s, record);
  }

  /** One router; NotFound when there is none. */
  get(id: string): Router {
    return routerView(this.#state, this.#require(id));
  }

  /** One page of the region's routers, oldest first. */
  list(options?: ListOptions<Router>): ListPage<Router> {
    const s = this.#state;
    return pageOf(
      [...s.routers.values()].map((row) => ({ key: row.seq, item: routerView(s, row) })),
      options,
    );
  }

  /** Renames the router and/or replaces its tags (given tags replace all of them). */
  update(id: string, changes: { name?: string | undefined; tags?: Tags | undefined }): Router {
    const row = this.#require(id);
    if (changes.name !== undefined) row.name = changes.name;
    if (changes.tags !== undefined) {
      this.#state.checkTags(changes.tags);
      row.tags = tagRecord(changes.tags);
    }
    return routerView(this.#state, row);
  }

  /** Gives the router an external gateway (and address), or takes it away unless public IPs need it. */
  setExternal(id: string, external: boolean): Router {
    const s = this.#state;
    const row = this.#require(id);
    if (external && row.externalIp === undefined) {
      row.externalIp = allocatePublicIp(s.provider, s.world.random, s.world.publicIps);
    } else if (!external && row.externalIp !== undefined) {
      const users = publicIpsRoutedBy(s, row);
      if (users > 0) throw dependencyViolation("router", id, `${users} public IP(s) routed through its gateway`);
      s.world.publicIps.delete(row.externalIp);
      delete row.externalIp;
    }
    return routerView(s, row);
  }

  /** Adds an interface on a subnet; a subnet has at most one router. */
  addSubnet(id: string, subnetId: string): Router {
    const s = this.#state;
    const row = this.#require(id);
    const subnet = s.require(s.subnets, subnetId);
    const owner = routerOfSubnet(s, subnet.id);
    if (owner) {
      throw new WorldError("Duplicate", `subnet ${subnet.id} already has an interface on router ${owner.id}`, {
        resourceType: "router-interface",
        resourceId: subnet.id,
      });
    }
    row.subnetIds.push(subnet.id);
    return routerView(s, row);
  }

  /** Removes the interface on a subnet, unless public IPs in that subnet still route through it. */
  removeSubnet(id: string, subnetId: string): Router {
    const s = this.#state;
    const row = this.#require(id);
    if (!row.subnetIds.includes(subnetId)) {
      throw new WorldError("NotFound", `router ${id} has no interface on subnet ${subnetId}`, {
        resourceType: "router-interface",
        resourceId: subnetId,
      });
    }
    const users = [...s.publicIps.values()].filter((ip) => targetSubnetOf(s, ip.target) === subnetId).length;
    if (users > 0) throw dependencyViolation("router-interface", subnetId, `${users} public IP(s)`);
    row.subnetIds = row.subnetIds.filter((sid) => sid !== subnetId);
    return routerView(s, row);
  }

  /** Fails with DependencyViolation while the router has interfaces. */
  delete(id: string): void {
    const s = this.#state;
    const row = this.#require(id);
    if (row.subnetIds.length > 0) throw dependencyViolation("router", id, `${row.subnetIds.length} interface(s)`);
    if (row.externalIp !== undefined) s.world.publicIps.delete(row.externalIp);
    s.routers.delete(id);
  }

  #require(id: string): RouterRecord {
    const row = this.#state.routers.get(id);
    if (!row) throw notFoundError("router", id);
    return row;
  }
}

/** The router with an interface on a subnet, if any. */
export function routerOfSubnet(state: RegionState, subnetId: string): RouterRecord | undefined {
  return [...state.routers.values()].find((r) => r.subnetIds.includes(subnetId));
}

/** The subnet a public IP's target (a VM, a load balancer's address, an interface's IPv4 address) lives in. */
export function targetSubnetOf(
  state: RegionState,
  target: { kind: PublicIpTargetKind; id: string } | undefined,
): string | undefined {
  if (!target) return undefined;
  if (target.kind === "load-balancer") return state.nlbs.find(target.id)?.subnet.id;
  if (target.kind === "network-interface") {
    const nic = findInterface(state, target.id);
    return nic ? primaryAddress(nic)?.subnetId : undefined;
  }
  const vm = state.vms.find(target.id);
  return vm && isLive(state, vm) ? vm.subnet.id : undefined;
}

function publicIpsRoutedBy(state: RegionState, router: RouterRecord): number {
  return [...state.publicIps.values()].filter((ip) => {
    const subnet = targetSubnetOf(state, ip.target);
    return subnet !== undefined && router.subnetIds.includes(subnet);
  }).length;
}

function routerView(state: RegionState, row: RouterRecord): Router {
  const subnets = row.subnetIds.flatMap((id) => {
    const subnet = state.subnets.find(id);
    return subnet ? [{ id: subnet.id, name: subnet.name }] : [];
  });
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    ...(row.externalIp === undefined ? {} : { externalIp: row.externalIp }),
    subnets,
  };
}
