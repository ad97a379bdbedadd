import { BaristaError } from "@cloud-barista/core";
import { errorOf } from "../engine/failure.js";
import { provision } from "../engine/provision.js";
import type { Run } from "../engine/run.js";
import type { PartialFailurePolicy } from "../model/requests.js";
import { DefaultNetworks } from "../network/default-network.js";
import type { PlannedVm } from "../request/plan.js";
import type { VmRecord } from "../store/records.js";
import { describeLeftover, failureNote, removeVms } from "../engine/removal.js";
import { provisionNodeGroups } from "../engine/node-groups.js";

/** What provisioning left: the VMs still in the MCIS, and those the policy removed. */
export interface Provisioned {
  vms: VmRecord[];
  removed: VmRecord[];
  /** VMs the policy meant to remove but could not: they stay, with the status the cloud reports. */
  left: VmRecord[];
  /** VMs failed and the policy was rollback: the operation must throw (with `left` as leftovers). */
  rolledBack: boolean;
  /** How many VMs failed, and the first of them (for the error a rollback throws). */
  failedCount: number;
  firstFailure: VmRecord | undefined;
}

/** The intent record of a planned VM: stored before any cloud call, so it can be finished or rolled back. */
export function intentRecord(vm: PlannedVm, now: string): VmRecord {
  return {
    v: 1,
    id: vm.id,
    subGroup: vm.subGroup,
    index: vm.index,
    connection: vm.connection,
    coreName: vm.coreName,
    status: "Creating",
    targetStatus: "Running",
    targetAction: "Create",
    createdAt: now,
    ...(vm.cluster === undefined ? {} : { cluster: vm.cluster }),
  };
}

/**
 * Runs the VMs of a create, scale-out or add-sub-group: each connection's default network first
 * (made once, shared by its VMs; a failure there fails that connection's VMs only), the VMs in
 * parallel, then the partial-failure policy: continue keeps failed VMs with their reasons; refine
 * removes them (terminating what the cloud made); rollback removes every VM of the operation.
 */
export async function provisionAndSettle(
  run: Run,
  vms: readonly VmRecord[],
  policy: PartialFailurePolicy,
): Promise<Provisioned> {
  const { env, head } = run;
  const networks = new DefaultNetworks(env);
  const gates = new Map<string, Promise<void>>();
  const ready = (connection: string): Promise<void> => {
    let gate = gates.get(connection);
    if (!gate) {
      const groups = head.subGroups.filter(
        (g) => g.connection === connection && vms.some((vm) => vm.subGroup === g.name),
      );
      const wanted = { network: groups.some((g) => g.defaultNetwork), keyPair: groups.some((g) => g.defaultKeyPair) };
      gate =
        wanted.network || wanted.keyPair
          ? env.connection(connection).then(async (conn) => {
              await networks.ensure(head.namespace, conn, wanted, run.abortSignal);
            })
          : Promise.resolve();
      gates.set(connection, gate);
    }
    return gate;
  };
  // Nodes of node-group sub-groups come from their clusters; the policy below treats them alike.
  const [made, nodes] = await Promise.all([
    provision(
      run,
      vms.filter((vm) => vm.cluster === undefined),
      ready,
    ),
    provisionNodeGroups(
      run,
      vms.filter((vm) => vm.cluster !== undefined),
      ready,
    ),
  ]);
  const done = [...made, ...nodes];
  await run.writer.flush();
  const failed = done.filter((vm) => vm.status === "Failed");
  const firstFailure = failed[0];
  if (failed.length === 0 || policy === "continue" || run.abortSignal?.aborted) {
    return { vms: done, removed: [], left: [], rolledBack: false, failedCount: failed.length, firstFailure };
  }
  const victims = policy === "refine" ? failed : done;
  const { removed, kept } = await removeVms(run, victims, (vm) => failureNote(policy, vm));
  const gone = new Set(removed.map((vm) => vm.id));
  const stay = new Map(kept.map((vm) => [vm.id, vm]));
  return {
    vms: done.filter((vm) => !gone.has(vm.id)).map((vm) => stay.get(vm.id) ?? vm),
    removed,
    left: kept,
    rolledBack: policy === "rollback",
    failedCount: failed.length,
    firstFailure,
  };
}

/**
 * The error a rolled-back operation throws: the first VM failure's code, with a summary. When the
 * rollback could not remove every VM, `leftovers` names each one left (id, core name, cloud id,
 * status) and the error is not retryable: those VMs stay in the MCIS until deleted.
 */
export function rollbackError(what: string, result: Provisioned, total: number): BaristaError {
  const leftovers = result.left.map(describeLeftover);
  const shown = leftovers.slice(0, 5).join("; ") + (leftovers.length > 5 ? `; and ${leftovers.length - 5} more` : "");
  const summary =
    `${what} rolled back: ${result.failedCount} of ${total} VM(s) failed` +
    (leftovers.length > 0
      ? `; ${leftovers.length} VM(s) could not be removed and stay in the MCIS (left behind: ${shown})`
      : "");
  const reason = result.firstFailure?.reason;
  const options = leftovers.length > 0 ? { leftovers, retryable: false } : {};
  return reason ? errorOf(reason, summary, options) : new BaristaError("ProviderError", summary, options);
}
