import { isBaristaError } from "@cloud-barista/core";
import { tagKeys } from "../model/ids.js";
import type { McisEnv } from "../env/env.js";

/** A cloud VM tagged as an MCIS VM that no MCIS record tracks. */
export interface Orphan {
  connection: string;
  coreName: string;
  mcis: string;
  vm: string;
}

/** Core VM names the namespace's MCIS records know, as "<connection>/<coreName>", and their connections. */
async function tracked(env: McisEnv, namespace: string): Promise<{ known: Set<string>; connections: Set<string> }> {
  const known = new Set<string>();
  const connections = new Set<string>((await env.store.networks(namespace)).map((n) => n.connection));
  for (const head of await env.store.heads(namespace)) {
    for (const g of head.subGroups) connections.add(g.connection);
    for (const vm of await env.store.vms(head)) {
      known.add(`${vm.connection}/${vm.coreName}`);
      connections.add(vm.connection);
    }
  }
  return { known, connections };
}

/**
 * Finds VMs that core tracks and that carry a namespace's MCIS tags, but that no MCIS VM record
 * names, and terminates them. The engine writes a VM's record before asking the cloud and drops it
 * only after the VM is gone, so orphans come from outside (a restored store, records removed by
 * hand); the sweep makes sure nothing of the namespace runs untracked.
 */
export async function sweepOrphans(env: McisEnv, namespace: string, abortSignal?: AbortSignal): Promise<Orphan[]> {
  const options = abortSignal ? { abortSignal } : {};
  const candidates: Orphan[] = [];
  for (const connection of (await tracked(env, namespace)).connections) {
    try {
      const conn = await env.connection(connection);
      for await (const vm of conn.vm.list(options)) {
        const tags = vm.tags ?? {};
        if (tags[tagKeys.namespace] !== namespace || tags[tagKeys.mcis] === undefined) continue;
        candidates.push({
          connection,
          coreName: vm.iid.nameId,
          mcis: tags[tagKeys.mcis] ?? "",
          vm: tags[tagKeys.vm] ?? "",
        });
      }
    } catch (error) {
      if (abortSignal?.aborted) throw error;
      env.logger.warn("orphan sweep could not list VMs", {
        connection,
        code: isBaristaError(error) ? error.code : "Unknown",
      });
    }
  }
  // Records are read after the listing: a create that began meanwhile wrote its record before its
  // VM could exist, so it is seen here and its VM is not mistaken for an orphan.
  const { known } = await tracked(env, namespace);
  const orphans = candidates.filter((c) => !known.has(`${c.connection}/${c.coreName}`));
  for (const orphan of orphans) {
    const conn = await env.connection(orphan.connection);
    try {
      await conn.vm.delete(orphan.coreName, options);
    } catch (error) {
      if (!isBaristaError(error, "NotFound")) throw error;
    }
  }
  return orphans;
}
