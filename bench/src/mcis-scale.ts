import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { MemoryStore, createCloudBarista, scaledClock } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World } from "@cloud-barista/emulator";
import type { RateLimitRule, WorldTiming } from "@cloud-barista/emulator";
import { createMcisService } from "@cloud-barista/mcis";
import { median, report } from "./report.js";

// 1,000 VMs in one MCIS over 20 regions of the emulator, with realistic API latencies, a 40 s boot
// and a tight RunInstances rate limit, on a clock running `scale` times faster than real time.
//
// The namespace's default networks (shared by its MCIS) are made before the clock starts. Lower
// bound: per region, the RunInstances bucket admits the first `capacity` calls at once and one more
// every 1/refill s, each after the call's latency, and the last VM admitted still boots `vmBootMs`.
// So for n VMs in a region:
//   bound = RunInstances latency + max(0, n - capacity) / refill + vmBootMs,
// the slowest region's bound is the MCIS's, and divided by `scale` it is wall time. Everything else
// (catalog reads, checks of the shared network, status polling, the SDK's own CPU) is overhead
// measured against it.

const scale = 5;
const repeats = 3;
const vmCount = 1_000;
const regionCount = 20;
const timing: Partial<WorldTiming> = { vmBootMs: 40_000, jitterRatio: 0 };
const perApi: Record<string, number> = {
  RunInstances: 1_500,
  CreateVpc: 800,
  CreateSecurityGroup: 400,
  CreateKeyPair: 300,
  DescribeInstanceStatus: 150,
  DescribeInstances: 200,
  DescribeImages: 300,
  DescribeInstanceTypes: 300,
};
const latency = { baseMs: 100, jitterMs: 0, perApi };
const runInstances = { capacity: 20, refillPerSecond: 2 };
const rateLimits: RateLimitRule[] = [
  { name: "run-instances", api: /^RunInstances$/, bucket: "api", ...runInstances },
  { name: "reads", access: "read", bucket: "api", capacity: 100, refillPerSecond: 20 },
  { name: "mutating", bucket: "api", capacity: 200, refillPerSecond: 5 },
];

function lowerBoundClockMs(vmsPerRegion: number): number {
  const admit = (Math.max(0, vmsPerRegion - runInstances.capacity) / runInstances.refillPerSecond) * 1000;
  return (perApi.RunInstances ?? 0) + admit + (timing.vmBootMs ?? 0);
}

