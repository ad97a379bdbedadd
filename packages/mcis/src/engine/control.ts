import { BaristaError, isBaristaError } from "@cloud-barista/core";
import type { Connection } from "@cloud-barista/core";
import { statusOfCloud, targetOf, transitionalOf } from "../model/status.js";
import type { ControlAction, McisVmStatus } from "../model/status.js";
import type { VmRecord } from "../store/records.js";
import { failVm, signalOptions, unconfirmed, withoutReason } from "./run.js";
import type { Run } from "./run.js";

const methodOf = { Suspend: "suspend", Resume: "resume", Reboot: "reboot" } as const;
const eventOf = { Running: "running", Suspended: "suspended", Terminated: "terminated" } as const;

/**
 * Suspends, resumes or reboots one VM. A retry (the same action already in flight) sends the
 * request again only when the VM still shows no sign of it, since the cloud may never have received
 * the first one; otherwise it just waits.
 */
export async function controlVm(
  run: Run,
  vm: VmRecord,
  action: Exclude<ControlAction, "Terminate">,
  wait: boolean,
): Promise<VmRecord> {
  const { env } = run;
  const target = targetOf[action];
  const moving = transitionalOf[action];
  const before = vm.status;
  let current: VmRecord = { ...withoutReason(vm), targetAction: action, targetStatus: target };
  try {
    const conn = await env.connection(vm.connection);
    await env.limits.run(conn.provider, conn.region, async () => {
      run.reporter.emit("requested", current, moving);
      if (before !== moving) await conn.vm[methodOf[action]](vm.coreName, { wait: false, ...signalOptions(run) });
    });
    current = { ...current, status: moving };
    run.writer.put(current);
    if (!wait) return current;
    await env.watcher(conn).wait(vm.coreName, {
      until: (s) => s === target,
      failed: (s) => s === "Failed" || s === "Terminating" || s === "Terminated",
      timeoutMs: env.controlTimeoutMs,
      abortSignal: run.abortSignal,
    });
    current = { ...current, status: target, targetStatus: "None", targetAction: "None" };
    run.writer.put(current);
    run.reporter.emit(eventOf[target], current, target);
    return current;
  } catch (error) {
    // The VM is where it was, as far as we know; the next status read tells.
    return failVm(run, current, error, action, current.status === moving ? moving : before);
  }
}

/**
 * Terminates one VM through core (which waits until the cloud reports it gone and forgets it). A
 * VM whose create ended without an answer is first settled in core, so one the cloud made after
 * all is found and terminated rather than leaked.
 */
export async function terminateVm(run: Run, vm: VmRecord): Promise<VmRecord> {
  return (await removeFromCloud(run, vm)).vm;
}

/**
 * `terminateVm`, saying whether the VM is `gone`: core confirmed it (the cloud reports it gone and
 * core forgot it). Failures are retried under the runtime's retry policy; a VM still settling in
 * core is tried again once core can tell (`timeouts.pendingSettleMs`). When every try failed, the
 * record takes the status the cloud reports now (the cloud may have acted on a try whose answer
 * was an error), or Undefined when that cannot be read: never the status it had before.
 */
export async function removeFromCloud(run: Run, vm: VmRecord): Promise<{ vm: VmRecord; gone: boolean }> {
  const { env } = run;
  const before = vm.status;
  let current: VmRecord = { ...vm, targetAction: "Terminate", targetStatus: "Terminated" };
  let conn: Connection | undefined;
  try {
    conn = await env.connection(vm.connection);
    const at = conn;
    await env.retrying(
      () => terminateOnce(run, at, current),
      run.abortSignal,
      (error) => isBaristaError(error, "Conflict"),
    );
    current = { ...withoutReason(current), status: "Terminated" };
    run.writer.put(current);
    run.reporter.emit("terminated", current, "Terminated");
    return { vm: current, gone: true };
  } catch (error) {
    const now = conn && !run.abortSignal?.aborted ? await cloudStatus(run, conn, vm) : undefined;
    const status = now ?? (before === "Terminating" ? "Terminating" : before);
    return { vm: failVm(run, current, error, "Terminate", status), gone: false };
  }
}

/** One try of a termination: settle an unconfirmed create, then delete through core. */
async function terminateOnce(run: Run, conn: Connection, vm: VmRecord): Promise<void> {
  const { env } = run;
  const settled = unconfirmed(vm) ? await env.settle(conn, run.abortSignal) : { pending: new Set<string>() };
  if (!settled || settled.pending.has(`vm/${vm.coreName}`)) {
    throw new BaristaError(
      "Conflict",
      `VM ${vm.id}: its create may still be settling in "${conn.name}"; run reconcile once creates there are done`,
      { retryable: true },
    );
  }
  await env.limits.run(conn.provider, conn.region, async () => {
    run.reporter.emit("requested", vm, "Terminating");
    await deleteCoreVm(conn, vm.coreName, run.abortSignal);
  });
}

/**
 * What the cloud reports of a VM now, through core; undefined when the VM was never confirmed and
 * core does not track it (its create is unsettled); Undefined when the status cannot be read.
 */
async function cloudStatus(run: Run, conn: Connection, vm: VmRecord): Promise<McisVmStatus | undefined> {
  try {
    const status = await run.env.retrying(() => conn.vm.getStatus(vm.coreName, signalOptions(run)), run.abortSignal);
    return status === "NotExist" ? "Terminated" : statusOfCloud(status);
  } catch (error) {
    if (isBaristaError(error, "NotFound")) return vm.systemId === undefined ? undefined : "Terminated";
    return "Undefined";
  }
}

/** Deletes the core VM; one core does not track (never made, or already gone) counts as deleted. */
async function deleteCoreVm(conn: Connection, name: string, abortSignal: AbortSignal | undefined): Promise<void> {
  try {
    await conn.vm.delete(name, abortSignal ? { abortSignal } : {});
  } catch (error) {
    if (!isBaristaError(error, "NotFound")) throw error;
  }
}
