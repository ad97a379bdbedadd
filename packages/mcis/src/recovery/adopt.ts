import { isBaristaError } from "@cloud-barista/core";
import type { Connection, VmStatus } from "@cloud-barista/core";
import { deriveVmStatus, settleTarget } from "../model/status.js";
import type { McisEnv, Settled } from "../env/env.js";
import type { VmRecord } from "../store/records.js";
import { nodeCloudStatus, readNodeStatuses } from "../engine/node-groups.js";

/** What the cloud (through core) says of the VMs of one connection, by core name. */
/** Core VMs of a connection by core name, and the core VM names whose create is still unsettled. */
interface Listing {
  vms: Map<string, { status: VmStatus; systemId: string }>;
  pending: ReadonlySet<string>;
}

/** How the stored VMs compare with the cloud, after core settled its pending records. */
export interface Adoption {
  vms: VmRecord[];
  /** VMs the cloud made whose id the MCIS had not recorded yet. */
  adopted: string[];
  /** VMs whose create never reached the cloud: now Failed. */
  failed: string[];
  /** VMs whose connection could not be settled or read; left as they were. */
  unsettled: string[];
  /** Terminated VMs core still tracks (a crash came before core forgot them): to be forgotten. */
  lingering: string[];
}

/**
 * Settles core's pending records in each connection (a create cut off between "name claimed" and
 * "id recorded" is adopted if the cloud made it, dropped otherwise), then lines the MCIS VMs up
 * with what core now tracks: ids are adopted, creates that never reached the cloud become Failed,
 * and statuses are read afresh.
 */
export async function adopt(
  env: McisEnv,
  vms: readonly VmRecord[],
  settled: Map<string, Promise<Settled | undefined>>,
  abortSignal?: AbortSignal,
): Promise<Adoption> {
  const listings = new Map<string, Listing | undefined>();
  for (const name of new Set(vms.filter((vm) => vm.cluster === undefined).map((vm) => vm.connection)))
    listings.set(name, await settleAndList(env, name, settled, abortSignal));
  const result: Adoption = { vms: [], adopted: [], failed: [], unsettled: [], lingering: [] };
  const nodes = await readNodeStatuses(env, vms, abortSignal);
  for (const vm of vms) {
    if (vm.cluster !== undefined) {
      result.vms.push(adoptNode(env, vm, nodes, result));
      continue;
    }
    const listing = listings.get(vm.connection);
    // Unreadable connection, or a create core cannot rule out yet: leave the VM as it is for now.
    if (!listing || (vm.systemId === undefined && listing.pending.has(`vm/${vm.coreName}`))) {
      if (vm.status !== "Terminated") result.unsettled.push(vm.id);
      result.vms.push(vm);
      continue;
    }
    const seen = listing.vms.get(vm.coreName);
    let next: VmRecord = vm;
    if (seen && vm.systemId === undefined) {
      const { uncertain: _settled, ...rest } = vm;
      next = { ...rest, systemId: seen.systemId };
      result.adopted.push(vm.id);
    } else if (!seen && vm.systemId === undefined && vm.status !== "Terminated") {
      const { uncertain: _settled, ...rest } = vm;
      next = rest;
      if (vm.status !== "Failed") {
        next = {
          ...rest,
          status: "Failed",
          targetAction: "None",
          targetStatus: "None",
          reason: {
            code: "Aborted",
            message: "the create was interrupted before the cloud made the VM",
            action: "Create",
            connection: vm.connection,
            at: env.now(),
          },
        };
        result.failed.push(vm.id);
      }
    }
    const cloud = seen?.status ?? (next.systemId !== undefined ? "NotExist" : undefined);
    const status = deriveVmStatus({ stored: next.status, targetAction: next.targetAction, cloud });
    if (status === "Terminated" && seen) result.lingering.push(vm.id);
    result.vms.push({ ...next, status, ...settleTarget(status, next) });
  }
  return result;
}

/**
 * A node of a node-group sub-group, which core does not track: its status is its node group's. A
 * node the cut-off operation never got from the cloud fails (the policy then removes or keeps the
 * group as for any create); one whose cluster could not be read stays as it was.
 */
function adoptNode(
  env: McisEnv,
  vm: VmRecord,
  live: ReadonlyMap<string, ReadonlyMap<string, VmStatus>>,
  result: Adoption,
): VmRecord {
  if (vm.systemId === undefined && vm.status !== "Terminated" && vm.status !== "Failed") {
    result.failed.push(vm.id);
    return {
      ...vm,
      status: "Failed",
      targetAction: "None",
      targetStatus: "None",
      reason: {
        code: "Aborted",
        message: "the operation was interrupted before the node group reported this node",
        action: "Create",
        connection: vm.connection,
        at: env.now(),
      },
    };
  }
  const status = deriveVmStatus({ stored: vm.status, targetAction: vm.targetAction, cloud: nodeCloudStatus(vm, live) });
  return { ...vm, status, ...settleTarget(status, vm) };
}

async function settleAndList(
  env: McisEnv,
  name: string,
  settled: Map<string, Promise<Settled | undefined>>,
  abortSignal?: AbortSignal,
): Promise<Listing | undefined> {
  try {
    const conn: Connection = await env.connection(name);
    let settling = settled.get(name);
    if (!settling) {
      settling = env.settle(conn, abortSignal);
      settled.set(name, settling);
    }
    const outcome = await settling;
    if (!outcome) return undefined;
    const listing: Listing = { vms: new Map(), pending: outcome.pending };
    for await (const s of conn.vm.listStatus(abortSignal ? { abortSignal } : {}))
      listing.vms.set(s.iid.nameId, { status: s.status, systemId: s.iid.systemId });
    return listing;
  } catch (error) {
    if (abortSignal?.aborted) throw error;
    env.logger.warn("reconcile could not read a connection", {
      connection: name,
      code: isBaristaError(error) ? error.code : "Unknown",
    });
    return undefined;
  }
}
