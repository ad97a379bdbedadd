import { invalidArgument, lockKeys } from "@cloud-barista/core";
import { requireId } from "../model/ids.js";
import { aggregateStatus, countStatuses } from "../model/aggregate.js";
import { terminateVm } from "../engine/control.js";
import { adopt } from "../recovery/adopt.js";
import { finishOperation } from "../recovery/finish.js";
import { sweepOrphans } from "../recovery/orphans.js";
import type { Orphan } from "../recovery/orphans.js";
import type { OperationKind } from "../store/records.js";
import type { McisEnv, Settled } from "../env/env.js";
import { endOperation, newRun } from "./operation.js";
import type { McisOperationOptions } from "./operation.js";

/** Options of reconcile. */
export interface McisReconcileOptions extends McisOperationOptions {
  /** Only this namespace (default: every namespace with MCIS records). */
  namespace?: string;
  /** Only this MCIS of `namespace`. */
  name?: string;
  /** Wait for VMs made before the crash to run, and for re-sent actions to finish (default true). */
  wait?: boolean;
}

/** What reconcile did to one MCIS. */
export interface McisReconcileEntry {
  namespace: string;
  name: string;
  /** The operation that was cut off, if any. */
  interrupted?: OperationKind;
  /** VMs the cloud made whose id had not been recorded: now tracked. */
  adopted: string[];
  /** VMs whose create never reached the cloud: now Failed (the policy may then remove them). */
  failed: string[];
  /** VMs whose interrupted action was completed. */
  finished: string[];
  /** VMs removed by finishing the operation (rollback, refine, delete). */
  removed: string[];
  /** VMs left as they were because their connection could not be settled or read. */
  unsettled: string[];
  /** The MCIS no longer exists (an interrupted delete finished, or a create rolled back). */
  deleted: boolean;
  /** Its status afterwards. */
  status?: string;
}

/** What a reconcile found and did, per MCIS, and the orphan VMs it terminated. */
export interface McisReconcileReport {
  mcis: McisReconcileEntry[];
  /** Cloud VMs tagged as MCIS VMs of a reconciled namespace that no record tracked, now terminated. */
  orphans: Orphan[];
}

/**
 * Brings MCIS records and clouds back in line after a crash, an abort or a restart: per MCIS (under
 * its lock) settle core's pending records, adopt what the clouds made, mark creates that never
 * reached a cloud Failed, finish the interrupted operation (forward where the cloud acted, the
 * policy where it did not), then terminate tagged VMs no record tracks. Run it at start-up, before
 * new operations: settling a connection must not overlap creates in flight there.
 */
export async function reconcile(env: McisEnv, options: McisReconcileOptions): Promise<McisReconcileReport> {
  if (options.namespace !== undefined) requireId("namespace", options.namespace);
  if (options.name !== undefined) {
    if (options.namespace === undefined) throw invalidArgument("namespace", "required", "is required with name");
    requireId("name", options.name);
  }
  const heads = (await env.store.heads(options.namespace)).filter(
    (h) => options.name === undefined || h.name === options.name,
  );
  const settled = new Map<string, Promise<Settled | undefined>>();
  const report: McisReconcileReport = { mcis: [], orphans: [] };
  for (const { namespace, name } of heads) {
    const entry = await env.withLock(
      lockKeys.mcis(namespace, name),
      options.abortSignal,
      async (): Promise<McisReconcileEntry | undefined> => {
        const head = await env.store.head(namespace, name);
        if (!head) return undefined;
        const stored = await env.store.vms(head);
        const adoption = await adopt(env, stored, settled, options.abortSignal);
        await env.store.saveVms(
          head,
          adoption.vms.filter((vm, i) => vm !== stored[i]),
        );
        const acting = new Set([...(head.operation?.vmIds ?? []), ...adoption.lingering]);
        const run = newRun(env, head, "Reconcile", acting.size, options);
        const finished = await finishOperation(run, adoption.vms, options.wait ?? true);
        const entry: McisReconcileEntry = {
          namespace,
          name,
          ...(head.operation ? { interrupted: head.operation.kind } : {}),
          adopted: adoption.adopted,
          failed: adoption.failed,
          finished: finished.finished,
          removed: finished.removed,
          unsettled: adoption.unsettled,
          deleted: finished.mcisGone,
        };
        if (finished.mcisGone) {
          await env.store.remove(run.head, []);
          return entry;
        }
        const lingering = (await env.store.vms(run.head)).filter((vm) => adoption.lingering.includes(vm.id));
        await Promise.all(lingering.map((vm) => terminateVm(run, vm)));
        await run.writer.flush();
        const vms = await env.store.vms(run.head);
        // A deleted or newly added sub-group left without VMs goes, as the finished operation would have done.
        const op = head.operation;
        const dropEmpty =
          op !== undefined && (op.kind === "addSubGroup" || (op.kind === "delete" && op.subGroup !== undefined));
        const touched = new Set(stored.filter((vm) => op?.vmIds.includes(vm.id)).map((vm) => vm.subGroup));
        const subGroups = run.head.subGroups.filter(
          (g) => !(dropEmpty && touched.has(g.name) && !vms.some((vm) => vm.subGroup === g.name)),
        );
        // An operation is finished only when nothing of it was left unsettled.
        if (adoption.unsettled.length === 0) await endOperation(env, { ...run.head, subGroups });
        return { ...entry, status: aggregateStatus(countStatuses(vms.map((vm) => vm.status))) };
      },
    );
    if (entry) report.mcis.push(entry);
  }
  const namespaces =
    options.name !== undefined
      ? []
      : options.namespace !== undefined
        ? [options.namespace]
        : [...new Set([...heads.map((h) => h.namespace), ...(await env.store.networks()).map((n) => n.namespace)])];
  for (const namespace of namespaces) report.orphans.push(...(await sweepOrphans(env, namespace, options.abortSignal)));
  return report;
}
