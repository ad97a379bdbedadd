import { allocatePublicIp, nlbDnsName } from "../addresses.js";
import { firstFreeHost, parseCidr } from "../cidr.js";
import { WorldError, incorrectState, invalidParameter } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { HealthCheck, LbProtocol, LbScheme, LbScope, Nlb, NlbState, Ref, TargetHealth } from "../types.js";
import { currentState, startLifecycle } from "./lifecycle.js";
import type { BackgroundWork } from "./lifecycle.js";
import { targetHealth } from "./nlb-health.js";
import { requireQuota } from "./quota-usage.js";
import type { NlbRecord, TargetRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { subnetsOf, usedPrivateIps } from "./subnets.js";
import { isLive } from "./vm-lifecycle.js";
import { tagRecord } from "./tag-rules.js";

export interface CreateNlbInput extends NewResource {
  vpcId: string;
  /** Where the balancer's address lives; the VPC's first subnet when absent. */
  subnetId?: string | undefined;
  /** Default "internet-facing". */
  scheme?: LbScheme | undefined;
  /** Default "regional". */
  scope?: LbScope | undefined;
  listener: { protocol: LbProtocol; port: number };
  targetGroup: { protocol: LbProtocol; port: number; vmIds?: string[] | undefined };
  /** Missing fields default to tcp on the target port, every 10 s, 5 s timeout, thresholds 3. */
  healthCheck?: Partial<HealthCheck> | undefined;
}

/**
 * Network load balancers: provisioning -> active (or failed); one listener and one target group of
 * VMs. `delete` removes one at once (ELBv2), `beginDelete` after `nlbDeleteMs` (Octavia).
 */
export class NlbService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /**
   * Creates a balancer: "provisioning" for `nlbProvisionMs`, then active, or failed when `work`
   * fails later. An internet-facing one takes a public address, an internal one a free address of
   * its subnet (InsufficientCapacity when there is none); QuotaExceeded on `nlbs`.
   */
  create(input: CreateNlbInput, work: BackgroundWork = {}): Nlb {
    const s = this.#state;
    const vpc = s.require(s.vpcs, input.vpcId);
    const subnet = input.subnetId === undefined ? subnetsOf(s, vpc.id)[0] : s.require(s.subnets, input.subnetId);
    if (!subnet || subnet.vpcId !== vpc.id)
      throw invalidParameter("subnetId", `load balancers need a subnet of VPC ${vpc.id}`);
    const scheme = input.scheme ?? "internet-facing";
    if (scheme !== "internet-facing" && scheme !== "internal")
      throw invalidParameter("scheme", `must be internet-facing or internal`);
    const scope = input.scope ?? "regional";
    if (scope !== "regional" && scope !== "global") throw invalidParameter("scope", `must be regional or global`);
    const listener = {
      protocol: protocol(input.listener.protocol, "listener.protocol"),
      port: port(input.listener.port, "listener.port"),
    };
    const group = input.targetGroup;
    const targetPort = port(group.port, "targetGroup.port");
    const healthCheck = checker(input.healthCheck ?? {}, targetPort);
    const now = s.now();
    const targets = unique(group.vmIds ?? []).map((id, i): TargetRecord => ({
      vm: this.#target(id, vpc.id, `targetGroup.vmIds[${i}]`),
      registeredAt: now,
    }));
    const base = s.newRecord("load-balancer", input, () => s.nlbs.all().map((nlb) => nlb.name));
    requireQuota(s, "nlbs");
    const ip =
      scheme === "internet-facing"
        ? allocatePublicIp(s.provider, s.world.random, s.world.publicIps)
        : firstFreeHost(parseCidr(subnet.cidr) ?? { base: 0, prefixLength: 32 }, usedPrivateIps(s, subnet.id));
    if (!ip)
      throw new WorldError("InsufficientCapacity", `subnet ${subnet.id} has no free addresses`, {
        resourceType: "subnet",
        resourceId: subnet.id,
      });
    const dnsName = nlbDnsName(s.provider, base.name, s.region.name, s.world.random);
    const nlb: NlbRecord = {
      ...base,
      lifecycle: startLifecycle<NlbState>("provisioning", now, {
        state: work.failsLater ? "failed" : "active",
        afterMs: s.duration("nlbProvisionMs"),
      }),
      vpc: { id: vpc.id, name: vpc.name },
      subnet: { id: subnet.id, name: subnet.name },
      scheme,
      scope,
      listener: { ...listener, ip, ...(dnsName ? { dnsName } : {}) },
      targetGroup: { protocol: protocol(group.protocol, "targetGroup.protocol"), port: targetPort, targets },
      healthCheck,
    };
    s.nlbs.insert(nlb);
    return nlbView(s, nlb);
  }

  /** One balancer; NotFound when there is none, or it was created within the consistency window. */
  get(id: string): Nlb {
    return nlbView(this.#state, this.#state.read(this.#state.nlbs, id));
  }

  /** One page of the region's balancers, oldest first. */
  list(options?: ListOptions<Nlb>): ListPage<Nlb> {
    return this.#state.page(this.#state.nlbs, (row) => nlbView(this.#state, row), options);
  }

  /** Removes a balancer at once, in any state, and frees its public address (see `beginDelete`). */
  delete(id: string): void {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
    if (nlb.scheme === "internet-facing") s.world.publicIps.delete(nlb.listener.ip);
    s.nlbs.remove(id);
  }

  /**
   * Starts deleting a balancer: it stays "deleting" (counting against quota, its private address
   * taken) for `nlbDeleteMs`, then vanishes. A balancer already deleting is left as it is.
   */
  beginDelete(id: string): Nlb {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
    if (nlb.deleteAt === undefined) {
      if (nlb.scheme === "internet-facing") s.world.publicIps.delete(nlb.listener.ip);
      nlb.lifecycle = startLifecycle<NlbState>("deleting", s.now());
      nlb.deleteAt = s.now() + s.duration("nlbDeleteMs");
    }
    return nlbView(s, nlb);
  }

  /** Changes the health check; fields left out keep their values. */
  updateHealthCheck(id: string, changes: Partial<HealthCheck>): Nlb {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
    requireLive(nlb);
    nlb.healthCheck = checker({ ...nlb.healthCheck, ...changes }, nlb.targetGroup.port);
    return nlbView(s, nlb);
  }

  /** Registers VMs of the balancer's VPC; VMs already registered are left as they are. */
  addTargets(id: string, vmIds: string[]): Nlb {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
    requireLive(nlb);
    const fresh = unique(vmIds)
      .map((vmId, i) => ({ vmId, i }))
      .filter(({ vmId }) => !nlb.targetGroup.targets.some((t) => t.vm.id === vmId));
    const added = fresh.map(({ vmId, i }) => ({
      vm: this.#target(vmId, nlb.vpc.id, `vmIds[${i}]`),
      registeredAt: s.now(),
    }));
    nlb.targetGroup.targets.push(...added);
    return nlbView(s, nlb);
  }

  /** Deregisters VMs; a VM that is not registered is NotFound, and then nothing changes. */
  removeTargets(id: string, vmIds: string[]): Nlb {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
    requireLive(nlb);
    const missing = vmIds.find((vmId) => !nlb.targetGroup.targets.some((t) => t.vm.id === vmId));
    if (missing !== undefined) {
      throw new WorldError("NotFound", `VM ${missing} is not a target of load balancer ${id}`, {
        resourceType: "target",
        resourceId: missing,
      });
    }
    nlb.targetGroup.targets = nlb.targetGroup.targets.filter((t) => !vmIds.includes(t.vm.id));
    return nlbView(s, nlb);
  }

  /** The health of each registered target now, in registration order (see `TargetHealth`). */
  targetHealth(id: string): TargetHealth[] {
    const s = this.#state;
    const nlb = s.read(s.nlbs, id);
    return nlb.targetGroup.targets.map((target) => targetHealth(s, nlb, target));
  }

  #target(vmId: string, vpcId: string, field: string): Ref {
    const vm = this.#state.require(this.#state.vms, vmId);
    if (!isLive(this.#state, vm)) throw invalidParameter(field, `VM ${vmId} is terminated`);
    if (vm.vpc.id !== vpcId) throw invalidParameter(field, `VM ${vmId} is not in VPC ${vpcId}`);
    return { id: vm.id, name: vm.name };
  }
}

function requireLive(nlb: NlbRecord): void {
  if (nlb.deleteAt !== undefined) throw incorrectState("load-balancer", nlb.id, "is being deleted");
}

function protocol(value: LbProtocol, field: string): LbProtocol {
  if (value !== "tcp" && value !== "udp") throw invalidParameter(field, "must be tcp or udp");
  return value;
}

function port(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw invalidParameter(field, "must be a port from 1 to 65535");
  return value;
}

function checker(partial: Partial<HealthCheck>, targetPort: number): HealthCheck {
  const hc: HealthCheck = {
    protocol: partial.protocol ?? "tcp",
    port: partial.port ?? targetPort,
    intervalSeconds: partial.intervalSeconds ?? 10,
    timeoutSeconds: partial.timeoutSeconds ?? 5,
    healthyThreshold: partial.healthyThreshold ?? 3,
    unhealthyThreshold: partial.unhealthyThreshold ?? 3,
  };
  if (!["tcp", "http", "https"].includes(hc.protocol))
    throw invalidParameter("healthCheck.protocol", "must be tcp, http or https");
  port(hc.port, "healthCheck.port");
  const between = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!between(hc.intervalSeconds, 5, 300)) throw invalidParameter("healthCheck.intervalSeconds", "must be 5..300");
  if (!between(hc.timeoutSeconds, 2, 120) || hc.timeoutSeconds > hc.intervalSeconds) {
    throw invalidParameter("healthCheck.timeoutSeconds", "must be 2..120 and not above the interval");
  }
  for (const name of ["healthyThreshold", "unhealthyThreshold"] as const) {
    if (!between(hc[name], 2, 10)) throw invalidParameter(`healthCheck.${name}`, "must be 2..10");
  }
  return hc;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export function nlbView(state: RegionState, row: NlbRecord): Nlb {
  const { lifecycle, seq: _seq, deleteAt: _deleteAt, targetGroup, ...fields } = structuredClone(row);
  return {
    ...fields,
    tags: tagRecord(row.tags),
    kind: "load-balancer",
    state: currentState(lifecycle, state.now()).state,
    targetGroup: {
      protocol: targetGroup.protocol,
      port: targetGroup.port,
      targets: targetGroup.targets.map((t) => t.vm),
    },
  };
}
