import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sshKeyPair, startSshd } from "@cloud-barista/test-support";
import type { Sshd } from "@cloud-barista/test-support";
import { afterEach, describe, expect, it } from "vitest";
import {
  estimatedPerformance,
  loadCatalog,
  measuredPerformance,
  measuredRtt,
  rankOffers,
  readPerformanceRecords,
} from "../../src/index.js";
import type { PerformanceSource } from "../../src/index.js";
import { evaluatePerformance, evaluationTargets } from "../../src/remote/evaluate/index.js";
import { storeHostKeys } from "../../src/remote/host-keys.js";
import { group, mcisFixture } from "../support.js";

// Real OpenSSH servers on loopback stand in for the VMs of an emulated MCIS (the emulator maps each
// VM's public IP to its sshd); the SDK's evaluation script runs on each over SSH.

const ref = { namespace: "ns1", name: "bench" };
const key = sshKeyPair("evaluate-test");
// Small enough for a test, large enough that every timed step takes measurable time.
const workload = { cpuOps: 5_000, memoryMB: 64, fileMB: 4, dbTransactions: 5, pingCount: 1 };
const cleanups: (() => Promise<void> | void)[] = [];
/** How the VMs without a fake sysbench measure CPU: with this machine's sysbench if it has one. */
const hasSysbench = execFileSync("sh", ["-c", "command -v sysbench || true"], { encoding: "utf8" }).trim() !== "";
const realCpu = hasSysbench ? { method: "sysbench-cpu", unit: "events/s" } : { method: "cpu-loop", unit: "ops/s" };
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A directory whose `sysbench` prints sysbench 1.0's cpu report with the given events per second. */
function slowSysbench(eventsPerSecond: string): string {
  const dir = mkdtempSync(join(tmpdir(), "cb-eval-bin-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const report = ["sysbench 1.0.20", "", "CPU speed:", `    events per second:   ${eventsPerSecond}`, ""].join("\n");
  writeFileSync(join(dir, "sysbench"), `#!/bin/sh\nprintf '%s\\n' '${report}'\n`);
  chmodSync(join(dir, "sysbench"), 0o755);
  return dir;
}

async function sshd(extraConfig: string[] = []): Promise<Sshd> {
  const server = await startSshd({ authorizedKeys: [key.publicKey], extraConfig });
  cleanups.push(() => server.close());
  return server;
}

async function rankSeoul(barista: Parameters<typeof loadCatalog>[0], performance: PerformanceSource) {
  const catalog = await loadCatalog(barista, { connections: ["seoul"], performance });
  const offers = catalog.offers.filter((o) => o.specName === "mock-large" || o.specName === "mock-small");
  return rankOffers(offers, { priorities: [{ metric: "performance" }] }).results;
}

describe("performance evaluation on an emulated MCIS backed by real sshd", () => {
  it("measures each VM over SSH, stores the figures per spec and region, and they reorder a placement ranking", async () => {
    const { mcis, world, store, barista } = await mcisFixture();
    await mcis.create({
      ...ref,
      subGroups: [group("big", "seoul", 1, { specName: "mock-large" }), group("small", "seoul", 2)],
    });
    const access = await mcis.accessInfo(ref);
    // The 8-vCPU VM's sshd finds a sysbench that reports a very slow CPU (10 events/s: a hundredth
    // of the reference vCPU); the 2-vCPU VMs run the portable shell loop for real.
    const slowBin = slowSysbench("10.00");
    let user = "";
    for (const vm of access.subGroups.flatMap((g) => g.vms)) {
      const server = await sshd(vm.subGroup === "big" ? [`SetEnv PATH=${slowBin}:/usr/bin:/bin`] : []);
      user = server.user;
      world.sshEndpoints.set(vm.publicIp ?? "", { host: server.host, port: server.port });
    }
    const targets = await evaluationTargets(await mcis.get(ref), access, (name) => barista.connection(name), {
      // The login user the test's sshd servers accept (the emulator says "cb-user").
      user,
      resolveEndpoint: world.sshEndpoints.resolveEndpoint,
    });
    expect(targets.map((t) => [t.target.vmId, t.spec.specName, t.spec.region])).toEqual([
      ["big-1", "mock-large", "mock-seoul"],
      ["small-1", "mock-small", "mock-seoul"],
      ["small-2", "mock-small", "mock-seoul"],
    ]);

    // Before any evaluation: estimated from the specs, 8 vCPUs beat 2.
    const estimated = await rankSeoul(barista, await measuredPerformance(store));
    expect(estimated.map((r) => r.offer.specName)).toEqual(["mock-large", "mock-small"]);
    expect(estimated.map((r) => r.explanation)).toEqual([
      "performance 282.8 (best; estimated from spec)",
      "performance 141.4 (2nd best; estimated from spec)",
    ]);

    const report = await evaluatePerformance(targets, {
      store,
      privateKey: key.privateKey,
      hostKeys: storeHostKeys(store),
      workload,
    });
    expect(report.failed).toEqual([]);
    expect(report.ok).toEqual(["big-1", "small-1", "small-2"]);
    const big = report.vms[0]?.output;
    expect(big?.measurements.find((m) => m.metric === "cpu")).toEqual({
      metric: "cpu",
      value: 10,
      unit: "events/s",
      method: "sysbench-cpu",
    });
    for (const vm of report.vms) {
      // Every metric is measured or skipped with a reason, so is each peer's RTT.
      const said = [
        ...(vm.output?.measurements.map((m) => m.metric) ?? []),
        ...(vm.output?.skipped.map((s) => s.what) ?? []),
      ];
      expect(said).toEqual(expect.arrayContaining(["cpu", "memory", "fileio-write", "fileio-read", "db"]));
      expect(vm.output?.skipped.every((s) => s.reason.length > 0)).toBe(true);
    }

    // Stored per (provider, region, spec) and metric, with unit, method, time and sample count.
    const stored = await readPerformanceRecords(store);
    const cpu = stored.figures.filter((f) => f.metric === "cpu");
    expect(cpu.map((f) => [f.spec.specName, f.method, f.unit, f.samples])).toEqual([
      ["mock-large", "sysbench-cpu", "events/s", 1],
      ["mock-small", realCpu.method, realCpu.unit, 2],
    ]);
    expect(cpu.every((f) => f.spec.provider === "MOCK" && f.spec.region === "mock-seoul")).toBe(true);
    expect(cpu.every((f) => Date.now() - f.measuredAt.getTime() < 600_000)).toBe(true);

    // Measured figures take precedence: the slow 8-vCPU spec now ranks below the 2-vCPU one.
    const measured = await rankSeoul(barista, await measuredPerformance(store));
    expect(measured.map((r) => r.offer.specName)).toEqual(["mock-small", "mock-large"]);
    const day = cpu[0]?.measuredAt.toISOString().slice(0, 10) ?? "";
    expect(measured[0]?.explanation).toMatch(
      new RegExp(`^performance [0-9.]+ \\(best; measured ${day} by ${realCpu.method}, dd-zero`),
    );
    expect(measured[1]?.explanation).toMatch(new RegExp(`\\(2nd best; measured ${day} by sysbench-cpu, dd-zero`));
    // Specs nobody measured keep their estimate, and say so.
    const medium = (
      await loadCatalog(barista, { connections: ["seoul"], performance: await measuredPerformance(store) })
    ).offers.find((o) => o.specName === "mock-medium");
    expect(medium?.performanceProvenance).toBe("estimated from spec");
    expect(medium?.performance).toBeCloseTo(
      estimatedPerformance()({ provider: "MOCK", region: "mock-seoul", specName: "mock-medium", vcpus: 4 }) ?? 0,
      9,
    );

    // Where ping exists the matrix is stored as region-to-region RTTs; where not, each VM said why.
    const rtts = await measuredRtt(store);
    const pinged = report.vms.some((vm) => (vm.output?.rtts.length ?? 0) > 0);
    if (pinged) expect(rtts).toEqual([expect.objectContaining({ from: "mock-seoul", region: "mock-seoul" })]);
    else {
      expect(rtts).toEqual([]);
      // No ping, or one the sandbox forbids raw sockets.
      expect(report.vms[0]?.output?.skipped).toContainEqual({
        what: "rtt:small-1",
        reason: expect.stringMatching(/^(ping not installed|no reply from 127\.0\.0\.1)$/),
      });
    }
  });

  it("reports an unreachable VM and one printing garbage without storing anything of theirs, and keeps the rest", async () => {
    const { mcis, world, store, barista } = await mcisFixture();
    await mcis.create({
      ...ref,
      subGroups: [group("g", "seoul", 1), group("h", "virginia", 1), group("k", "frankfurt", 1)],
    });
    const access = await mcis.accessInfo(ref);
    const [good, garbage, gone] = access.subGroups.flatMap((g) => g.vms);
    const fakeShell = mkdtempSync(join(tmpdir(), "cb-eval-bin-"));
    cleanups.push(() => rmSync(fakeShell, { recursive: true, force: true }));
    // A "VM" whose sh prints a welcome banner and half a report, as a broken image might.
    writeFileSync(join(fakeShell, "sh"), "#!/bin/sh\necho 'cb-eval 1'\necho 'result cpu 12'\n");
    chmodSync(join(fakeShell, "sh"), 0o755);
    const a = await sshd();
    const b = await sshd([`SetEnv PATH=${fakeShell}:/usr/bin:/bin`]);
    const c = await sshd();
    await c.close();
    world.sshEndpoints.set(good?.publicIp ?? "", { host: a.host, port: a.port });
    world.sshEndpoints.set(garbage?.publicIp ?? "", { host: b.host, port: b.port });
    world.sshEndpoints.set(gone?.publicIp ?? "", { host: c.host, port: c.port });
    const targets = await evaluationTargets(await mcis.get(ref), access, (name) => barista.connection(name), {
      user: a.user,
      resolveEndpoint: world.sshEndpoints.resolveEndpoint,
    });
    const report = await evaluatePerformance(targets, { store, privateKey: key.privateKey, workload, rtt: false });
    expect(report.ok).toEqual(["g-1"]);
    expect(report.failed).toEqual(["h-1", "k-1"]);
    expect(report.vms[1]?.error).toMatchObject({ code: "ProviderError", problem: "truncated" });
    expect(report.vms[2]?.error).toMatchObject({ remoteCode: "Unreachable" });
    const stored = await readPerformanceRecords(store);
    expect(new Set(stored.figures.map((f) => f.spec.region))).toEqual(new Set(["mock-seoul"]));
  });
});
