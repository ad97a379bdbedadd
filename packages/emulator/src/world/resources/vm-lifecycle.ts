import type { VmState } from "../types.js";
import { currentState } from "./lifecycle.js";
import type { CurrentState } from "./lifecycle.js";
import type { VmRecord } from "./records.js";

/** What the VM state helpers read of a region: its time and its VMs (RegionState has both). */
export interface VmScope {
  now(): number;
  readonly vms: { all(): VmRecord[] };
}

/** A VM's state now. */
export function vmStateOf(scope: Pick<VmScope, "now">, vm: VmRecord): CurrentState<VmState> {
  return currentState(vm.lifecycle, scope.now());
}

/** Not yet terminated: the VM still counts against quota (a failed build too, as on Nova). */
export function isLive(scope: Pick<VmScope, "now">, vm: VmRecord): boolean {
  return vmStateOf(scope, vm).state !== "terminated";
}

/** States in which a VM occupies host capacity (a stopped VM releases its host, a failed build had none). */
export function occupiesHost(vmState: VmState): boolean {
  return vmState !== "stopped" && vmState !== "shutting-down" && vmState !== "terminated" && vmState !== "error";
}

/** Whether a VM's own interfaces are gone and the ones it was given are free: terminated, or its build failed. */
export function releasedNetwork(vmState: VmState): boolean {
  return vmState === "terminated" || vmState === "error";
}

/** Live VMs of this account and region, optionally narrowed. */
export function liveVms(scope: VmScope, where: (vm: VmRecord) => boolean = () => true): VmRecord[] {
  return scope.vms.all().filter((vm) => where(vm) && isLive(scope, vm));
}
