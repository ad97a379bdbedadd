import { isBaristaError } from "@cloud-barista/core";
import type { VmInfo, VmStatus } from "@cloud-barista/core";
import { requireId } from "../model/ids.js";
import type { McisAccessInfo, McisInfo, McisRef, McisStatusInfo, VmAccessInfo } from "../model/types.js";
import type { McisRecord, VmRecord } from "../store/records.js";
import type { McisEnv } from "../env/env.js";
import { loadHead, readLive, withLiveStatus } from "./live.js";
import { checkRef } from "./state.js";
import { toMcisInfo, toStatusInfo } from "./view.js";

/** Options of queries. */
export interface McisQueryOptions {
  abortSignal?: AbortSignal;
  /**
   * Read VM statuses from the clouds now (default true: one status listing per connection). With
   * false, the statuses stored by the last operation are returned, without any cloud call.
   */
  refresh?: boolean;
}

// Queries take no lock and write nothing: they read the records (an operation in flight updates
// them as it goes) and overlay what the clouds say now.

async function current(
  env: McisEnv,
  heads: readonly McisRecord[],
  options: McisQueryOptions,
): Promise<Map<McisRecord, VmRecord[]>> {
  const byHead = new Map<McisRecord, VmRecord[]>();
  for (const head of heads) byHead.set(head, await env.store.vms(head));
  if (options.refresh === false) return byHead;
  const live = await readLive(env, [...byHead.values()].flat(), options.abortSignal);
  for (const [head, vms] of byHead)
    byHead.set(
      head,
      vms.map((vm) => withLiveStatus(vm, live)),
    );
  return byHead;
}

export async function getMcis(env: McisEnv, ref: McisRef, options: McisQueryOptions): Promise<McisInfo> {
  checkRef(ref);
  const head = await loadHead(env, ref);
  return toMcisInfo(head, (await current(env, [head], options)).get(head) ?? []);
}

/** Every MCIS of a namespace, by name. */
export async function listMcis(env: McisEnv, namespace: string, options: McisQueryOptions): Promise<McisInfo[]> {
  requireId("namespace", namespace);
  const byHead = await current(env, await env.store.heads(namespace), options);
  return [...byHead].map(([head, vms]) => toMcisInfo(head, vms));
}

export async function mcisStatus(env: McisEnv, ref: McisRef, options: McisQueryOptions): Promise<McisStatusInfo> {
  checkRef(ref);
  const head = await loadHead(env, ref);
  return toStatusInfo(head, (await current(env, [head], options)).get(head) ?? []);
}

/**
 * How to reach each VM: addresses, SSH port, login user and the key pair, from one VM listing per
 * connection (not one call per VM).
 */
export async function accessInfo(
  env: McisEnv,
  ref: McisRef,
  options: Pick<McisQueryOptions, "abortSignal"> = {},
): Promise<McisAccessInfo> {
  checkRef(ref);
  const head = await loadHead(env, ref);
  const vms = await env.store.vms(head);
  const infos = new Map<string, Pick<VmInfo, "publicIp" | "privateIp" | "sshAccessPoint" | "vmUserId">>();
  const live = new Map<string, Map<string, VmStatus>>();
  const reachable = vms.filter((vm) => vm.status !== "Terminated");
  for (const connection of new Set(reachable.filter((vm) => vm.cluster === undefined).map((vm) => vm.connection))) {
    try {
      const conn = await env.connection(connection);
      const statuses = new Map<string, VmStatus>();
      for await (const info of conn.vm.list(options.abortSignal ? { abortSignal: options.abortSignal } : {})) {
        infos.set(`${connection}/${info.iid.nameId}`, info);
        if (info.status) statuses.set(info.iid.nameId, info.status);
      }
      live.set(connection, statuses);
    } catch (error) {
      if (options.abortSignal?.aborted) throw error;
      env.logger.warn("could not list VMs", { connection, code: isBaristaError(error) ? error.code : "Unknown" });
    }
  }
  // Nodes of node groups, by cloud id, as the cloud's VM API sees them (where it does).
  for (const g of head.subGroups) {
    if (!g.nodeGroup || !reachable.some((vm) => vm.subGroup === g.name)) continue;
    try {
      const conn = await env.connection(g.connection);
      const readOptions = options.abortSignal ? { abortSignal: options.abortSignal } : {};
      for (const node of await conn.cluster.nodes(g.nodeGroup.cluster, g.name, readOptions))
        infos.set(`${g.connection}/node:${node.iid.systemId}`, node);
    } catch (error) {
      if (options.abortSignal?.aborted) throw error;
      env.logger.warn("could not read the nodes of a node group", {
        connection: g.connection,
        subGroup: g.name,
        code: isBaristaError(error) ? error.code : "Unknown",
      });
    }
  }
  return {
    namespace: head.namespace,
    name: head.name,
    subGroups: head.subGroups.map((g) => ({
      name: g.name,
      vms: vms
        .filter((vm) => vm.subGroup === g.name)
        .map((vm): VmAccessInfo => {
          const info = infos.get(
            vm.cluster === undefined ? `${vm.connection}/${vm.coreName}` : `${vm.connection}/node:${vm.systemId ?? ""}`,
          );
          const port = info?.sshAccessPoint?.split(":").pop();
          return {
            vmId: vm.id,
            subGroup: vm.subGroup,
            connection: vm.connection,
            status: withLiveStatus(vm, live).status,
            ...(info?.publicIp ? { publicIp: info.publicIp } : {}),
            ...(info?.privateIp ? { privateIp: info.privateIp } : {}),
            ...(port && /^\d+$/.test(port) ? { sshPort: Number(port) } : {}),
            ...(info?.vmUserId ? { user: info.vmUserId } : {}),
            keyPair: { connection: vm.connection, name: g.keyPairName },
          };
        }),
    })),
  };
}
