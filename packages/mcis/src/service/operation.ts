import { ProgressReporter } from "../engine/progress.js";
import type { ProgressListener } from "../engine/progress.js";
import type { Run } from "../engine/run.js";
import type { McisAction, TargetAction, TargetStatus } from "../model/status.js";
import type { McisRecord, OperationRecord, VmRecord } from "../store/records.js";
import { VmWriter } from "../store/vm-writer.js";
import type { McisEnv } from "../env/env.js";

/** Options of every MCIS operation. */
export interface McisOperationOptions {
  abortSignal?: AbortSignal;
  /** Told about each VM as the operation progresses (see `trackProgress` for an async iterable). */
  onProgress?: ProgressListener;
}

/** A run of one operation on `head`, reporting `total` VMs. */
export function newRun(
  env: McisEnv,
  head: McisRecord,
  action: McisAction,
  total: number,
  options: McisOperationOptions,
): Run {
  return {
    env,
    head,
    writer: new VmWriter(env.store, head),
    reporter: new ProgressReporter({
      action,
      namespace: head.namespace,
      mcis: head.name,
      total,
      listener: options.onProgress,
      clock: env.clock,
      logger: env.logger,
    }),
    abortSignal: options.abortSignal,
  };
}

/**
 * Records an operation and its VMs' intent (target fields) in one commit, before any cloud call,
 * so that after a crash `reconcile` knows what was in flight.
 */
export async function beginOperation(
  env: McisEnv,
  head: McisRecord,
  operation: Omit<OperationRecord, "startedAt">,
  target: { targetAction: TargetAction; targetStatus: TargetStatus },
  vms: readonly VmRecord[],
): Promise<McisRecord> {
  const next: McisRecord = {
    ...head,
    ...target,
    operation: { ...operation, startedAt: env.now() },
    updatedAt: env.now(),
  };
  await env.store.save(next, vms);
  return next;
}

/** Marks the operation done: the MCIS is idle again. */
export async function endOperation(env: McisEnv, head: McisRecord): Promise<McisRecord> {
  const { operation: _done, ...rest } = head;
  const next: McisRecord = { ...rest, targetAction: "None", targetStatus: "None", updatedAt: env.now() };
  await env.store.save(next);
  return next;
}
