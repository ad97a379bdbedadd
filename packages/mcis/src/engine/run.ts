import type { McisAction } from "../model/status.js";
import type { McisRecord, VmRecord } from "../store/records.js";
import type { VmWriter } from "../store/vm-writer.js";
import type { McisEnv } from "../env/env.js";
import { reasonOf, toFailureReason } from "./failure.js";
import type { ProgressReporter } from "./progress.js";

/** One operation on one MCIS: where VM progress is written and reported. */
export interface Run {
  env: McisEnv;
  head: McisRecord;
  writer: VmWriter;
  reporter: ProgressReporter;
  abortSignal: AbortSignal | undefined;
}

export function signalOptions(run: Run): { abortSignal?: AbortSignal } {
  return run.abortSignal ? { abortSignal: run.abortSignal } : {};
}

/**
 * Records and reports a VM's failure; `status` is what the VM is now (Failed for a create). After an
 * abort the VM is not failed but left where it stands (its target kept), for reconcile to finish.
 */
export function failVm(
  run: Run,
  vm: VmRecord,
  error: unknown,
  action: McisAction,
  status: VmRecord["status"],
  extra: Partial<VmRecord> = {},
): VmRecord {
  if (run.abortSignal?.aborted) {
    run.writer.put(vm);
    return vm;
  }
  const reason = reasonOf(error, { action, connection: vm.connection, zone: vm.zone }, run.env.clock);
  const failed: VmRecord = { ...vm, ...extra, status, targetStatus: "None", targetAction: "None", reason };
  run.writer.put(failed);
  run.reporter.emit("failed", failed, status, toFailureReason(reason));
  run.env.logger.debug("MCIS VM action failed", { mcis: run.head.name, vm: vm.id, action, code: reason.code });
  return failed;
}

/** A VM record without its failure reason (after an action succeeded). */
export function withoutReason(vm: VmRecord): VmRecord {
  const { reason: _reason, uncertain: _uncertain, ...rest } = vm;
  return rest;
}

/** No cloud id, but the create may have happened (it ended without an answer, or only its intent is stored). */
export function unconfirmed(vm: VmRecord): boolean {
  return vm.systemId === undefined && (vm.uncertain === true || vm.status === "Creating");
}
