import type { TargetHealth } from "../types.js";
import { currentState } from "./lifecycle.js";
import type { NlbRecord, TargetRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { vmStateOf } from "./vm-lifecycle.js";

/**
 * A target's health, derived from time: checks start when both the load balancer is active and
 * the target registered; a target turns healthy after `threshold` passing checks (threshold x
 * interval) of a running VM, and unhealthy once that many checks could have run without it.
 */
export function targetHealth(state: RegionState, nlb: NlbRecord, target: TargetRecord): TargetHealth {
  const vm = state.vms.find(target.vm.id);
  const result = (health: TargetHealth["state"]): TargetHealth => ({ vm: { ...target.vm }, state: health });
  if (!vm) return result("unused");
  const vmNow = vmStateOf(state, vm);
  if (vmNow.state === "terminated") return result("unused");
  const now = state.now();
  const balancer = currentState(nlb.lifecycle, now);
  if (balancer.state !== "active") return result("initial");
  const hc = nlb.healthChecker;
  const windowMs = hc.threshold * hc.intervalSec * 1000;
  const checksFrom = Math.max(balancer.since, target.registeredAt);
  if (vmNow.state === "running" && now >= Math.max(checksFrom, vmNow.since) + windowMs) return result("healthy");
  return result(now < checksFrom + windowMs ? "initial" : "unhealthy");
}
