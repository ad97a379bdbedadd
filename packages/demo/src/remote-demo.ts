import { existsSync } from "node:fs";
import { collect } from "@cloud-barista/core";
import type { CloudBarista, Store } from "@cloud-barista/core";
import type { World } from "@cloud-barista/emulator";
import {
  createMcisService,
  isRemoteError,
  runCommand,
  storeHostKeys,
  targetsOf,
  waitForSsh,
} from "@cloud-barista/mcis";
import type { PinnedHostKey, RemoteCommand, RemoteOptions, RemoteTarget } from "@cloud-barista/mcis";
import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";

// The remote part of the demo: an MCIS with one VM per connection, each VM backed by a real OpenSSH
// server on loopback (the emulator maps the VM's made-up public IP to it), and commands run on every
// VM at once over SSH with their output shown per VM. Emulated VMs run nothing themselves, so
// without an sshd on this machine the part says why and skips.

export interface RemoteDemoOptions {
  readonly barista: CloudBarista;
  /** The emulator's world the connections' clouds live in (its `sshEndpoints` back the VMs). */
  readonly world: Pick<World, "sshEndpoints">;
  /** Where host keys are pinned (the demo's store). */
  readonly store: Store;
  readonly connections: readonly string[];
  /** The OpenSSH server looked for (default SSHD_PATH or /usr/sbin/sshd, as test-support's startSshd). */
  readonly sshdPath?: string;
}

const ref = { namespace: "demo", name: "remote" };

/** Runs one command on every target at once and prints each VM's output line by line. */
async function runEverywhere(
  targets: readonly RemoteTarget[],
  command: RemoteCommand,
  options: RemoteOptions,
  label: string,
): Promise<boolean> {
  console.log(`  $ ${label}   (on ${targets.length} VMs at once)`);
  const width = Math.max(...targets.map((t) => t.vmId.length));
  const partial = new Map<string, string>();
  const print = (vmId: string, line: string, stream: string) =>
    console.log(`    ${vmId.padEnd(width)} ${stream === "stderr" ? "! " : "| "}${line}`);
  let ok = true;
  for await (const event of runCommand(targets, command, { ...options, timeoutMs: 30_000 })) {
    if (event.type === "exit" || event.type === "error") {
      const rest = partial.get(event.vmId);
      if (rest) print(event.vmId, rest, "stdout");
      partial.delete(event.vmId);
      if (event.type === "exit") {
        if (event.code !== 0) ok = false;
        print(event.vmId, `exit ${event.code ?? event.signal} in ${event.durationMs.toFixed(0)} ms`, "stdout");
      } else {
        ok = false;
        const why = isRemoteError(event.error) ? event.error.remoteCode : event.error.code;
        print(event.vmId, `FAILED ${why}: ${event.error.message}`, "stderr");
      }
    } else {
      // Chunks may end inside a line: print whole lines, keep the rest per VM.
      const lines = `${partial.get(event.vmId) ?? ""}${event.chunk}`.split("\n");
      partial.set(event.vmId, lines.pop() ?? "");
      for (const line of lines) print(event.vmId, line, event.type);
    }
  }
  return ok;
}

/**
 * Provisions an MCIS with one small VM per connection, backs each VM with a loopback sshd, pins the
 * host keys in the store, runs `uname -sr` and `uptime` on every VM in parallel, and cleans up.
 */
export async function remoteDemo(options: RemoteDemoOptions): Promise<void> {
  const { barista, world, store, connections } = options;
  const sshdPath = options.sshdPath ?? process.env["SSHD_PATH"] ?? "/usr/sbin/sshd";
  console.log(`\nRemote commands on an MCIS over SSH`);
  if (!existsSync(sshdPath)) {
    console.log(
      `  skipped: no OpenSSH server at ${sshdPath} to stand in for the VMs (emulated VMs run nothing; Debian: apt-get install openssh-server)`,
    );
    return;
  }

  const mcis = createMcisService({ barista, statusPollMs: 1_000 });
  const subGroups = await Promise.all(
    connections.map(async (connection, i) => {
      const conn = await barista.connection(connection);
      const specs = (await collect(conn.metadata.specs())).filter(
        (s) => s.architecture === "x86_64" && s.gpus.length === 0,
      );
      const spec = specs.sort((a, b) => a.vcpu.count - b.vcpu.count || a.memorySizeMiB - b.memorySizeMiB)[0];
      if (!spec) throw new Error(`no x86_64 spec in ${connection}`);
      return { name: `r${i + 1}`, connection, spec: spec.name, image: "ubuntu 24.04", size: 1 };
    }),
  );
  const servers: Sshd[] = [];
  const mapped: string[] = [];
  let created = false;
  try {
    const info = await mcis.createDynamic({ ...ref, subGroups });
    created = true;
    console.log(
      `  MCIS ${ref.namespace}/${ref.name}: ${info.status}, one VM in each of ${connections.length} connections`,
    );
    const access = await mcis.accessInfo(ref);
    const vms = access.subGroups.flatMap((g) => g.vms);

    // The emulated cloud's key pair opens no real server: the stand-in servers let in a key made
    // for the demo, which the SDK gets as `privateKey` (it stores none).
    const key = sshKeyPair("cloud-barista-demo");
    servers.push(
      ...(await Promise.all(vms.map(() => startSshd({ authorizedKeys: [key.publicKey], logLevel: "QUIET" })))),
    );
    vms.forEach((vm, i) => {
      const server = servers[i];
      if (!server || vm.publicIp === undefined) return;
      world.sshEndpoints.set(vm.publicIp, { host: server.host, port: server.port });
      mapped.push(vm.publicIp);
    });
    const user = servers[0]?.user ?? "";
    console.log(
      `  ${servers.length} OpenSSH servers on loopback stand in for the VMs (the emulator maps each public IP to one); logging in as ${user}`,
    );

    // Log in as the servers' user, not the access info's "cb-user"; reach each VM's sshd through the mapping.
    const targets = targetsOf(access, { user, resolveEndpoint: world.sshEndpoints.resolveEndpoint });
    const remote: RemoteOptions = {
      privateKey: key.privateKey,
      hostKeys: storeHostKeys(store),
      concurrency: targets.length,
    };
    const ready = await waitForSsh(targets, { ...remote, deadlineMs: 30_000 });
    console.log(`  SSH answers on ${ready.filter((r) => r.ready).length}/${targets.length} VMs`);

    const pins = (await store.list("remote/hostkeys/")).map((e) => JSON.parse(e.value) as PinnedHostKey);
    console.log(`  host keys pinned in the store on first use: ${pins.length}, e.g.`);
    for (const pin of pins.slice(0, 2)) {
      console.log(`    ${pin.vmId} ${pin.host}:${pin.port} ${pin.algorithm} ${pin.fingerprint}`);
    }

    let ok = await runEverywhere(targets, ["uname", "-sr"], remote, "uname -sr");
    ok = (await runEverywhere(targets, ["uptime"], remote, "uptime")) && ok;
    if (!ok) process.exitCode = 1;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    for (const ip of mapped) world.sshEndpoints.delete(ip);
    if (created) {
      await mcis.delete(ref, { terminate: true });
      for (const connection of connections) await mcis.releaseDefaultNetwork(ref.namespace, connection);
    }
    console.log(`  ${servers.length} sshd servers stopped; MCIS deleted; default networks released`);
  }
}
