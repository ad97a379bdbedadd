import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCloudBarista, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { Clock, Store } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";
import { openEtcdStore } from "@cloud-barista/store-etcd";
import { startEtcd } from "@cloud-barista/store-etcd/testing";
import type { EtcdServer } from "@cloud-barista/store-etcd/testing";
import { startChaosChild } from "./child-process.js";
import { checkCloud } from "./faults/cloud-check.js";
import type { CloudFindings } from "./faults/cloud-check.js";
import { account, registerFleet, regions } from "./kill/fleet.js";
import type { ChaosPart, PartOptions, PartResult } from "./part.js";
import type { ProcessChildArgs, ProcessChildReport } from "./processes/child.js";
import type { Reporter } from "./report.js";

// The processes part: several OS processes, each an SDK instance, share one store (an SQLite file;
// an etcd) and one cloud, and create and delete the same few names at once: VMs on a security
// group that a sibling may be deleting, security groups, key pairs, subnets of a shared VPC. Once
// they are done and reconcile has settled what is pending, no name may have two resources in the
// cloud, nothing in the cloud may be untracked and nothing tracked may be missing.

const part = "processes";
const scale = 50;
const pendingSettleMs = 20_000;
const leaseTtlMs = 2_000;
const timing = { vmBootMs: 2_000, vmTerminateMs: 1_000, jitterRatio: 0 };

export interface ProcessRunOptions {
  store: "sqlite" | "etcd";
  processes: number;
  rounds: number;
  names: string[];
  seed: number;
}

export interface ProcessRunOutcome extends CloudFindings {
  operations: number;
  succeeded: number;
  errors: Record<string, number>;
  untyped: string[];
  /** Children that did not end with their report (crashed, or failed to start). */
  broken: string[];
}

export async function processRun(options: ProcessRunOptions, etcd?: EtcdServer): Promise<ProcessRunOutcome> {
  const clockOriginMs = Date.now();
  const clock: Clock = scaledClock(scale, clockOriginMs);
  const world = new World({ clock, timing, seed: options.seed, rateLimits: false });
  const front = await startMockFront({ world });
  const dir = mkdtempSync(join(tmpdir(), "chaos-processes-"));
  const encryptionKey = randomBytes(32);
  const storeArgs: ProcessChildArgs["store"] =
    options.store === "sqlite"
      ? { kind: "sqlite", path: join(dir, "shared.db") }
      : {
          kind: "etcd",
          endpoints: [etcd?.endpoint ?? ""],
          prefix: `chaos-processes/${randomBytes(4).toString("hex")}/`,
        };
  const openStore = (): Promise<Store> =>
    storeArgs.kind === "sqlite"
      ? openSqliteStore({ path: storeArgs.path, busyTimeoutMs: 10_000 })
      : openEtcdStore({ endpoints: storeArgs.endpoints, prefix: storeArgs.prefix });
  const store = await openStore();
  const barista = createCloudBarista({ store, clock, encryptionKey, leaseTtlMs, timeouts: { pendingSettleMs } });
  const outcome: ProcessRunOutcome = {
    operations: 0,
    succeeded: 0,
    errors: {},
    untyped: [],
    broken: [],
    duplicates: [],
    orphans: [],
    lost: [],
  };
  try {
    await registerFleet(barista, { endpoint: front.url });
    const conn = await barista.connection("seoul");
    await conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }],
    });
    await conn.keyPair.create({ name: "key" });

    const startAt = Date.now() + 2_500; // every child loaded and ready by then
    const children = Array.from({ length: options.processes }, (_, i) =>
      startChaosChild<ProcessChildReport>("processes/child", {
        store: storeArgs,
        endpoint: front.url,
        encryptionKeyHex: encryptionKey.toString("hex"),
        clockScale: scale,
        clockOriginMs,
        leaseTtlMs,
        pendingSettleMs,
        startAt,
        seed: options.seed * 100 + i + 1,
        rounds: options.rounds,
        names: options.names,
      } satisfies ProcessChildArgs),
    );
    for (const [i, child] of children.entries()) {
      const exit = await child.exited;
      const report = child.events.at(-1);
      if (exit.code !== 0 || report === undefined) {
        outcome.broken.push(`child ${i} (${exit.signal ?? exit.code}): ${child.stderr().slice(0, 1000)}`);
        continue;
      }
      outcome.operations += report.operations;
      outcome.succeeded += report.succeeded;
      outcome.untyped.push(...report.untyped);
      for (const [code, n] of Object.entries(report.errors)) outcome.errors[code] = (outcome.errors[code] ?? 0) + n;
    }

    // Settle what is pending (a create whose answer a sibling's lock or claim held up), then check.
    for (let i = 0; i < 6 && (await conn.reconcile()).pending.length > 0; i++) await clock.sleep(pendingSettleMs);
    const found = await checkCloud(conn, world.accountRegion({ provider: "MOCK", account, region: regions.seoul }));
    outcome.duplicates.push(...found.duplicates);
    outcome.orphans.push(...found.orphans);
    outcome.lost.push(...found.lost);
    return outcome;
  } finally {
    await barista.close();
    await store.close();
    await front.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runProcesses(options: PartOptions, reporter: Reporter): Promise<PartResult> {
  const started = Date.now();
  const names = ["a", "b", "c"];
  const runs: ProcessRunOptions[] = (["sqlite", "etcd"] as const).flatMap((store) =>
    options.quick
      ? [{ store, processes: 3, rounds: 15, names, seed: 1 }]
      : [1, 2, 3].map((seed) => ({ store, processes: 4, rounds: 40, names, seed })),
  );
  const totals = { operations: 0, succeeded: 0, duplicates: 0, orphans: 0, lost: 0, untyped: 0, broken: 0 };
  let failures = 0;
  let etcd: EtcdServer | undefined;
  try {
    for (const run of runs) {
      if (run.store === "etcd") etcd ??= await startEtcd();
      let o: ProcessRunOutcome;
      try {
        o = await processRun(run, etcd);
      } catch (error) {
        failures++;
        reporter.line({ part, ...run, broke: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        continue;
      }
      const bad = o.duplicates.length + o.orphans.length + o.lost.length + o.untyped.length + o.broken.length;
      if (bad > 0) failures++;
      totals.operations += o.operations;
      totals.succeeded += o.succeeded;
      totals.duplicates += o.duplicates.length;
      totals.orphans += o.orphans.length;
      totals.lost += o.lost.length;
      totals.untyped += o.untyped.length;
      totals.broken += o.broken.length;
      reporter.line({
        part,
        store: run.store,
        processes: run.processes,
        rounds: run.rounds,
        seed: run.seed,
        operations: o.operations,
        succeeded: o.succeeded,
        errors: o.errors,
        duplicates: o.duplicates.length,
        orphans: o.orphans.length,
        lost: o.lost.length,
        untyped: o.untyped.length,
        broken: o.broken.length,
        ...(bad > 0
          ? { details: [...o.duplicates, ...o.orphans, ...o.lost, ...o.untyped, ...o.broken].slice(0, 20) }
          : {}),
      });
    }
  } finally {
    await etcd?.dispose();
  }
  const result = { cases: runs.length, failures };
  reporter.line({ part, summary: true, runs: runs.length, ...totals, ...result, ms: Date.now() - started });
  return result;
}

export const processesPart: ChaosPart = {
  name: part,
  description:
    "processes sharing an SQLite file, and an etcd, creating and deleting the same names: 0 duplicates, 0 orphans",
  run: runProcesses,
};
