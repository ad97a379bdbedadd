import { controlVm, terminateVm } from "../engine/control.js";
import { failVm } from "../engine/run.js";
import type { Run } from "../engine/run.js";
import { vmVerdict } from "../model/transitions.js";
import type { VmRecord } from "../store/records.js";
import { failureNote, removeVms } from "../engine/removal.js";

/** What finishing an interrupted operation did. */
export interface Finished {
  /** VMs whose interrupted action was completed. */
  finished: string[];
  /** VMs removed (policy, refine, delete). */
  removed: string[];
  /** The operation removed the whole MCIS (a delete, or a create rolled back). */
  mcisGone: boolean;
}

/**
 * Completes the operation a crash or abort cut off, from the VMs as `adopt` left them:
 * - create, scale-out, add-sub-group: waits for made VMs to run, then applies the MCIS policy;
 * - suspend, resume, reboot, terminate: sends the action again where the cloud never acted on it;
 * - refine and delete: removes what they were removing.
 */
export async function finishOperation(run: Run, vms: readonly VmRecord[], wait: boolean): Promise<Finished> {
  const op = run.head.operation;
  const none: Finished = { finished: [], removed: [], mcisGone: false };
  if (!op) return none;
  const inOp = new Set(op.vmIds);
  const mine = vms.filter((vm) => inOp.has(vm.id));
  switch (op.kind) {
    case "create":
    case "scaleOut":
    case "addSubGroup": {
      // Only VMs the cloud is known to have made are awaited; the rest were settled by adopt.
      const done = await Promise.all(
        mine.map((vm) =>
          // Nodes are not VMs core can await: adopt read them from their node group.
          vm.status === "Creating" && vm.systemId !== undefined && vm.cluster === undefined && wait
            ? awaitRunning(run, vm)
            : Promise.resolve(vm),
        ),
      );
      await run.writer.flush();
      const failed = done.filter((vm) => vm.status === "Failed");
      const policy = run.head.policy;
      if (failed.length === 0 || policy === "continue")
        return { ...none, finished: done.filter((vm) => vm.status === "Running").map((vm) => vm.id) };
      const { removed } = await removeVms(run, policy === "refine" ? failed : done, (vm) =>
        failureNote(`${policy} (reconcile)`, vm),
      );
      const left = vms.length - removed.length;
      return {
        finished: [],
        removed: removed.map((vm) => vm.id),
        mcisGone: op.kind === "create" && policy === "rollback" && left === 0,
      };
    }
    case "control": {
      const action = op.action;
      if (action !== "Suspend" && action !== "Resume" && action !== "Reboot" && action !== "Terminate") return none;
      const todo = mine.filter((vm) => {
        const kind = vmVerdict(vm.status, vm.targetAction, action).kind;
        return kind === "apply" || kind === "retry";
      });
      const done = await Promise.all(
        todo.map((vm) => (action === "Terminate" ? terminateVm(run, vm) : controlVm(run, vm, action, wait))),
      );
      await run.writer.flush();
      return { ...none, finished: done.filter((vm) => vm.reason === undefined).map((vm) => vm.id) };
    }
    case "refine": {
      const victims = mine.filter((vm) => vm.status === "Failed" || vm.status === "Undefined");
      const { removed } = await removeVms(run, victims, (vm) => failureNote("refine (reconcile)", vm));
      return { ...none, removed: removed.map((vm) => vm.id) };
    }
    case "delete": {
      const { removed, kept } = await removeVms(run, mine, () => undefined);
      const whole = op.subGroup === undefined && op.vm === undefined;
      return {
        finished: [],
        removed: removed.map((vm) => vm.id),
        mcisGone: whole && kept.length === 0 && vms.length === removed.length,
      };
    }
  }
}

/** Waits for a VM the cloud made before the crash; a VM that does not run in time fails. */
async function awaitRunning(run: Run, vm: VmRecord): Promise<VmRecord> {
  try {
    const conn = await run.env.connection(vm.connection);
    await run.env.watcher(conn).wait(vm.coreName, {
      until: (s) => s === "Running",
      failed: (s) => s === "Failed" || s === "Terminating" || s === "Terminated",
      timeoutMs: run.env.runningTimeoutMs,
      appearing: true,
      abortSignal: run.abortSignal,
    });
    const running: VmRecord = { ...vm, status: "Running", targetAction: "None", targetStatus: "None" };
    run.writer.put(running);
    run.reporter.emit("running", running, "Running");
    return running;
  } catch (error) {
    return failVm(run, vm, error, "Create", "Failed");
  }
}
