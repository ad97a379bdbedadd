import { collect } from "@cloud-barista/core";
import type { CloudBarista } from "@cloud-barista/core";
import { createMcisService, trackProgress } from "@cloud-barista/mcis";
import type { McisInfo, McisProgressEvent } from "@cloud-barista/mcis";

// The MCIS part of the demo: one MCIS over the given connections, with a live progress bar, its
// status, a suspend and resume, and a clean-up that leaves nothing behind.

function bar(e: McisProgressEvent): string {
  const width = 20;
  const filled = Math.round(((e.done + e.failed) / Math.max(1, e.total)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(e.done + e.failed).padStart(3)}/${e.total}`;
}

function show(info: McisInfo): void {
  console.log(`  MCIS ${info.namespace}/${info.name}: ${info.status}`);
  for (const vm of info.vms) {
    const where = `${vm.connection}${vm.zone ? `/${vm.zone}` : ""}`;
    console.log(
      `    ${vm.id.padEnd(8)} ${vm.status.padEnd(10)} ${where.padEnd(28)} ${vm.reason ? `${vm.reason.code}: ${vm.reason.message}` : ""}`.trimEnd(),
    );
  }
}

/** Runs an MCIS operation, drawing a progress line per VM event. */
async function withBar<T>(label: string, run: (onProgress: (e: McisProgressEvent) => void) => Promise<T>): Promise<T> {
  const op = trackProgress(run);
  for await (const e of op.events) {
    if (e.type === "requested") continue;
    console.log(
      `  ${label.padEnd(8)} ${bar(e)}  ${e.vmId.padEnd(8)} ${e.type}${e.reason ? ` (${e.reason.code})` : ""}`,
    );
  }
  return op.result;
}

/**
 * Provisions an MCIS with one sub-group of two small Ubuntu VMs per connection (specs picked from
 * each catalog, default networks made on demand), then shows, suspends, resumes and deletes it.
 * The MCIS records live in the SDK instance's store, under "mcis/".
 */
export async function mcisDemo(barista: CloudBarista, connections: string[]): Promise<void> {
  const mcis = createMcisService({ barista, statusPollMs: 1_000 });
  const ref = { namespace: "demo", name: "fleet" };
  const subGroups = await Promise.all(
    connections.map(async (connection, i) => {
      const conn = await barista.connection(connection);
      const specs = (await collect(conn.metadata.specs())).filter(
        (s) => s.architecture === "x86_64" && s.gpus.length === 0,
      );
      const spec = specs.sort((a, b) => a.vcpu.count - b.vcpu.count || a.memorySizeMiB - b.memorySizeMiB)[0];
      if (!spec) throw new Error(`no x86_64 spec in ${connection}`);
      return { name: `g${i + 1}`, connection, spec: spec.name, image: "ubuntu 24.04", size: 2 };
    }),
  );

  console.log(`\nMCIS: ${subGroups.length * 2} VMs over ${connections.join(", ")}`);
  const info = await withBar("create", (onProgress) => mcis.createDynamic({ ...ref, subGroups }, { onProgress }));
  show(info);
  const access = await mcis.accessInfo(ref);
  const first = access.subGroups[0]?.vms[0];
  if (first)
    console.log(
      `  ssh ${first.user ?? "?"}@${first.publicIp ?? first.privateIp ?? "?"} -p ${first.sshPort ?? 22} (key pair ${first.keyPair.name} in ${first.keyPair.connection})`,
    );

  await withBar("suspend", (onProgress) => mcis.suspend(ref, { onProgress }));
  console.log(`  after suspend: ${(await mcis.status(ref)).status}`);
  await withBar("resume", (onProgress) => mcis.resume(ref, { onProgress }));
  console.log(`  after resume:  ${(await mcis.status(ref)).status}`);

  await withBar("delete", (onProgress) => mcis.delete(ref, { terminate: true, onProgress }));
  for (const connection of connections) await mcis.releaseDefaultNetwork(ref.namespace, connection);
  console.log(`  MCIS deleted; default networks released in ${connections.length} connection(s)`);
}
