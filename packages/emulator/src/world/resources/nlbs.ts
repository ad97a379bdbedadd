import { allocatePublicIp, nlbDnsName } from "../addresses.js";
import { firstFreeHost, parseCidr } from "../cidr.js";
import { WorldError, invalidParameter } from "../errors.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { HealthCheck, LbProtocol, Nlb, Ref, TargetHealth } from "../types.js";
import { currentState, startLifecycle } from "./lifecycle.js";
import { targetHealth } from "./nlb-health.js";
import { requireQuota } from "./quota-usage.js";
import type { NlbRecord, TargetRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { subnetsOf, usedPrivateIps } from "./subnets.js";
import { isLive } from "./vm-lifecycle.js";

export interface CreateNlbInput extends NewResource {
  vpcId: string;
  /** Where the balancer's address lives; the VPC's first subnet when absent. */
  subnetId?: string | undefined;
  /** Default "PUBLIC". */
  type?: Nlb["type"] | undefined;
  /** Default "REGION". */
  scope?: Nlb["scope"] | undefined;
  listener: { protocol: LbProtocol; port: number };
  targetGroup: { protocol: LbProtocol; port: number; vmIds?: string[] | undefined };
  /** Missing fields default to TCP on the target port, every 10 s, 5 s timeout, threshold 3. */
  healthChecker?: Partial<HealthCheck> | undefined;
}

/** Network load balancers: provisioning -> active; one listener and one target group of VMs. */
export class NlbService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  create(input: CreateNlbInput): Nlb {
    const s = this.#state;
    const vpc = s.require(s.vpcs, input.vpcId);
    const subnet = input.subnetId === undefined ? subnetsOf(s, vpc.id)[0] : s.require(s.subnets, input.subnetId);
    if (!subnet || subnet.vpcId !== vpc.id)
      throw invalidParameter("subnetId", `load balancers need a subnet of VPC ${vpc.id}`);
    const type = input.type ?? "PUBLIC";
    if (type !== "PUBLIC" && type !== "INTERNAL") throw invalidParameter("type", `must be PUBLIC or INTERNAL`);
    const listener = {
      protocol: protocol(input.listener.protocol, "listener.protocol"),
      port: port(input.listener.port, "listener.port"),
    };
    const group = input.targetGroup;
    const targetPort = port(group.port, "targetGroup.port");
    const healthChecker = checker(input.healthChecker ?? {}, targetPort);
    const now = s.now();
    const targets = unique(group.vmIds ?? []).map((id, i): TargetRecord => ({
      vm: this.#target(id, vpc.id, `targetGroup.vmIds[${i}]`),
      registeredAt: now,
    }));
    const base = s.newRecord("load-balancer", input, () => s.nlbs.all().map((nlb) => nlb.name));
    requireQuota(s, "nlbs");
    const ip =
      type === "PUBLIC"
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
      lifecycle: startLifecycle("provisioning", now, { state: "active", afterMs: s.duration("nlbProvisionMs") }),
      vpc: { id: vpc.id, name: vpc.name },
      subnet: { id: subnet.id, name: subnet.name },
      type,
      scope: input.scope ?? "REGION",
      listener: { ...listener, ip, ...(dnsName ? { dnsName } : {}) },
      targetGroup: { protocol: protocol(group.protocol, "targetGroup.protocol"), port: targetPort, targets },
      healthChecker,
    };
    s.nlbs.insert(nlb);
    return nlbView(s, nlb);
  }

  get(id: string): Nlb {
    return nlbView(this.#state, this.#state.read(this.#state.nlbs, id));
  }

  list(options?: ListOptions<Nlb>): ListPage<Nlb> {
    return this.#state.page(this.#state.nlbs, (row) => nlbView(this.#state, row), options);
  }

  delete(id: string): void {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
    if (nlb.type === "PUBLIC") s.world.publicIps.delete(nlb.listener.ip);
    s.nlbs.remove(id);
  }

  /** Registers VMs of the balancer's VPC; VMs already registered are left as they are. */
  addTargets(id: string, vmIds: string[]): Nlb {
    const s = this.#state;
    const nlb = s.require(s.nlbs, id);
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

function protocol(value: LbProtocol, field: string): LbProtocol {
  if (value !== "TCP" && value !== "UDP") throw invalidParameter(field, "must be TCP or UDP");
  return value;
}

function port(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw invalidParameter(field, "must be a port from 1 to 65535");
  return value;
}

function checker(partial: Partial<HealthCheck>, targetPort: number): HealthCheck {
  const hc: HealthCheck = {
    protocol: partial.protocol ?? "TCP",
    port: partial.port ?? targetPort,
    intervalSec: partial.intervalSec ?? 10,
    timeoutSec: partial.timeoutSec ?? 5,
    threshold: partial.threshold ?? 3,
  };
  if (!["TCP", "HTTP", "HTTPS"].includes(hc.protocol))
    throw invalidParameter("healthChecker.protocol", "must be TCP, HTTP or HTTPS");
  port(hc.port, "healthChecker.port");
  const between = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!between(hc.intervalSec, 5, 300)) throw invalidParameter("healthChecker.intervalSec", "must be 5..300");
  if (!between(hc.timeoutSec, 2, 120) || hc.timeoutSec > hc.intervalSec) {
    throw invalidParameter("healthChecker.timeoutSec", "must be 2..120 and not above the interval");
  }
  if (!between(hc.threshold, 2, 10)) throw invalidParameter("healthChecker.threshold", "must be 2..10");
  return hc;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

export function nlbView(state: RegionState, row: NlbRecord): Nlb {
  const { lifecycle, seq: _seq, targetGroup, ...fields } = structuredClone(row);
  return {
    ...fields,
    kind: "load-balancer",
    state: currentState(lifecycle, state.now()).state,
    targetGroup: {
      protocol: targetGroup.protocol,
      port: targetGroup.port,
      targets: targetGroup.targets.map((t) => t.vm),
    },
  };
}
