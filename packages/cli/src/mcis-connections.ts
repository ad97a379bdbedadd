import type { Store } from "@cloud-barista/core";

// The MCIS layer's record of an MCIS (mcis/head/<namespace>/<name>) names each sub-group's
// connection. Reading it directly tells which drivers an operation on the MCIS needs before any
// is loaded: vendor SDKs take seconds each, and a profile may have eight.

function connectionsOf(value: string): string[] {
  const record = JSON.parse(value) as { subGroups?: { connection?: unknown }[] };
  return (record.subGroups ?? []).flatMap((g) => (typeof g.connection === "string" ? [g.connection] : []));
}

/** The connections of one MCIS (none when it is not recorded: the operation then says NotFound). */
export async function mcisConnections(store: Store, namespace: string, name: string): Promise<string[]> {
  const entry = await store.get(`mcis/head/${namespace}/${name}`);
  return entry === undefined ? [] : [...new Set(connectionsOf(entry.value))];
}

/** The connections of every MCIS of a namespace. */
export async function namespaceConnections(store: Store, namespace: string): Promise<string[]> {
  const entries = await store.list(`mcis/head/${namespace}/`);
  return [...new Set(entries.flatMap((e) => connectionsOf(e.value)))];
}
