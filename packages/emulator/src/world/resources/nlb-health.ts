import type { TargetHealth } from "../types.js";
import { currentState } from "./lifecycle.js";
import type { NlbRecord, TargetRecord } from "./records.js";
import type { RegionState } from "./region-state.js";
import { vmStateOf } from "./vm-lifecycle.js";

/**
 * A target's health, derived from time: checks start when both the load balancer is active and
 * the target registered. A target turns healthy after `healthyThreshold` passing checks
 * (healthyThreshold x interval) of a running VM. Until then a target that has passed every check
 * is initial; one that has failed checks (its VM was not running) is initial until
 * `unhealthyThreshold` checks could have run, then unhealthy.
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
  const hc = nlb.healthCheck;
  const checksFrom = Math.max(balancer.since, target.registeredAt);
  const healthyAfterMs = hc.healthyThreshold * hc.intervalSeconds * 1000;
  const running = vmNow.state === "running";
  const passingFrom = Math.max(checksFrom, vmNow.since);
  if (running && now >= passingFrom + healthyAfterMs) return result("healthy");
  if (running && passingFrom === checksFrom) return result("initial");
  const unhealthyAfterMs = hc.unhealthyThreshold * hc.intervalSeconds * 1000;
  return result(now < checksFrom + unhealthyAfterMs ? "initial" : "unhealthy");
}
