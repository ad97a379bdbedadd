import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collect, createCloudBarista, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { CloudBarista, Connection } from "@cloud-barista/core";
import { listFronts } from "@cloud-barista/emulator";
import { startEmulator } from "@cloud-barista/emulator/server";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { clusterDemo } from "./cluster-demo.js";
import { buildDemoCloud } from "./demo-cloud.js";
import { addEmulatedClouds, demoAccounts, hasDemoDriver } from "./emulated-clouds.js";
import { mcisDemo } from "./mcis-demo.js";
import { remoteDemo } from "./remote-demo.js";
import { monitorDemo } from "./monitor-demo.js";

// The README demo: one SDK instance, three regions of the emulator's mock cloud, and every emulated
// cloud the demo has a driver for (OpenStack, AWS, Azure, GCP, Alibaba, Tencent and IBM), reached over HTTP(S) through the emulator's
// fronts; a network, a key pair and two VMs in each (all in parallel), their statuses, a
// call-history summary, and a clean-up that deletes everything in dependency order.

const timeScale = 40; // emulator time runs 40x: a 40 s VM boot takes 1 s
const mockRegions = [
  { name: "seoul", region: "mock-seoul", zone: "mock-seoul-a", cidr: "10.10" },
  { name: "virginia", region: "mock-virginia", zone: "mock-virginia-a", cidr: "10.20" },
  { name: "frankfurt", region: "mock-frankfurt", zone: "mock-frankfurt-a", cidr: "10.30" },
];

const started = Date.now();
function say(where: string, message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`  [${seconds}s] ${where.padEnd(10)} ${message}`);
}

function table(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd());
}

async function statuses(conns: Connection[]): Promise<void> {
  const rows = [["connection", "VM", "status", "spec", "private IP", "public IP", "cloud id"]];
  for (const conn of conns) {
    const vms = (await collect(conn.vm.list())).sort((a, b) => a.iid.nameId.localeCompare(b.iid.nameId));
    for (const vm of vms) {
      const status = vm.status ?? (await conn.vm.getStatus(vm.iid.nameId));
      rows.push([
        conn.name,
        vm.iid.nameId,
        status,
        vm.specName,
        vm.privateIp ?? "-",
        vm.publicIp ?? "-",
        vm.iid.systemId,
      ]);
    }
  }
  table(rows);
}

async function historySummary(barista: CloudBarista): Promise<void> {
  const all = await barista.history.summarize();
  const byApi = await barista.history.summarize({ groupBy: "api" });
  console.log(
    `\nCall history: ${all.count} native API calls, ${all.errorCount} failed, p95 ${all.elapsedMs.p95.toFixed(1)} ms (wall)`,
  );
  const rows = [["API", "calls", "errors", "p50 ms", "p95 ms"]];
  const busiest = Object.entries(byApi).sort((a, b) => b[1].count - a[1].count);
  for (const [api, s] of busiest.slice(0, 12)) {
    rows.push([api, String(s.count), String(s.errorCount), s.elapsedMs.p50.toFixed(1), s.elapsedMs.p95.toFixed(1)]);
  }
  table(rows);
  if (busiest.length > 12) console.log(`  ... and ${busiest.length - 12} more APIs`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cloud-barista-demo-"));
  const clock = scaledClock(timeScale);
  const emulator = await startEmulator({
    clock,
    world: { latency: { baseMs: 120, jitterMs: 80 } },
    ...demoAccounts,
    fronts: (await listFronts()).filter(hasDemoDriver).map((f) => f.name),
  });
  const { world } = emulator;
  const store = await openSqliteStore({ path: join(dir, "demo.db"), clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  try {
    console.log(
      `Cloud-Barista demo: the emulator's mock cloud in 3 regions and emulated ${Object.keys(emulator.fronts).join(", ")} (emulated time runs ${timeScale}x)\n`,
    );
    barista.drivers.register(createMockDriver({ world }));
    await barista.credentials.add({ name: "demo-cred", provider: "MOCK", values: { mockName: "demo-tenant" } });
    const targets = [];
    for (const r of mockRegions) {
      await barista.regions.add({ name: r.name, provider: "MOCK", region: r.region, zone: r.zone });
      await barista.connections.add({ name: r.name, driver: "mock", credential: "demo-cred", region: r.name });
      say(r.name, `connection registered: MOCK ${r.region} / ${r.zone}`);
      targets.push({ connection: r.name, cidr: r.cidr });
    }
    for (const [i, front] of (await addEmulatedClouds(barista, Object.values(emulator.fronts))).entries()) {
      const where = `${front.region}${front.zone === undefined ? "" : ` / ${front.zone}`}`;
      say(
        front.name,
        `connection registered: ${front.provider} ${where}, over ${front.endpoint.startsWith("https:") ? "HTTPS" : "HTTP"} to the emulator's ${front.name} front`,
      );
      targets.push({ connection: front.name, cidr: `10.${40 + 10 * i}` });
    }

    await Promise.all(targets.map((t) => buildDemoCloud(barista, t.connection, t.cidr, say)));
    const conns = await Promise.all(targets.map((t) => barista.connection(t.connection)));

    console.log("\nVM status");
    await statuses(conns);

    await Promise.all(
      conns.map(async (conn) => {
        await conn.vm.suspend("web-2");
        say(conn.name, "web-2 suspended");
      }),
    );
    console.log("\nVM status after suspending web-2 everywhere");
    await statuses(conns);

    // One service over several clouds: an MCIS across every connection, with default networks.
    await mcisDemo(
      barista,
      targets.map((t) => t.connection),
    );

    // Kubernetes next to it: a small provider-managed cluster in the first mock region.
    const k8s = targets.find((t) => conns.find((c) => c.name === t.connection)?.capabilities.handlers.cluster);
    if (k8s) await clusterDemo(barista, k8s.connection);

    // Commands over real SSH on an MCIS whose VMs loopback sshd servers stand in for.
    await remoteDemo({ barista, world, store, connections: targets.map((t) => t.connection) });
    // Monitoring: an MCIS in the mock regions whose emulated VMs report metrics to a collector.
    await monitorDemo(barista, {
      world,
      clock,
      places: Object.fromEntries(
        mockRegions.map((r) => [r.name, { provider: "MOCK", account: "demo-tenant", region: r.region }]),
      ),
    });

    console.log("\nClean-up");
    await Promise.all(
      conns.map(async (conn) => {
        const report = await conn.destroyAll();
        const deleted = report.byType
          .filter((t) => t.deleted.length > 0)
          .map((t) => `${t.resourceType} ${t.deleted.length}`);
        const left = report.byType.flatMap((t) => t.remaining.map((r) => `${t.resourceType}/${r.name}: ${r.error}`));
        say(conn.name, `deleted ${deleted.join(", ")}${left.length ? `; LEFT: ${left.join("; ")}` : "; nothing left"}`);
        if (!report.allDestroyed) process.exitCode = 1;
      }),
    );

    await historySummary(barista);
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s; locks held now: ${barista.lock.size}.`);
  } finally {
    await barista.close();
    await emulator.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
