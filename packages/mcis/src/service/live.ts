import { BaristaError, isBaristaError } from "@cloud-barista/core";
import type { VmStatus } from "@cloud-barista/core";
import { deriveVmStatus, settleTarget } from "../model/status.js";
import type { McisRef } from "../model/types.js";
import type { McisRecord, VmRecord } from "../store/records.js";
import type { McisEnv } from "../env/env.js";
import { nodeCloudStatus, readNodeStatuses } from "../engine/node-groups.js";

/** Cloud statuses per connection, by core VM name; a connection missing here was not read. */
export type LiveStatuses = ReadonlyMap<string, ReadonlyMap<string, VmStatus>>;

/** The MCIS record, or NotFound. */
export async function loadHead(env: McisEnv, ref: McisRef): Promise<McisRecord> {
  const head = await env.store.head(ref.namespace, ref.name);
  if (!head) {
    throw new BaristaError("NotFound", `MCIS "${ref.name}" not found in namespace "${ref.namespace}"`, {
      resourceType: "mcis",
      resourceName: `${ref.namespace}/${ref.name}`,
    });
  }
  return head;
}

/**
 * Reads the cloud's status of every VM with one paginated listing per connection. A connection
 * that cannot be read (removed, unreachable) is left out: its VMs keep their stored status.
 */
export async function readLive(
  env: McisEnv,
  vms: readonly VmRecord[],
  abortSignal?: AbortSignal,
): Promise<LiveStatuses> {
  const live = await readNodeStatuses(env, vms, abortSignal);
  const connections = [
    ...new Set(vms.filter((vm) => vm.status !== "Terminated" && vm.cluster === undefined).map((vm) => vm.connection)),
  ];
  await Promise.all(
    connections.map(async (name) => {
      try {
        const conn = await env.connection(name);
        const statuses = new Map<string, VmStatus>();
        for await (const s of conn.vm.listStatus(abortSignal ? { abortSignal } : {}))
          statuses.set(s.iid.nameId, s.status);
        live.set(name, statuses);
      } catch (error) {
        if (abortSignal?.aborted) throw error;
        env.logger.warn("could not read VM statuses", {
          connection: name,
          code: isBaristaError(error) ? error.code : "Unknown",
        });
      }
    }),
  );
  return live;
}

/**
 * A VM with its status derived from the cloud's: a VM listed is read as such; a VM with a cloud id
 * that is not listed is gone ("NotExist"); a VM without one (not made yet, or failed before) keeps
 * its stored status.
 */
export function withLiveStatus(vm: VmRecord, live: LiveStatuses): VmRecord {
  const statuses = live.get(vm.connection);
  // Nodes of a node group are read through their cluster, by cloud id (see readNodeStatuses).
  const cloud =
    vm.cluster !== undefined
      ? nodeCloudStatus(vm, live)
      : (statuses?.get(vm.coreName) ?? (statuses && vm.systemId !== undefined ? "NotExist" : undefined));
  const status = deriveVmStatus({ stored: vm.status, targetAction: vm.targetAction, cloud });
  const target = settleTarget(status, vm);
  if (status === vm.status && target.targetAction === vm.targetAction && target.targetStatus === vm.targetStatus)
    return vm;
  return { ...vm, status, ...target };
}

/**
 * The MCIS target fields: those of the operation in flight; else those of a VM still on its way
 * (after a `wait: false` action); else Terminate/Terminated when every VM is terminated; else None.
 */
export function mcisTarget(
  head: McisRecord,
  vms: readonly VmRecord[],
): Pick<McisRecord, "targetAction" | "targetStatus"> {
  if (head.operation) return { targetAction: head.targetAction, targetStatus: head.targetStatus };
  const busy = vms.find((vm) => vm.targetAction !== "None" && vm.status !== "Terminated");
  if (busy) return { targetAction: busy.targetAction, targetStatus: busy.targetStatus };
  if (vms.length > 0 && vms.every((vm) => vm.status === "Terminated"))
    return { targetAction: "Terminate", targetStatus: "Terminated" };
  return { targetAction: "None", targetStatus: "None" };
}
