import { BaristaError } from "@cloud-barista/core";
import type { ControlAction, McisVmStatus, TargetAction } from "./status.js";

/**
 * What an action does to one VM:
 * - apply: send the request to the cloud;
 * - retry: the same action is already in flight; send it again only if the cloud never acted on it
 *   (the VM still shows its starting state), otherwise just wait for it;
 * - noop: nothing to do (terminate a terminated VM);
 * - skip: the action does not concern this VM (already there, or Failed/Terminated); in a group
 *   action it is passed over, on its own it is refused;
 * - reject: refused in every scope.
 */
export type VmVerdict =
  | { kind: "apply" }
  | { kind: "retry" }
  | { kind: "noop" }
  | { kind: "skip"; why: string }
  | { kind: "reject"; why: string };

const transitional: readonly McisVmStatus[] = ["Suspending", "Resuming", "Rebooting", "Terminating"];

/** Tumblebug HEAD's transition rules (`CheckAllowedTransition`), per VM. */
export function vmVerdict(status: McisVmStatus, targetAction: TargetAction, action: ControlAction): VmVerdict {
  if (status === "Terminated") {
    return action === "Terminate" ? { kind: "noop" } : { kind: "skip", why: "is Terminated, which is final" };
  }
  if (status === "Creating") return { kind: "reject", why: "is still being created" };
  if (transitional.includes(status)) {
    if (targetAction === action) return { kind: "retry" };
    return {
      kind: "reject",
      why: `is ${status} (${targetAction} in progress); only a retry of ${targetAction} is accepted`,
    };
  }
  if (status === "Suspended") {
    if (action === "Resume" || action === "Terminate") return { kind: "apply" };
    if (action === "Suspend") return { kind: "skip", why: "is already Suspended" };
    return { kind: "reject", why: "is Suspended: resume or terminate it" };
  }
  if (status === "Running")
    return action === "Resume" ? { kind: "skip", why: "is already Running" } : { kind: "apply" };
  // Failed or Undefined: only termination makes sense (refine removes them too).
  return action === "Terminate" ? { kind: "apply" } : { kind: "skip", why: `is ${status}: refine or terminate it` };
}

/** A VM as a lifecycle action sees it: its status and the action under way. */
export interface ScopeVm {
  id: string;
  status: McisVmStatus;
  targetAction: TargetAction;
}

/** The VMs an action will touch, after the checks passed. */
export interface ActionPlan {
  apply: string[];
  retry: string[];
}

/**
 * Checks an action on a set of VMs (a whole MCIS, a sub-group, or one VM) and splits them into
 * those to act on and those to retry. A group action is refused while any VM is being created or
 * busy with another action, passes over VMs it does not concern, and is refused when nothing is left.
 *
 * @throws BaristaError "Conflict" naming the scope, the action and the VMs in the way.
 */
export function planAction(scope: string, vms: readonly ScopeVm[], action: ControlAction, single: boolean): ActionPlan {
  const plan: ActionPlan = { apply: [], retry: [] };
  const refusals: string[] = [];
  const skipped: string[] = [];
  for (const vm of vms) {
    const verdict = vmVerdict(vm.status, vm.targetAction, action);
    switch (verdict.kind) {
      case "apply":
        plan.apply.push(vm.id);
        break;
      case "retry":
        plan.retry.push(vm.id);
        break;
      case "noop":
        break;
      case "skip":
        (single ? refusals : skipped).push(`VM ${vm.id} ${verdict.why}`);
        break;
      case "reject":
        refusals.push(`VM ${vm.id} ${verdict.why}`);
        break;
    }
  }
  const verb = action.toLowerCase();
  if (refusals.length > 0) throw conflict(`cannot ${verb} ${scope}: ${summarize(refusals)}`);
  const allNoop = vms.length > 0 && vms.every((vm) => vm.status === "Terminated") && action === "Terminate";
  if (plan.apply.length === 0 && plan.retry.length === 0 && !allNoop) {
    throw conflict(`nothing to ${verb} in ${scope}${skipped.length > 0 ? `: ${summarize(skipped)}` : " (no VMs)"}`);
  }
  return plan;
}

/** A Conflict error: the request is valid, but not in the current state. */
export function conflict(message: string): BaristaError {
  return new BaristaError("Conflict", message, { resourceType: "mcis" });
}

function summarize(items: readonly string[]): string {
  return items.length <= 5 ? items.join("; ") : `${items.slice(0, 5).join("; ")}; and ${items.length - 5} more`;
}
