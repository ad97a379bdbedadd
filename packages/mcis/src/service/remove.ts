import { BaristaError, abortedError, lockKeys } from "@cloud-barista/core";
import { errorOf } from "../engine/failure.js";
import { refuseOnNodes } from "../engine/node-groups.js";
import { conflict } from "../model/transitions.js";
import type { McisInfo, McisRef, McisTarget } from "../model/types.js";
import type { VmRecord } from "../store/records.js";
import type { McisEnv } from "../env/env.js";
import { loadHead } from "./live.js";
import { beginOperation, endOperation, newRun } from "./operation.js";
import type { McisOperationOptions } from "./operation.js";
import { describeLeftover, failureNote, removeVms } from "../engine/removal.js";
import { assertNoInterrupted, assertNotCreating, checkRef, checkTarget, refreshVms, selectScope } from "./state.js";
import { toMcisInfo } from "./view.js";

/** Options of delete. */
export interface McisDeleteOptions extends McisOperationOptions {
  /** Terminate VMs that still run first (Tumblebug's `option=terminate`); otherwise they must be terminated already. */
  terminate?: boolean;
}

const removable = new Set<VmRecord["status"]>(["Terminated", "Failed", "Undefined"]);

/**
 * Deletes an MCIS, a sub-group or one VM. Refused while VMs are being created, and (without
 * `terminate`) while any VM in scope is not Terminated, Failed or Undefined. Whatever the cloud may
 * still hold is terminated first; records go only once their VMs are gone, and the MCIS record last.
 */
export async function deleteTarget(env: McisEnv, target: McisTarget, options: McisDeleteOptions): Promise<void> {
  checkTarget(target);
  return env.withLock(lockKeys.mcis(target.namespace, target.name), options.abortSignal, async () => {
    let head = await loadHead(env, target);
    const vms = await refreshVms(env, head, options.abortSignal);
    const scope = selectScope(head, vms, target);
    // One node cannot be deleted on its own: the node group goes with its sub-group or MCIS.
    if (scope.single) refuseOnNodes(scope.label, scope.vms, "Delete");
    assertNotCreating(scope.label, scope.vms);
    const busy = scope.vms.filter((vm) => !removable.has(vm.status));
    if (!options.terminate && busy.length > 0) {
      throw conflict(
        `cannot delete ${scope.label}: VM ${busy
          .map((vm) => `${vm.id} is ${vm.status}`)
          .slice(0, 5)
          .join(", ")}; terminate first or pass { terminate: true }`,
      );
    }
    const ids = scope.vms.map((vm) => vm.id);
    head = await beginOperation(
      env,
      head,
      { kind: "delete", action: "Terminate", vmIds: ids, terminate: options.terminate === true, ...pick(target) },
      { targetAction: "Terminate", targetStatus: "Terminated" },
      [],
    );
    const run = newRun(env, head, "Terminate", ids.length, options);
    const { kept } = await removeVms(run, scope.vms, () => undefined);
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    const failed = kept[0];
    if (failed) {
      await endOperation(env, run.head);
      const message = `could not delete ${scope.label}: ${kept.length} VM(s) could not be terminated`;
      const options = { leftovers: kept.map(describeLeftover), retryable: false };
      throw failed.reason
        ? errorOf(failed.reason, message, options)
        : new BaristaError("ProviderError", message, options);
    }
    if (target.vm === undefined && target.subGroup === undefined) {
      await env.store.remove(run.head, []);
      return;
    }
    const rest =
      target.subGroup === undefined ? run.head.subGroups : run.head.subGroups.filter((g) => g.name !== target.subGroup);
    await endOperation(env, { ...run.head, subGroups: rest });
  });
}

function pick(target: McisTarget): { subGroup?: string; vm?: string } {
  return {
    ...(target.subGroup === undefined ? {} : { subGroup: target.subGroup }),
    ...(target.vm === undefined ? {} : { vm: target.vm }),
  };
}

/**
 * Removes the Failed and Undefined VMs of an MCIS (Tumblebug's refine), terminating whatever the
 * cloud may hold of them; their reasons move to the MCIS's `systemMessages`.
 */
export async function refine(env: McisEnv, ref: McisRef, options: McisOperationOptions): Promise<McisInfo> {
  checkRef(ref);
  return env.withLock(lockKeys.mcis(ref.namespace, ref.name), options.abortSignal, async () => {
    let head = await loadHead(env, ref);
    assertNoInterrupted(head);
    const vms = await refreshVms(env, head, options.abortSignal);
    assertNotCreating(`MCIS "${head.name}"`, vms);
    const victims = vms.filter((vm) => vm.status === "Failed" || vm.status === "Undefined");
    if (victims.length === 0) return toMcisInfo(head, vms);
    head = await beginOperation(
      env,
      head,
      { kind: "refine", action: "Refine", vmIds: victims.map((vm) => vm.id) },
      { targetAction: "Refine", targetStatus: "None" },
      [],
    );
    const run = newRun(env, head, "Refine", victims.length, options);
    await removeVms(run, victims, (vm) => failureNote("refine", vm));
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    const ended = await endOperation(env, run.head);
    return toMcisInfo(ended, await env.store.vms(ended));
  });
}
