import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore, VirtualClock, createCloudBarista, noopLogger, openSqliteStore } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";
import type { CallContext } from "@cloud-barista/core/driver";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { median, report } from "./report.js";

// What the runtime costs per operation (validation, lock, IID lookup, retry wrapper, call-history
// record, result mapping) over calling driver-mock's handlers directly, in one process, on the same
// world. The cloud itself is instant here, so the ratio shows the runtime's own cost at its worst;
// against a real cloud's 50-500 ms per call it vanishes.

const iterations = 2_000;
const repeats = 5;

async function timePerOp(run: (i: number) => Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await run(i);
    samples.push(((performance.now() - started) * 1000) / iterations);
  }
  return median(samples);
}

async function setup(store: Store) {
  const clock = new VirtualClock();
  const world = new World({ clock, rateLimits: false, timing: { jitterRatio: 0 } });
  const driver = createMockDriver({ world, pageSize: 100 });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  barista.drivers.register(driver);
  await barista.credentials.add({ name: "c", provider: "MOCK", values: { mockName: "bench" } });
  await barista.regions.add({ name: "r", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
  await barista.connections.add({ name: "bench", driver: "mock", credential: "c", region: "r" });
  const conn = await barista.connection("bench");
  const vpc = await conn.vpc.create({
    name: "net",
    ipv4Cidr: "10.0.0.0/16",
    subnets: [{ name: "s", ipv4Cidr: "10.0.1.0/24" }],
  });

  // The baseline: the same driver, called directly with the thinnest possible CallContext.
  const direct = await driver.connect({
    connectionName: "direct",
    credential: { mockName: "bench" },
    region: "mock-seoul",
    zone: "mock-seoul-a",
    clock,
    logger: noopLogger,
  });
  const signal = new AbortController().signal;
  const ctx: CallContext = {
    abortSignal: signal,
    clock,
    logger: noopLogger,
    call: (_api, fn) => fn(signal),
    created: () => undefined,
    whenVisible: (_ids, fn) => fn(),
    waitUntil: () => Promise.reject(new Error("the direct path does not wait")),
    compensate: (operation) => operation(() => undefined),
  };
  const vpcIid = { nameId: "", systemId: vpc.iid.systemId };
  return { barista, conn, direct, ctx, vpcIid };
}

const round = (n: number): number => Math.round(n * 100) / 100;

function line(metric: string, value: number, baseline: number): void {
  report({
    bench: "runtime-overhead",
    metric,
    value: round(value),
    unit: "us/op",
    baseline: round(baseline),
    ratio: round(value / baseline),
  });
}

async function measure(storeName: string, store: Store): Promise<void> {
  const { barista, conn, direct, ctx, vpcIid } = await setup(store);
  const vpcHandler = direct.vpc;
  const sgHandler = direct.securityGroup;
  if (!vpcHandler || !sgHandler) throw new Error("driver-mock lacks a handler");

  const getDirect = await timePerOp(async () => {
    await vpcHandler.get(vpcIid, ctx);
  });
  const getRuntime = await timePerOp(async () => {
    await conn.vpc.get("net");
  });
  line(`vpc.get.${storeName}`, getRuntime, getDirect);

  const rules = [
    { direction: "inbound" as const, protocol: "TCP" as const, fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
  ];
  const cycleDirect = await timePerOp(async (i) => {
    const sg = await sgHandler.create({ name: `d-${i}`, vpcIID: vpcIid, rules }, ctx);
    await sgHandler.delete(sg.iid, ctx);
  });
  const cycleRuntime = await timePerOp(async (i) => {
    await conn.securityGroup.create({ name: `r-${i}`, vpcName: "net", rules });
    await conn.securityGroup.delete(`r-${i}`);
  });
  line(`securityGroup.create+delete.${storeName}`, cycleRuntime, cycleDirect);
  await barista.close();
}

export async function runtimeOverheadBench(): Promise<void> {
  await measure("memory-store", new MemoryStore());
  const dir = mkdtempSync(join(tmpdir(), "cb-bench-"));
  try {
    const store = await openSqliteStore({ path: join(dir, "bench.db") });
    await measure("sqlite-file", store);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
