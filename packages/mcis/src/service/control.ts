import { abortedError, lockKeys } from "@cloud-barista/core";
import { controlVm, terminateVm } from "../engine/control.js";
import { refuseOnNodes } from "../engine/node-groups.js";
import { targetOf } from "../model/status.js";
import type { ControlAction } from "../model/status.js";
import { planAction } from "../model/transitions.js";
import type { McisInfo, McisTarget } from "../model/types.js";
import type { McisEnv } from "../env/env.js";
import { loadHead } from "./live.js";
import { beginOperation, endOperation, newRun } from "./operation.js";
import type { McisOperationOptions } from "./operation.js";
import { assertNoInterrupted, checkTarget, refreshVms, selectScope } from "./state.js";
import { toMcisInfo } from "./view.js";

/** Options of suspend, resume and reboot. */
export interface McisControlOptions extends McisOperationOptions {
  /** Return once the cloud accepted the requests, without waiting for the end state (default true). */
  wait?: boolean;
}

/**
 * Suspends, resumes, reboots or terminates an MCIS, a sub-group or one VM, under the MCIS lock.
 * Statuses are read from the cloud first and the transition rules applied (`planAction`); the
 * intent is stored, then the VMs act in parallel. A VM whose action fails keeps its status and
 * gets a reason; the call itself fails only when the request is refused.
 */
export async function control(
  env: McisEnv,
  target: McisTarget,
  action: ControlAction,
  options: McisControlOptions,
): Promise<McisInfo> {
  checkTarget(target);
  return env.withLock(lockKeys.mcis(target.namespace, target.name), options.abortSignal, async () => {
    let head = await loadHead(env, target);
    assertNoInterrupted(head);
    const vms = await refreshVms(env, head, options.abortSignal);
    const scope = selectScope(head, vms, target);
    refuseOnNodes(scope.label, scope.vms, action);
    const plan = planAction(scope.label, scope.vms, action, scope.single);
    const ids = new Set([...plan.apply, ...plan.retry]);
    if (ids.size === 0) return toMcisInfo(head, vms);
    const intents = vms
      .filter((vm) => ids.has(vm.id))
      .map((vm) => ({ ...vm, targetAction: action, targetStatus: targetOf[action] }));
    head = await beginOperation(
      env,
      head,
      { kind: "control", action, vmIds: [...ids] },
      { targetAction: action, targetStatus: targetOf[action] },
      intents,
    );
    const run = newRun(env, head, action, intents.length, options);
    const wait = options.wait ?? true;
    await Promise.all(
      intents.map((vm) => (action === "Terminate" ? terminateVm(run, vm) : controlVm(run, vm, action, wait))),
    );
    await run.writer.flush();
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    const ended = await endOperation(env, run.head);
    return toMcisInfo(ended, await env.store.vms(ended));
  });
}
