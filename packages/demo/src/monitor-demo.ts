import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collect } from "@cloud-barista/core";
import type { CloudBarista, Clock } from "@cloud-barista/core";
import { VmMetrics } from "@cloud-barista/emulator";
import type { World } from "@cloud-barista/emulator";
import { createMcisService } from "@cloud-barista/mcis";
import type { McisRef } from "@cloud-barista/mcis";
import { emulatedFleetSource, mcisFleet, openEmbeddedStore, pushSink, startCollector } from "@cloud-barista/monitor";
import type { EmbeddedStore, FleetVm, VmPlace } from "@cloud-barista/monitor";

// The monitoring part of the demo: an MCIS whose emulated VMs report metrics (the emulator's
// VmMetrics, as agents would) through a real collector into the embedded store; then a table per
// VM with its latest cpu, memory, disk and network figures and a CPU sparkline, one VM suspended
// midway to show that a silent VM is stale, not zero.

const intervalMs = 2_000;
const sparkStepMs = 10_000;
const bars = "▁▂▃▄▅▆▇█";

function sparkline(values: readonly (number | undefined)[]): string {
  return values.map((v) => (v === undefined ? " " : (bars[Math.min(7, Math.floor((v / 100) * 8))] ?? " "))).join("");
}

const fmt = (v: number | undefined, digits = 1): string => (v === undefined ? "-" : v.toFixed(digits));

function table(rows: string[][]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length))) ?? [];
  for (const row of rows)
    console.log(
      `  ${row.map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - [...cell].length)).join("  ")}`.trimEnd(),
    );
}

/** The per-VM table: latest values from the store, rates and the sparkline from queries. */
function report(store: EmbeddedStore, ref: McisRef, fleet: readonly FleetVm[], from: number, now: number): void {
  const latest = (measurement: string, vm: string) =>
    store.latest(measurement).find((s) => s.tags.vm === vm && s.tags.ns === ref.namespace && s.tags.mcis === ref.name);
  const series = (vm: string, measurement: string, field: string, stepMs: number, start: number) => {
    const answer = store.query({
      target: { ...ref, vm },
      measurement,
      field,
      statistic: "avg",
      from: start,
      to: now + 1,
      stepMs,
    });
    const points = new Map((answer.series[0]?.points ?? []).map(([t, v]) => [t, v]));
    return Array.from({ length: Math.ceil((now + 1 - start) / stepMs) }, (_, i) => points.get(start + i * stepMs));
  };
  const rows = [
    ["VM", "host", "state", "cpu %", "mem %", "disk %", "load1", "net rx KB/s", "net tx KB/s", "cpu (10 s steps)"],
  ];
  for (const vm of fleet) {
    const id = vm.tags.vm ?? "?";
    const cpu = latest("cpu", id);
    const recent = now - 30_000;
    const rx = series(id, "net", "bytes_recv", now + 1 - recent, recent)[0]; // one bucket: the last 30 s
    const tx = series(id, "net", "bytes_sent", now + 1 - recent, recent)[0];
    const busy = series(id, "cpu", "usage_idle", sparkStepMs, from).map((idle) =>
      idle === undefined ? undefined : 100 - idle,
    );
    rows.push([
      id,
      vm.tags.host ?? "-",
      cpu === undefined ? "no data" : cpu.stale ? "STALE" : "fresh",
      fmt(cpu === undefined ? undefined : 100 - (cpu.fields.usage_idle ?? 100)),
      fmt(latest("mem", id)?.fields.used_percent),
      fmt(latest("disk", id)?.fields.used_percent),
      fmt(latest("system", id)?.fields.load1, 2),
      fmt(rx === undefined ? undefined : rx / 1024),
      fmt(tx === undefined ? undefined : tx / 1024),
      sparkline(busy),
    ]);
  }
  table(rows);
}

export interface MonitorDemoOptions {
  readonly world: World;
  readonly clock: Clock;
  /** Where each connection's VMs live in the world (provider, account, region). */
  readonly places: Readonly<Record<string, VmPlace>>;
  /** Emulated time of metrics before and after one VM is suspended (default 2 and 1 minutes). */
  readonly runMs?: number;
  readonly afterSuspendMs?: number;
}

/**
 * Provisions an MCIS with a sub-group of two VMs per connection, monitors it through a collector
 * (emulated VM metrics pushed every 2 s of emulated time), prints the per-VM table, suspends one
 * VM, prints it again (that VM stale), and deletes the MCIS.
 */
export async function monitorDemo(barista: CloudBarista, options: MonitorDemoOptions): Promise<void> {
  const { clock, world } = options;
  const connections = Object.keys(options.places);
  const mcis = createMcisService({ barista, statusPollMs: 1_000 });
  const ref = { namespace: "demo", name: "watched" };
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
  console.log(
    `\nMonitoring: MCIS ${ref.namespace}/${ref.name}, ${subGroups.length * 2} VMs over ${connections.join(", ")}`,
  );
  await mcis.createDynamic({ ...ref, subGroups });

  const dir = mkdtempSync(join(tmpdir(), "cloud-barista-monitor-demo-"));
  const store = await openEmbeddedStore({ dir, clock, maintenanceIntervalMs: 0 });
  const collector = await startCollector({ store, clock, token: "demo-token" });
  let fleet: FleetVm[] = [];
  const source = emulatedFleetSource({
    metrics: new VmMetrics(world),
    vms: async () =>
      (fleet = mcisFleet(await mcis.get(ref, { refresh: false }), (vm) => options.places[vm.connection])),
    sink: pushSink({ url: collector.url, token: "demo-token" }),
    clock,
    start: false,
  });
  // The demo steps the fleet itself, one write per 2 s of emulated time (a virtual clock in tests).
  const run = async (ms: number): Promise<void> => {
    for (const end = clock.now() + ms; clock.now() < end;) {
      await source.tick();
      await clock.sleep(intervalMs);
    }
  };
  try {
    const from = Math.floor(clock.now() / sparkStepMs) * sparkStepMs;
    await run(options.runMs ?? 120_000);
    console.log(`  collector ${collector.url}: after ${((clock.now() - from) / 1000).toFixed(0)} s of emulated time`);
    report(store, ref, fleet, from, clock.now());

    const quiet = fleet[1]?.tags.vm;
    if (quiet) {
      // the other VMs keep reporting while the suspend runs, and for a while after
      let suspending = true;
      const suspended = mcis.suspend({ ...ref, vm: quiet }).finally(() => (suspending = false));
      while (suspending) await run(intervalMs);
      await suspended;
      await run(options.afterSuspendMs ?? 60_000);
      console.log(`  after suspending ${quiet} (it reports nothing: stale, not zero)`);
      report(store, ref, fleet, from, clock.now());
    }
    const stats = collector.stats();
    console.log(
      `  ${stats.writes} writes, ${stats.samplesWritten} samples acknowledged, ${stats.malformedLines} malformed; ${store.stats().series} series in the store`,
    );
  } finally {
    await source.stop();
    await collector.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await mcis.delete(ref, { terminate: true });
    for (const connection of connections) await mcis.releaseDefaultNetwork(ref.namespace, connection);
  }
}
