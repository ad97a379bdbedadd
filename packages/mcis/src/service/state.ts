import { describeValue, invalidArgument, notFound } from "@cloud-barista/core";
import { maxIdLength, maxVmIndex, requireId } from "../model/ids.js";
import { conflict } from "../model/transitions.js";
import type { McisRef, McisTarget } from "../model/types.js";
import type { McisRecord, VmRecord } from "../store/records.js";
import type { McisEnv } from "../env/env.js";
import { readLive, withLiveStatus } from "./live.js";

export function checkRef(ref: McisRef): void {
  if (ref === null || typeof ref !== "object")
    throw invalidArgument("ref", "required", "name the MCIS: { namespace, name }");
  requireId("namespace", ref.namespace);
  requireId("name", ref.name);
}

export function checkTarget(target: McisTarget): void {
  checkRef(target);
  if (target.subGroup !== undefined) requireId("subGroup", target.subGroup);
  if (target.vm !== undefined) {
    if (
      typeof target.vm !== "string" ||
      target.vm.length > maxIdLength + 1 + String(maxVmIndex).length ||
      !/^[a-z]([-a-z0-9]*[a-z0-9])?-[1-9][0-9]*$/.test(target.vm)
    ) {
      throw invalidArgument("vm", "vm-id", `${describeValue(target.vm)} is not a VM ID (<subGroup>-<n>)`);
    }
    if (target.subGroup !== undefined) throw invalidArgument("subGroup", "one-scope", "give subGroup or vm, not both");
  }
}

/**
 * The MCIS's VMs with statuses read from the cloud now; changes are stored (the caller holds the
 * MCIS lock), so the next reader sees them too.
 */
export async function refreshVms(env: McisEnv, head: McisRecord, abortSignal?: AbortSignal): Promise<VmRecord[]> {
  const stored = await env.store.vms(head);
  const live = await readLive(env, stored, abortSignal);
  const fresh = stored.map((vm) => withLiveStatus(vm, live));
  await env.store.saveVms(
    head,
    fresh.filter((vm, i) => vm !== stored[i]),
  );
  return fresh;
}

/**
 * Refuses to start while an earlier operation is recorded as in flight. With this instance's lock
 * held, it runs in another process, or it was interrupted (a crash, an abort) and `reconcile` must
 * finish it first.
 */
export function assertNoInterrupted(head: McisRecord): void {
  if (head.operation) {
    throw conflict(
      `MCIS "${head.name}" has a ${head.operation.kind} in progress elsewhere or interrupted (started ${head.operation.startedAt}); wait for it, or run reconcile if it was cut off`,
    );
  }
}

/** Refuses while VMs are being created (Tumblebug: no action during Creating). */
export function assertNotCreating(label: string, vms: readonly VmRecord[]): void {
  const creating = vms.filter((vm) => vm.status === "Creating").map((vm) => vm.id);
  if (creating.length > 0)
    throw conflict(
      `${label} is being created (VM ${creating.slice(0, 5).join(", ")}${creating.length > 5 ? ", ..." : ""} Creating)`,
    );
}

/** The VMs a target names, and how to call the scope in messages. */
export function selectScope(
  head: McisRecord,
  vms: readonly VmRecord[],
  target: McisTarget,
): { label: string; vms: VmRecord[]; single: boolean } {
  const mcis = `MCIS "${head.name}"`;
  if (target.vm !== undefined) {
    const vm = vms.find((v) => v.id === target.vm);
    if (!vm) throw notFound("vm", target.vm, mcis);
    return { label: `VM ${vm.id} of ${mcis}`, vms: [vm], single: true };
  }
  if (target.subGroup !== undefined) {
    if (!head.subGroups.some((g) => g.name === target.subGroup)) throw notFound("subGroup", target.subGroup, mcis);
    return {
      label: `sub-group ${target.subGroup} of ${mcis}`,
      vms: vms.filter((vm) => vm.subGroup === target.subGroup),
      single: false,
    };
  }
  return { label: mcis, vms: [...vms], single: false };
}
