import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MemoryStore } from "@cloud-barista/core";
import { storeHostKeys } from "@cloud-barista/mcis";
import {
  agentBundle,
  agentPackageDir,
  installAgent,
  openEmbeddedStore,
  startCollector,
  stopAgent,
} from "@cloud-barista/monitor";
import type { AgentlessVm, Collector, EmbeddedStore } from "@cloud-barista/monitor";
import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, until } from "./support/helpers.js";

// Two real sshd servers stand in for two VMs. The installer uploads the built agent over SFTP,
// starts it detached through the SSH session and checks /healthz from the "VM"; the agents then
// push this machine's /proc to a real collector. Both "VMs" are this machine, so each gets its own
// directory and port; the node on their PATH is this test's.
const clientKey = sshKeyPair("cb-monitor-install");
const token = "install-test-token";

describe("agent install over SSH", () => {
  let servers: Sshd[];
  let store: EmbeddedStore;
  let collector: Collector;
  let base: { dir: string; remove: () => void };
  let vms: AgentlessVm[];
  const ssh = { privateKey: clientKey.privateKey, hostKeys: storeHostKeys(new MemoryStore()) };
  const dir = (vm: AgentlessVm): string => join(base.dir, vm.target.vmId);

  beforeAll(async () => {
    const agentDir = agentPackageDir();
    if (!existsSync(join(agentDir, "dist/src/cli.js")))
      execFileSync(process.execPath, [join(agentDir, "../../node_modules/typescript/bin/tsc"), "-b", agentDir]);
    servers = await Promise.all([1, 2].map(() => startSshd({ authorizedKeys: [clientKey.publicKey] })));
    base = tempDir("cb-monitor-install-");
    store = await openEmbeddedStore({ dir: join(base.dir, "store"), maintenanceIntervalMs: 0 });
    collector = await startCollector({ store, token });
    vms = servers.map((s, i) => ({
      target: { vmId: `g1-${i + 1}`, host: s.host, port: s.port, user: s.user },
      tags: {
        ns: "ns1",
        mcis: "web",
        subgroup: "g1",
        vm: `g1-${i + 1}`,
        provider: "MOCK",
        region: "mock-seoul",
        team: "a b",
      },
    }));
  }, 120_000);
  afterAll(async () => {
    await stopAgent(vms, { ssh, dir }).catch(() => undefined); // the agents are our processes: end them
    await collector.close();
    await store.close();
    await Promise.all(servers.map((s) => s.close()));
    base.remove();
  });

  it("uploads, starts and health-checks the agent on each VM; the agents push with their identity tags", async () => {
    const ports = new Map<string, number>();
    const results = await installAgent(vms, {
      ssh,
      dir,
      node: process.execPath,
      pushUrl: collector.url,
      token,
      interval: "500ms",
      // Not at boot: on a CI machine with systemd and sudo that would install a real unit
      // (boot.sh is tested against stand-ins in src/install/boot.test.ts).
      boot: false,
      listen: (vm) => {
        const port = 20_000 + Math.floor(Math.random() * 20_000);
        ports.set(vm.target.vmId, port);
        return `127.0.0.1:${port}`;
      },
    });
    for (const r of results) {
      expect(r, `${r.vmId}: ${String(r.error)}`).toMatchObject({ ok: true, boot: "none", health: { status: "ok" } });
      expect(r.pid).toBeGreaterThan(1);
    }
    // the token reached the VM as a file only it can read, and is on no command line
    const tokenFile = join(dir(vms[0]!), "token");
    expect(readFileSync(tokenFile, "utf8").trim()).toBe(token);
    expect(execFileSync("stat", ["-c", "%a", tokenFile], { encoding: "utf8" }).trim()).toBe("600");
    const cmdline = readFileSync(`/proc/${results[0]!.pid}/cmdline`, "utf8");
    expect(cmdline).toContain("dist/src/cli.js");
    expect(cmdline).not.toContain(token);

    await until(() => ["g1-1", "g1-2"].every((vm) => store.latest("cpu").some((s) => s.tags.vm === vm)), 30_000);
    for (const s of store.latest("mem"))
      expect(s.tags).toMatchObject({ ns: "ns1", mcis: "web", subgroup: "g1", provider: "MOCK", team: "a b" });
    // pull works too, with the token
    const port = ports.get("g1-2");
    const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await metrics.text()).toMatch(/cb_mem_total\{[^}]*vm="g1-2"/);

    // A second install replaces the running agent (one process per VM, not two).
    const again = await installAgent([vms[0]!], {
      ssh,
      dir,
      node: process.execPath,
      pushUrl: collector.url,
      token,
      boot: false,
    });
    expect(again[0]).toMatchObject({ ok: true });
    expect(again[0]?.pid).not.toBe(results[0]?.pid);
    expect(existsSync(`/proc/${results[0]!.pid}`)).toBe(false);

    // Stopping ends the processes.
    const stopped = await stopAgent(vms, { ssh, dir });
    expect(stopped.every((r) => r.ok)).toBe(true);
    for (const pid of [again[0]?.pid, results[1]?.pid]) expect(existsSync(`/proc/${pid}`)).toBe(false);
  }, 120_000);

  it("reports a VM it cannot reach, an agent that does not start, and an unbuilt agent", async () => {
    const dead: AgentlessVm = { target: { vmId: "gone", host: "127.0.0.1", port: 1, user: "x" }, tags: {} };
    const [unreachable, badNode] = await installAgent([dead, vms[0]!], {
      ssh,
      dir,
      node: "/nonexistent/node",
      pushUrl: collector.url,
      boot: false,
      startTimeoutMs: 3_000,
    });
    expect(unreachable).toMatchObject({ vmId: "gone", ok: false, error: { remoteCode: "Unreachable" } });
    expect(badNode).toMatchObject({ vmId: "g1-1", ok: false });
    expect(badNode?.error?.message).toMatch(/did not start|exited/);
    expect(() => agentBundle(base.dir)).toThrow(/not built/);
  }, 60_000);
});