/** Heap in use after a full collection (the flag is set at run time, so `node` needs no option). */
function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The cloud's own cost: the same 1,000 VMs made by calling the world directly (no SDK) in a fresh
 * world, networks made beforehand (outside the measurement, like the SDK's key generation is not).
 */
async function worldOnly(regions: readonly string[]): Promise<{ cpuMsPerVm: number; bytesPerVm: number }> {
  const world = new World({ rateLimits: false, timing });
  const places = await Promise.all(
    regions.map(async (region) => {
      const cloud = world.accountRegion({ provider: "MOCK", account: "bench", region });
      const vpc = cloud.vpcs.create({
        name: "net",
        cidr: "10.0.0.0/16",
        subnets: [{ name: "s", cidr: "10.0.0.0/20" }],
      });
      const sg = cloud.securityGroups.create({ name: "sg", vpcId: vpc.id, rules: [] });
      const key = await cloud.keyPairs.create({ name: "key" });
      return { cloud, subnetId: vpc.subnets[0]?.id ?? "", sgId: sg.id, keyId: key.keyPair.id };
    }),
  );
  const heap = heapAfterGc();
  const cpu = process.cpuUsage();
  for (const [r, place] of places.entries()) {
    for (let i = 0; i < vmCount / regionCount; i++) {
      place.cloud.vms.run({
        name: `vm-${r}-${i}`,
        imageId: "mock-ubuntu-2404-amd64",
        specName: "mock-micro",
        subnetId: place.subnetId,
        securityGroupIds: [place.sgId],
        keyPairId: place.keyId,
        tags: { "cb-ns": "bench", "cb-mcis": "fleet", "cb-vm": `g-${i}` },
      });
    }
    place.cloud.vms.list();
  }
  const used = process.cpuUsage(cpu);
  const bytes = heapAfterGc() - heap;
  return { cpuMsPerVm: (used.user + used.system) / 1000 / vmCount, bytesPerVm: bytes / vmCount };
}

interface Run {
  wallMs: number;
  cpuMsPerVm: number;
  bytesPerVm: number;
}

/** One create of the whole MCIS in a fresh world and SDK instance. */
async function provisionOnce(): Promise<Run> {
  const clock = scaledClock(scale);
  const world = new World({ clock, timing, latency, rateLimits: { MOCK: rateLimits } });
  const regions = world
    .catalog("MOCK")
    .regions.slice(0, regionCount)
    .map((r) => r.name);
  if (regions.length < regionCount)
    throw new Error(`the MOCK catalog has ${regions.length} regions, the benchmark needs ${regionCount}`);
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({
    store,
    clock,
    encryptionKey: "0".repeat(64),
    history: { flushIntervalMs: 5_000 },
  });
  barista.drivers.register(createMockDriver({ world, pageSize: 100 }));
  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "bench" } });
  for (const region of regions) {
    await barista.regions.add({ name: region, provider: "MOCK", region });
    await barista.connections.add({ name: region, driver: "mock", credential: "cred", region });
  }
  const mcis = createMcisService({ barista, store, statusPollMs: 1_000 });
  // The namespace's shared network exists before the measurement: the emulator generates real RSA
  // keys, CPU a cloud would spend, not the SDK.
  await Promise.all(regions.map((region) => mcis.ensureDefaultNetwork("bench", region)));

  const heapBefore = heapAfterGc();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const info = await mcis.createDynamic({
    namespace: "bench",
    name: "fleet",
    subGroups: regions.map((region, i) => ({
      name: `g${i + 1}`,
      connection: region,
      spec: "mock-micro",
      image: "ubuntu 24.04",
      size: vmCount / regionCount,
    })),
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (info.statusCount.running !== vmCount) throw new Error(`only ${info.status}`);
  const bytesPerVm = (heapAfterGc() - heapBefore) / vmCount;
  await barista.close();
  await store.close();
  return { wallMs, cpuMsPerVm: (cpu.user + cpu.system) / 1000 / vmCount, bytesPerVm };
}

/**
 * Provisions 1,000 VMs over 20 regions three times (this machine is shared and noisy) and reports
 * the median wall time against the lower bound, and CPU and heap per VM against the world alone.
 */
export async function mcisScaleBench(): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await provisionOnce());
  const cloud = await worldOnly(defaultRegions());
  const boundMs = lowerBoundClockMs(vmCount / regionCount) / scale;
  const wallMs = median(runs.map((r) => r.wallMs));
  const cpuMsPerVm = median(runs.map((r) => r.cpuMsPerVm));
  const bytesPerVm = median(runs.map((r) => r.bytesPerVm));
  const bench = "mcis-scale";
  report({
    bench,
    metric: "create-1000-vms-20-regions.wall-vs-lower-bound",
    value: round(wallMs, 0),
    unit: "ms",
    baseline: round(boundMs, 0),
    ratio: round(wallMs / boundMs),
  });
  report({
    bench,
    metric: "create.cpu-per-vm.sdk-vs-world-alone",
    value: round(cpuMsPerVm, 3),
    unit: "ms/VM",
    baseline: round(cloud.cpuMsPerVm, 3),
    ratio: round(cpuMsPerVm / cloud.cpuMsPerVm),
  });
  report({
    bench,
    metric: "heap-per-tracked-vm.sdk-vs-world-alone",
    value: round(bytesPerVm / 1024, 1),
    unit: "KiB/VM",
    baseline: round(cloud.bytesPerVm / 1024, 1),
    ratio: round(bytesPerVm / cloud.bytesPerVm),
  });
}

function defaultRegions(): string[] {
  return new World()
    .catalog("MOCK")
    .regions.slice(0, regionCount)
    .map((r) => r.name);
}
