import type { AccountRegion } from "../../../world/account-region.js";
import { currentState, startLifecycle } from "../../../world/resources/lifecycle.js";
import type { Lifecycle } from "../../../world/resources/lifecycle.js";
import type { HealthCheck, Nlb } from "../../../world/types.js";
import type { World } from "../../../world/world.js";
import { healthMonitorIdOf, listenerIdOf, memberIdOf, poolIdOf } from "../ids.js";

// Octavia builds a load balancer from objects of its own: listeners, pools, members, health
// monitors, L7 policies, each with a name, description, tags, admin state and a provisioning
// status that every change moves through PENDING_*. The world keeps the data plane (one listener,
// one target group, one health check, the load balancer's name and tags); this overlay keeps what
// only Octavia has, attached to the world so that every front over one world sees the same objects.

export type ProvisioningStatus =
  "PENDING_CREATE" | "ACTIVE" | "PENDING_UPDATE" | "PENDING_DELETE" | "ERROR" | "DELETED";

/** What every Octavia object carries. */
export interface OctaviaObject {
  id: string;
  name: string;
  description: string;
  tags: string[];
  adminStateUp: boolean;
  /** Its provisioning status once the load balancer is provisioned (see provisioning.ts). */
  provisioning: Lifecycle<ProvisioningStatus>;
  createdAt: number;
  updatedAt?: number | undefined;
}

export interface ListenerEntry extends OctaviaObject {
  connectionLimit: number;
  timeoutClientData: number;
  timeoutMemberConnect: number;
  timeoutMemberData: number;
  timeoutTcpInspect: number;
  insertHeaders: Record<string, string>;
  allowedCidrs: string[] | null;
}

export interface PoolEntry extends OctaviaObject {
  lbAlgorithm: string;
  sessionPersistence: Record<string, unknown> | null;
}

export interface MemberEntry extends OctaviaObject {
  vmId: string;
  address: string;
  subnetId: string | null;
  weight: number;
  backup: boolean;
  monitorAddress: string | null;
  monitorPort: number | null;
}

export interface MonitorEntry extends OctaviaObject {
  type: string;
  httpMethod: string | null;
  urlPath: string | null;
  expectedCodes: string | null;
}

export interface L7PolicyEntry extends OctaviaObject {
  action: string;
  position: number;
  redirectUrl: string | null;
  redirectPrefix: string | null;
  redirectPoolId: string | null;
  redirectHttpCode: number | null;
}

/** A load balancer's Octavia objects; its tags are the world's. */
export interface LoadBalancerEntry extends Omit<OctaviaObject, "tags"> {
  listener: ListenerEntry;
  pool: PoolEntry;
  /** Absent once deleted: the world keeps checking, Octavia reports members NO_MONITOR. */
  monitor: MonitorEntry | undefined;
  members: MemberEntry[];
  l7policies: L7PolicyEntry[];
  /** Numbers the L7 policies' ids. */
  l7seq: number;
}

/** Fields every new object starts with: active (its load balancer's provisioning covers creation). */
export function newObject(id: string, now: number, fields: Partial<OctaviaObject> = {}): OctaviaObject {
  return {
    id,
    name: "",
    description: "",
    tags: [],
    adminStateUp: true,
    provisioning: startLifecycle<ProvisioningStatus>("ACTIVE", now),
    createdAt: now,
    ...fields,
  };
}

export function defaultListener(nlb: Nlb, now: number): ListenerEntry {
  return {
    ...newObject(listenerIdOf(nlb.id), now),
    connectionLimit: -1,
    timeoutClientData: 50_000,
    timeoutMemberConnect: 5_000,
    timeoutMemberData: 50_000,
    timeoutTcpInspect: 0,
    insertHeaders: {},
    allowedCidrs: null,
  };
}

export function defaultPool(nlb: Nlb, now: number): PoolEntry {
  return { ...newObject(poolIdOf(nlb.id), now), lbAlgorithm: "ROUND_ROBIN", sessionPersistence: null };
}

/** Octavia's name of the world's check of an nlb (UDP members are checked by UDP-CONNECT). */
export function monitorTypeOf(nlb: Nlb, check: HealthCheck = nlb.healthCheck): string {
  if (check.protocol === "tcp") return nlb.targetGroup.protocol === "udp" ? "UDP-CONNECT" : "TCP";
  return check.protocol.toUpperCase();
}

export function defaultMonitor(nlb: Nlb, now: number): MonitorEntry {
  const http = nlb.healthCheck.protocol !== "tcp";
  return {
    ...newObject(healthMonitorIdOf(nlb.id), now),
    type: monitorTypeOf(nlb),
    httpMethod: http ? "GET" : null,
    urlPath: http ? "/" : null,
    expectedCodes: http ? "200" : null,
  };
}

export function newMember(
  nlb: Nlb,
  vm: { id: string; privateIp: string; subnet: { id: string } },
  now: number,
  fields: Partial<MemberEntry> = {},
): MemberEntry {
  return {
    ...newObject(memberIdOf(nlb.id, vm.id), now),
    vmId: vm.id,
    address: vm.privateIp,
    subnetId: vm.subnet.id,
    weight: 1,
    backup: false,
    monitorAddress: null,
    monitorPort: null,
    ...fields,
  };
}

const graphs = new WeakMap<World, Map<string, LoadBalancerEntry>>();

function graphOf(world: World): Map<string, LoadBalancerEntry> {
  let graph = graphs.get(world);
  if (!graph) {
    graph = new Map();
    graphs.set(world, graph);
  }
  return graph;
}

/** Records the Octavia objects of a load balancer the front just created. */
export function register(world: World, nlbId: string, entry: LoadBalancerEntry): void {
  graphOf(world).set(nlbId, entry);
}

export function forget(world: World, nlbId: string): void {
  graphOf(world).delete(nlbId);
}

/**
 * The Octavia objects of a world load balancer, made up with Octavia's defaults for one the front
 * did not create, and kept in step with the world's targets (members added or removed elsewhere).
 */
export function entryOf(world: World, cloud: AccountRegion, nlb: Nlb): LoadBalancerEntry {
  const graph = graphOf(world);
  const now = world.clock.now();
  let entry = graph.get(nlb.id);
  if (!entry) {
    entry = {
      ...newObject(nlb.id, nlb.createdAt, { name: nlb.name }),
      listener: defaultListener(nlb, nlb.createdAt),
      pool: defaultPool(nlb, nlb.createdAt),
      monitor: defaultMonitor(nlb, nlb.createdAt),
      members: [],
      l7policies: [],
      l7seq: 0,
    };
    graph.set(nlb.id, entry);
  }
  const targets = new Set(nlb.targetGroup.targets.map((t) => t.id));
  const status = (object: OctaviaObject): ProvisioningStatus => currentState(object.provisioning, now).state;
  // Deleted objects are gone; so are members whose server left the pool by another way.
  entry.members = entry.members.filter(
    (m) => status(m) !== "DELETED" && (targets.has(m.vmId) || status(m) === "PENDING_DELETE"),
  );
  for (const target of nlb.targetGroup.targets) {
    if (entry.members.some((m) => m.vmId === target.id)) continue;
    const vm = cloud.vms.list({ where: (v) => v.id === target.id }).items[0];
    entry.members.push(
      newMember(nlb, { id: target.id, privateIp: vm?.privateIp ?? "", subnet: { id: vm?.subnet.id ?? "" } }, now),
    );
  }
  if (entry.monitor && status(entry.monitor) === "DELETED") entry.monitor = undefined;
  entry.l7policies = entry.l7policies.filter((p) => status(p) !== "DELETED");
  return entry;
}
