import type { VmState } from "../types.js";
import { currentState } from "./lifecycle.js";
import type { CurrentState } from "./lifecycle.js";
import type { VmRecord } from "./records.js";
import type { RegionState } from "./region-state.js";

/** A VM's state now. */
export function vmStateOf(state: RegionState, vm: VmRecord): CurrentState<VmState> {
  return currentState(vm.lifecycle, state.now());
}

/** Not yet terminated: the VM still holds its subnet address, security groups and quota. */
export function isLive(state: RegionState, vm: VmRecord): boolean {
  return vmStateOf(state, vm).state !== "terminated";
}

/** States in which a VM occupies host capacity (a stopped VM releases its host). */
export function occupiesHost(vmState: VmState): boolean {
  return vmState !== "stopped" && vmState !== "shutting-down" && vmState !== "terminated";
}

/** Live VMs of this account and region, optionally narrowed. */
export function liveVms(state: RegionState, where: (vm: VmRecord) => boolean = () => true): VmRecord[] {
  return state.vms.all().filter((vm) => where(vm) && isLive(state, vm));
}
