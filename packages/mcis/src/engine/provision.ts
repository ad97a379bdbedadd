import { isBaristaError, isDefiniteFailure } from "@cloud-barista/core";
import type { Connection, VmInfo, VmRequest } from "@cloud-barista/core";
import { tagsIfTaggable, vmTags } from "../model/ids.js";
import type { McisRecord, SubGroupRecord, VmRecord } from "../store/records.js";
import { failVm, signalOptions, withoutReason } from "./run.js";
import type { Run } from "./run.js";

/** The core request of one MCIS VM: its core name, its sub-group's spec, image and network, identity tags. */
export function vmRequest(conn: Connection, head: McisRecord, group: SubGroupRecord, vm: VmRecord): VmRequest {
  return {
    name: vm.coreName,
    image: group.image,
    specName: group.specName,
    vpcName: group.vpcName,
    subnetName: group.subnetName,
    securityGroupNames: [...group.securityGroupNames],
    keyPairName: group.keyPairName,
    ...(group.rootDiskType ? { rootDiskType: group.rootDiskType } : {}),
    ...(group.rootDiskSizeGB ? { rootDiskSizeGB: group.rootDiskSizeGB } : {}),
    ...tagsIfTaggable(conn, "vm", vmTags(head.namespace, head.name, group.name, vm.id)),
  };
}

/**
 * Creates VMs in parallel: each takes a slot of its region and provider, sends the create (its
 * intent record is already stored, and core claims the name before the call), records the cloud's
 * id, then waits outside the slot until the VM runs. `ready` gates each connection on its network.
 */
export function provision(
  run: Run,
  vms: readonly VmRecord[],
  ready: (connection: string) => Promise<void>,
): Promise<VmRecord[]> {
  return Promise.all(vms.map((vm) => provisionOne(run, vm, ready)));
}

async function provisionOne(run: Run, vm: VmRecord, ready: (connection: string) => Promise<void>): Promise<VmRecord> {
  const { env } = run;
  let current = vm;
  try {
    const group = run.head.subGroups.find((g) => g.name === vm.subGroup);
    if (!group) throw new Error(`sub-group "${vm.subGroup}" is missing from MCIS "${run.head.name}"`);
    await ready(vm.connection);
    const conn = await env.connection(vm.connection);
    // Until the cloud says where the VM went, the connection's zone is the best answer.
    if (conn.zone) current = { ...current, zone: conn.zone };
    const info = await env.limits.run(conn.provider, conn.region, () => {
      run.reporter.emit("requested", current, "Creating");
      return env.creating(conn.name, () => createWithRetries(run, conn, vmRequest(conn, run.head, group, vm)));
    });
    const zone = info.region.zone ?? current.zone;
    current = { ...current, systemId: info.iid.systemId, ...(zone ? { zone } : {}), status: "Creating" };
    run.writer.put(current);
    run.reporter.emit("created", current, "Creating");
    await env.watcher(conn).wait(vm.coreName, {
      until: (s) => s === "Running",
      failed: (s) => s === "Failed" || s === "Terminating" || s === "Terminated",
      timeoutMs: env.runningTimeoutMs,
      appearing: true,
      abortSignal: run.abortSignal,
    });
    current = { ...withoutReason(current), status: "Running", targetStatus: "None", targetAction: "None" };
    run.writer.put(current);
    run.reporter.emit("running", current, "Running");
    return current;
  } catch (error) {
    // Without the cloud's id, only a definite refusal proves the cloud made nothing.
    const uncertain = current.systemId === undefined && !isDefiniteFailure(error);
    return failVm(run, current, error, "Create", "Failed", uncertain ? { uncertain: true } : {});
  }
}

/**
 * core's create, retried further while the cloud keeps throttling. Core already retries a throttled
 * call a few times, every attempt through its pacer (one slot per token the account-region's bucket
 * is learned to refill), so these extra attempts wait for slots too, not on a backoff of their own.
 */
async function createWithRetries(run: Run, conn: Connection, request: VmRequest): Promise<VmInfo> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await conn.vm.create(request, { wait: false, ...signalOptions(run) });
    } catch (error) {
      if (!isBaristaError(error, "Throttled") || attempt > run.env.throttleRetries || run.abortSignal?.aborted)
        throw error;
    }
  }
}
