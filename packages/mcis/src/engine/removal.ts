import type { McisRecord, VmRecord } from "../store/records.js";
import { removeFromCloud } from "./control.js";
import { removeNodeVms } from "./node-groups.js";
import { unconfirmed } from "./run.js";
import type { Run } from "./run.js";

/** What removing VMs achieved: VMs whose cloud side could not be terminated stay in the MCIS. */
export interface Removal {
  removed: VmRecord[];
  kept: VmRecord[];
  head: McisRecord;
}

/**
 * Whether the cloud or core may still hold something of this VM: it was made (even a terminated VM
 * may still have its core record, if a crash came between the cloud's answer and core forgetting
 * it), or its create ended without an answer, or only its intent is recorded (a create cut off before
 * core was asked cannot be told from one cut off after the cloud acted, until core settles it).
 */
export function mayExist(vm: VmRecord): boolean {
  return vm.systemId !== undefined || unconfirmed(vm);
}

/**
 * Terminates VMs where the cloud may hold them (through core, which also forgets them), then drops their records with the MCIS record in
 * one commit. A VM whose termination failed keeps its record (with the reason): a record is never
 * dropped while its VM may still run.
 */
export async function removeVms(
  run: Run,
  vms: readonly VmRecord[],
  note: (vm: VmRecord) => string | undefined,
): Promise<Removal> {
  const plain = vms.filter((vm) => vm.cluster === undefined);
  // Nodes go with their node group (or its scaling), which is looked up whatever the records say:
  // a group whose add failed half way may still be in the cloud.
  const nodes = vms.filter((vm) => vm.cluster !== undefined);
  const before = new Map(nodes.map((vm) => [vm.id, vm]));
  const [outcome, nodeOutcome] = await Promise.all([
    Promise.all(
      plain.map(async (vm) => {
        if (!mayExist(vm)) return { before: vm, vm, gone: true };
        return { before: vm, ...(await removeFromCloud(run, vm)) };
      }),
    ),
    nodes.length === 0 ? [] : removeNodeVms(run, nodes),
  ]);
  outcome.push(...nodeOutcome.map((o) => ({ before: before.get(o.vm.id) ?? o.vm, ...o })));
  await run.writer.flush();
  const gone = outcome.filter((o) => o.gone);
  const removed = gone.map((o) => o.vm);
  const kept = outcome.filter((o) => !o.gone).map((o) => o.vm);
  // The note is taken from the VM as it was, so a failure reason outlives the VM.
  const head = withMessages(
    run.head,
    gone.map((o) => note(o.before)).filter((m): m is string => m !== undefined),
  );
  await run.env.store.removeVms(
    head,
    removed.map((vm) => vm.id),
  );
  for (const vm of removed) run.reporter.emit("removed", vm, vm.status);
  run.head = head;
  return { removed, kept, head };
}

/**
 * A VM that could not be removed, for an error's `leftovers`: its id, core name, cloud id,
 * connection, the status the cloud reports and why it stayed.
 */
export function describeLeftover(vm: VmRecord): string {
  const why = vm.reason ? `: ${vm.reason.code}: ${vm.reason.message}` : "";
  return `VM ${vm.id} (core name ${vm.coreName}, cloud id ${vm.systemId ?? "unknown"}, connection ${vm.connection}): ${vm.status}${why}`;
}

/** The note kept when a failed VM leaves the MCIS, so its reason outlives it. */
export function failureNote(verb: string, vm: VmRecord): string {
  if (!vm.reason) return `${verb} removed VM ${vm.id} (${vm.status})`;
  return `${verb} removed VM ${vm.id} (${vm.status}): ${vm.reason.code}: ${vm.reason.message} [${vm.reason.connection}${vm.reason.zone ? `/${vm.reason.zone}` : ""}]`;
}

const maxMessages = 50;

/** Appends notes to the MCIS record (kept to the last 50). */
function withMessages(head: McisRecord, messages: readonly string[]): McisRecord {
  if (messages.length === 0) return head;
  return { ...head, systemMessages: [...head.systemMessages, ...messages].slice(-maxMessages) };
}
